import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionScript } from './completion-script.js';
import { defineCommand, type ProgramDefinition } from './define-command.js';
import { runCli } from './run-cli.js';

const run = promisify(execFile);

const program: ProgramDefinition = {
  name: 'venom',
  version: '1.2.3',
  summary: 'completion test',
  commands: [
    defineCommand({
      name: 'doctor',
      summary: 'check the environment',
      options: {
        fix: { type: 'boolean', short: 'f', description: 'repair' },
        format: { type: 'string', short: 'F', choices: ['text', 'table'], description: 'output format' },
      },
      run: () => 'ok',
    }),
    defineCommand({
      name: 'config get',
      summary: 'print a setting',
      positionals: [{ name: 'scope', description: 'where', choices: ['user', 'project'] }],
      run: () => 'ok',
    }),
    defineCommand({ name: 'config set', summary: 'change a setting', run: () => 'ok' }),
  ],
};

let directory = '';
let scriptPath = '';

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'cli-kit-completion-'));
  scriptPath = join(directory, 'venom.bash');
  await writeFile(scriptPath, completionScript(program, 'bash'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Completes `line` (the cursor at its end) in a real bash with the script sourced. */
async function complete(line: string): Promise<string[]> {
  const driver = `source "$1"
complete -p venom >/dev/null || exit 9
read -r -a COMP_WORDS <<<"$2"
[[ "$2" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
COMP_LINE="$2"; COMP_POINT=\${#2}
"$(complete -p venom | sed -E 's/.*-F ([^ ]+) .*/\\1/')"
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const { stdout } = await run('bash', ['--norc', '--noprofile', '-c', driver, 'bash', scriptPath, line]);
  return stdout.split('\n').filter((word) => word !== '');
}

describe('bash completion', () => {
  it('is valid bash', async () => {
    await expect(run('bash', ['-n', scriptPath])).resolves.toBeDefined();
  });

  it('completes top-level commands, including the built-in ones', async () => {
    expect(await complete('venom ')).toEqual(['doctor', 'config', 'help', 'completion']);
    expect(await complete('venom co')).toEqual(['config', 'completion']);
  });

  it('completes subcommands after a group, skipping global flags and their values', async () => {
    expect(await complete('venom config ')).toEqual(['get', 'set']);
    expect(await complete('venom -c a=b --json config s')).toEqual(['set']);
  });

  it('completes flags and the choices of a flag value', async () => {
    expect(await complete('venom doctor --f')).toEqual(['--fix', '--format']);
    expect(await complete('venom doctor --format ')).toEqual(['text', 'table']);
    expect(await complete('venom doctor -F t')).toEqual(['text', 'table']);
    expect(await complete('venom --ver')).toEqual(['--verbose', '--version']);
  });

  it('completes positional choices', async () => {
    expect(await complete('venom completion ')).toEqual(['bash', 'zsh', 'fish']);
    expect(await complete('venom config get p')).toEqual(['project']);
    expect(await complete('venom help co')).toEqual(['config', 'completion']);
  });
});

describe('zsh and fish completion', () => {
  it('registers a zsh completion function that shares the command table', () => {
    const script = completionScript(program, 'zsh');
    expect(script.startsWith('#compdef venom\n')).toBe(true);
    expect(script).toContain('compdef _venom_complete venom');
    expect(script).toContain("'config') echo 'get set' ;;");
  });

  it('registers a fish completion function with the command table', () => {
    const script = completionScript(program, 'fish');
    expect(script).toContain("complete -c venom -f -a '(__venom_complete)'");
    expect(script).toContain("case 'config'\n      printf '%s\\n' 'get' 'set'");
    expect(script).toContain("case 'doctor|--format'\n      printf '%s\\n' 'text' 'table'");
  });

  it('is printed by the built-in completion command', async () => {
    const chunks: string[] = [];
    const stdout = new Writable({
      write(chunk, _encoding, callback) {
        chunks.push(String(chunk));
        callback();
      },
    });
    const exitCode = await runCli(program, {
      argv: ['completion', 'fish'],
      env: {},
      cwd: '/',
      stdin: new PassThrough(),
      stdout,
      stderr: new PassThrough(),
      signal: new AbortController().signal,
    });
    expect(exitCode).toBe(0);
    expect(chunks.join('')).toBe(completionScript(program, 'fish'));
  });
});
