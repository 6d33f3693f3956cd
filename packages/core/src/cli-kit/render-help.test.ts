import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createStyle } from './create-style.js';
import { defineCommand, type ProgramDefinition } from './define-command.js';
import { renderHelp } from './render-help.js';
import { runCli } from './run-cli.js';

const throwingInput = (): never => {
  throw new Error('input() must not be called for help');
};

const program: ProgramDefinition = {
  name: 'venom',
  version: '1.2.3',
  summary: 'AI terminal orchestrator',
  commands: [
    defineCommand({
      name: 'doctor',
      summary: 'check the environment',
      options: {
        fix: { type: 'boolean', short: 'f', description: 'repair what can be repaired' },
        format: { type: 'string', choices: ['text', 'table'], default: 'text', description: 'output format' },
        limit: { type: 'string', valueName: 'n', description: 'at most n checks' },
      },
      examples: ['venom doctor --fix'],
      input: throwingInput,
      run: () => 'ok',
    }),
    defineCommand({
      name: 'config get',
      summary: 'print a setting',
      positionals: [{ name: 'key', description: 'dotted key', required: true }],
      input: throwingInput,
      run: () => 'ok',
    }),
    defineCommand({
      name: 'config set',
      summary: 'change a setting',
      description: 'Writes the project config file.',
      positionals: [
        { name: 'key', description: 'dotted key', required: true },
        { name: 'values', description: 'new values', variadic: true },
      ],
      options: { tag: { type: 'string', multiple: true, description: 'a tag' } },
      input: throwingInput,
      run: () => 'ok',
    }),
  ],
};

describe('renderHelp', () => {
  it('lists commands grouped, global options and completion install lines at the top level', () => {
    const help = renderHelp(program);
    expect(help.split('\n')[0]).toBe('venom 1.2.3 - AI terminal orchestrator');
    expect(help).toContain('Usage:\n  venom <command> [options]\n');
    expect(help).toMatch(/Commands:\n {2}doctor +check the environment\n/);
    expect(help).toMatch(
      /\n\n {2}config get <key> +print a setting\n {2}config set <key> \[values\.\.\.\] +change a setting\n/,
    );
    expect(help).toMatch(/ {2}completion <shell> +print a shell completion script/);
    expect(help).toMatch(/ {2}-c, --set <key=value> +override a setting for this run \(repeatable\)/);
    expect(help).toMatch(/ {2}-V, --version +print the version/);
    expect(help).toContain('source <(venom completion bash)');
    expect(help).toContain('venom completion fish | source');
  });

  it('shows usage, arguments, options with value names, choices and defaults, and examples', () => {
    const doctor = renderHelp(program, ['doctor']);
    expect(doctor).toContain('Usage:\n  venom doctor [options]\n');
    expect(doctor).toMatch(/-f, --fix +repair what can be repaired\n/);
    expect(doctor).toMatch(/ {6}--format <value> +output format \(one of: text, table; default: text\)\n/);
    expect(doctor).toMatch(/ {6}--limit <n> +at most n checks\n/);
    expect(doctor).toContain('Examples:\n  venom doctor --fix\n');
    expect(doctor).toContain('Global options:');
    expect(doctor).not.toContain('--version');

    const set = renderHelp(program, ['config', 'set']);
    expect(set).toContain('venom config set <key> [values...] [options]');
    expect(set).toContain('Writes the project config file.');
    expect(set).toMatch(
      /Arguments:\n {2}\[values\.\.\.\] +new values \(optional\)|\n {2}<key> +dotted key\n/,
    );
    expect(set).toMatch(/--tag <value> +a tag \(repeatable\)/);
  });

  it('shows a group of subcommands', () => {
    const group = renderHelp(program, ['config']);
    expect(group).toContain('venom config <subcommand> [options]');
    expect(group).toMatch(
      /Subcommands:\n {2}get <key> +print a setting\n {2}set <key> \[values\.\.\.\] +change a setting\n/,
    );
  });

  it('throws a usage error with a suggestion for an unknown path', () => {
    expect(() => renderHelp(program, ['config', 'sett'])).toThrow("did you mean 'set'?");
  });

  it('styles headings and command names only when asked', () => {
    expect(renderHelp(program)).not.toContain('\u001b[');
    expect(renderHelp(program, [], createStyle(true))).toContain('\u001b[1mCommands:\u001b[22m');
  });

  it('works through runCli without calling the input schema', async () => {
    const chunks: string[] = [];
    const stdout = new Writable({
      write(chunk, _encoding, callback) {
        chunks.push(String(chunk));
        callback();
      },
    });
    const exitCode = await runCli(program, {
      argv: ['config', 'set', '--help'],
      env: {},
      cwd: '/',
      stdin: new PassThrough(),
      stdout,
      stderr: new PassThrough(),
      signal: new AbortController().signal,
    });
    expect(exitCode).toBe(0);
    expect(chunks.join('')).toBe(renderHelp(program, ['config', 'set']));
  });
});

describe('start-up cost', () => {
  it('imports zod only as a type in the kit', async () => {
    const folder = dirname(fileURLToPath(import.meta.url));
    const files = (await readdir(folder)).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
    );
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const source = await readFile(join(folder, file), 'utf8');
      for (const line of source.split('\n').filter((text) => /from 'zod'/.test(text))) {
        expect(line, file).toMatch(/^import type /);
      }
      expect(source.includes("import('zod')") ? file : '').toBe(file === 'run-cli.ts' ? 'run-cli.ts' : '');
    }
  });
});
