import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, formatBar } from './create-progress.js';
import { createStyle } from './create-style.js';
import { defineCommand, type ProgramDefinition } from './define-command.js';
import { runCli } from './run-cli.js';

function collect(): Writable & { text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  return Object.assign(stream, { text: () => chunks.join('') });
}

const program: ProgramDefinition = {
  name: 'venom',
  version: '0.0.0',
  summary: 'progress test',
  commands: [
    defineCommand({
      name: 'index',
      summary: 'index files',
      run(_input, context) {
        const progress = context.progress('indexing');
        progress.update('files', { done: 5, total: 10 });
        context.warn('one file skipped');
        progress.update('files', { done: 10, total: 10 });
        progress.done('indexed 10 files');
        return { indexed: 10 };
      },
      render: (result, output) => output.line(`indexed ${result.indexed}`),
    }),
    defineCommand({
      name: 'scan',
      summary: 'scan, forgetting to finish the spinner',
      run(_input, context) {
        context.progress('scanning').update('scanning src');
        return 'scanned';
      },
    }),
  ],
};

async function run(argv: string[], stderrIsTTY: boolean) {
  const stdout = collect();
  const stderr = collect();
  const exitCode = await runCli(program, {
    argv,
    env: { NO_COLOR: '1' },
    cwd: '/',
    stdin: new PassThrough(),
    stdout,
    stderr,
    signal: new AbortController().signal,
    stdoutIsTTY: false,
    stderrIsTTY,
  });
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

const clearLine = '\r\u001b[K';

describe('progress through runCli', () => {
  it('draws a bar on a TTY stderr, clears it around warnings and on done, and keeps stdout clean', async () => {
    const result = await run(['index'], true);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('indexed 10\n');
    expect(result.stderr).toContain(`${clearLine}[##########..........] 5/10 files`);
    expect(result.stderr).toContain(
      `${clearLine}warning: one file skipped\n${clearLine}[##########..........] 5/10 files`,
    );
    expect(result.stderr).toContain(`${clearLine}[####################] 10/10 files`);
    expect(result.stderr.endsWith(`${clearLine}✔ indexed 10 files\n`)).toBe(true);
  });

  it('draws nothing when stderr is not a TTY', async () => {
    const result = await run(['index'], false);
    expect(result).toEqual({ exitCode: 0, stdout: 'indexed 10\n', stderr: 'warning: one file skipped\n' });
  });

  it('prints one plain line at the end with --verbose when stderr is not a TTY', async () => {
    const result = await run(['index', '--verbose'], false);
    expect(result.stderr).toBe('warning: one file skipped\nindexing: indexed 10 files\n');
  });

  it('draws nothing with --quiet or --json, even on a TTY', async () => {
    expect((await run(['index', '--quiet'], true)).stderr).toBe('');
    const json = await run(['index', '--json'], true);
    expect(json.stderr).toBe('warning: one file skipped\n');
    expect(JSON.parse(json.stdout)).toEqual({ indexed: 10 });
  });

  it('clears a spinner the command left running', async () => {
    const result = await run(['scan'], true);
    expect(result.stdout).toBe('scanned\n');
    expect(result.stderr).toContain(clearLine);
    expect(result.stderr).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] scanning src/);
    expect(result.stderr.endsWith(clearLine)).toBe(true);
  });
});

describe('createProgress', () => {
  it('shows a spinner with a count, and a red failure line', () => {
    const stream = collect();
    const progress = createProgress('download', { stream, mode: 'tty', style: createStyle(false) });
    progress.update('download', { done: 3 });
    progress.fail('network down');
    expect(stream.text()).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] download \(3\)/);
    expect(stream.text().endsWith(`${clearLine}✖ network down\n`)).toBe(true);
    progress.update('after the end');
    expect(stream.text()).not.toContain('after the end');
  });

  it('draws nothing in off mode', () => {
    const stream = collect();
    const progress = createProgress('x', { stream, mode: 'off', style: createStyle(false) });
    progress.update('y', { done: 1, total: 2 });
    progress.done('z');
    expect(stream.text()).toBe('');
  });

  it('formats bars for partial, empty and overfull counts', () => {
    expect(formatBar('files', 0, 4)).toBe('[....................] 0/4 files');
    expect(formatBar('files', 1, 4)).toBe('[#####...............] 1/4 files');
    expect(formatBar('files', 9, 4)).toBe('[####################] 9/4 files');
  });
});
