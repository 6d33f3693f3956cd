import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VenomError } from '../errors/index.js';
import { defineCommand, type ProgramDefinition } from './define-command.js';
import { INTERRUPTED_EXIT_CODE, runCli } from './run-cli.js';

interface CollectedStream extends Writable {
  text(): string;
  isTTY?: boolean;
}

function collect(isTTY = false): CollectedStream {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  }) as CollectedStream;
  stream.text = () => chunks.join('');
  if (isTTY) stream.isTTY = true;
  return stream;
}

interface RunOptions {
  env?: Record<string, string | undefined>;
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
  signal?: AbortSignal;
  cwd?: string;
}

async function run(program: ProgramDefinition, argv: string[], options: RunOptions = {}) {
  const stdout = collect();
  const stderr = collect();
  const exitCode = await runCli(program, {
    argv,
    env: options.env ?? {},
    cwd: options.cwd ?? tmpdir(),
    stdin: new PassThrough(),
    stdout,
    stderr,
    signal: options.signal ?? new AbortController().signal,
    stdoutIsTTY: options.stdoutIsTTY ?? false,
    stderrIsTTY: options.stderrIsTTY ?? false,
  });
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

const seen: { input?: unknown; globals?: unknown } = {};

const echo = defineCommand({
  name: 'echo',
  summary: 'print the arguments back',
  positionals: [{ name: 'words', description: 'what to print', variadic: true }],
  options: {
    'dry-run': { type: 'boolean', short: 'n', description: 'do nothing' },
    limit: { type: 'string', short: 'l', valueName: 'n', description: 'at most n', default: '10' },
    tag: { type: 'string', multiple: true, description: 'a tag' },
    format: { type: 'string', choices: ['text', 'table'], description: 'how to print' },
  },
  run(input, context) {
    seen.input = input;
    seen.globals = context.globals;
    return { echoed: input };
  },
  render(result, output) {
    output.line(`echoed ${JSON.stringify(result.echoed)}`);
  },
});

const configGet = defineCommand({
  name: 'config get',
  summary: 'print a setting',
  positionals: [{ name: 'key', description: 'the setting', required: true }],
  input: (z) => z.object({ key: z.string().regex(/^[a-z.]+$/, 'expected dotted lower-case words') }),
  run: (input) => ({ key: input.key, value: 42 }),
  render: (result, output) => output.line(`${result.key} = ${result.value}`),
});

const configSet = defineCommand({
  name: 'config set',
  summary: 'change a setting',
  positionals: [
    { name: 'key', description: 'the setting', required: true },
    { name: 'value', description: 'the new value', required: true },
  ],
  options: { count: { type: 'string', description: 'a number' } },
  input: (z) => z.object({ key: z.string(), value: z.string(), count: z.coerce.number().int().optional() }),
  run: (input) => input,
});

let failWith: unknown;
const fail = defineCommand({
  name: 'fail',
  summary: 'throw the configured error',
  run() {
    throw failWith;
  },
});

const check = defineCommand({
  name: 'check',
  summary: 'a negative answer',
  options: { broken: { type: 'boolean', description: 'report a failure' } },
  run: (input: { broken: boolean }) => ({ ok: !input.broken }),
  exitCode: (result) => (result.ok ? 0 : 1),
});

const program: ProgramDefinition = {
  name: 'venom',
  version: '1.2.3',
  summary: 'test program',
  commands: [echo, configGet, configSet, fail, check],
};

describe('runCli: parsing and dispatch', () => {
  it('dispatches to a command with positionals, defaults and camelCased flags', async () => {
    const result = await run(program, ['echo', 'a', 'b']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toBe('echoed {"words":["a","b"],"dryRun":false,"limit":"10","tag":[]}\n');
  });

  it('accepts --flag=value, short flags, repeated flags and global flags anywhere', async () => {
    const result = await run(program, [
      '-q',
      'echo',
      '--limit=5',
      'x',
      '-n',
      '--tag',
      'one',
      '--tag=two',
      '--json',
      '-c',
      'models.default=local',
      '--set',
      'a.b=c=d',
      '--',
      '--literal',
    ]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      echoed: { words: ['x', '--literal'], dryRun: true, limit: '5', tag: ['one', 'two'] },
    });
    expect(seen.globals).toEqual({
      json: true,
      verbose: false,
      quiet: true,
      color: false,
      settings: { 'models.default': 'local', 'a.b': 'c=d' },
    });
  });

  it('takes the value after a short string flag (-l 3)', async () => {
    await run(program, ['echo', '-l', '3', 'word']);
    expect(seen.input).toMatchObject({ limit: '3', words: ['word'] });
  });

  it('dispatches subcommands and validates their input with zod', async () => {
    const result = await run(program, ['config', 'get', 'models.default']);
    expect(result).toEqual({ exitCode: 0, stdout: 'models.default = 42\n', stderr: '' });
    const set = await run(program, ['config', 'set', 'k', 'v', '--count', '3', '--json']);
    expect(JSON.parse(set.stdout)).toEqual({ key: 'k', value: 'v', count: 3 });
  });

  it('names the argument and the problem when zod rejects the input', async () => {
    const result = await run(program, ['config', 'get', 'NOT_OK']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('venom: invalid <key>: expected dotted lower-case words');
    expect(result.stderr).toContain("hint: run 'venom config get --help'");
    const set = await run(program, ['config', 'set', 'k', 'v', '--count', 'ten']);
    expect(set.exitCode).toBe(2);
    expect(set.stderr.split('\n')[0]).toMatch(/^venom: invalid --count: .*number/i);
  });

  it('suggests the closest command for a typo', async () => {
    const result = await run(program, ['ecko', 'hi']);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "venom: unknown command 'ecko'; did you mean 'echo'?\n  hint: run 'venom --help'\n",
    );
  });

  it('suggests the closest subcommand for a typo', async () => {
    const result = await run(program, ['config', 'gte', 'a']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("unknown subcommand 'gte' for 'config'; did you mean 'get'?");
    expect(result.stderr).toContain("run 'venom config --help'");
  });

  it('suggests the closest flag for a typo', async () => {
    const result = await run(program, ['echo', '--lmit', '3']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("unknown option '--lmit' for 'venom echo'; did you mean '--limit'?");
    expect(result.stderr).toContain("hint: run 'venom echo --help'");
  });

  it('rejects unknown short flags, missing values and values a boolean does not take', async () => {
    expect((await run(program, ['echo', '-z'])).stderr).toContain("unknown option '-z'");
    expect((await run(program, ['echo', '--limit'])).stderr).toContain("option '--limit' needs a value");
    expect((await run(program, ['echo', '--limit', '-n'])).stderr).toContain("'--limit' needs a value");
    expect((await run(program, ['echo', '--dry-run=yes'])).stderr).toContain(
      "'--dry-run' does not take a value",
    );
    expect((await run(program, ['echo', '-c', 'novalue'])).stderr).toContain('expects key=value');
  });

  it('rejects a value outside the choices with a suggestion', async () => {
    const result = await run(program, ['echo', '--format', 'tabel']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      "invalid value 'tabel' for --format; expected one of: text, table (did you mean 'table'?)",
    );
  });

  it('reports a missing required argument and an unexpected one', async () => {
    const missing = await run(program, ['config', 'set', 'k']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('missing required argument <value>');
    const extra = await run(program, ['check', 'surprise']);
    expect(extra.exitCode).toBe(2);
    expect(extra.stderr).toContain("'venom check' takes no arguments, got 'surprise'");
  });

  it('asks for a subcommand when a group is given alone, and shows its help with --help', async () => {
    const alone = await run(program, ['config']);
    expect(alone).toMatchObject({ exitCode: 2, stdout: '' });
    expect(alone.stderr).toContain('missing subcommand; one of: get, set');
    const help = await run(program, ['config', '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('venom config <subcommand> [options]');
  });

  it('prints the version, and top-level help when run without arguments', async () => {
    expect(await run(program, ['--version'])).toEqual({ exitCode: 0, stdout: 'venom 1.2.3\n', stderr: '' });
    expect((await run(program, ['-V'])).stdout).toBe('venom 1.2.3\n');
    const bare = await run(program, []);
    expect(bare.exitCode).toBe(0);
    expect(bare.stdout).toContain('Usage:\n  venom <command> [options]');
    expect((await run(program, ['echo', '--version'])).exitCode).toBe(2);
  });

  it('prints command help for --help, -h and the help command', async () => {
    const long = await run(program, ['config', 'get', '--help']);
    expect(long.exitCode).toBe(0);
    expect(long.stdout).toContain('venom config get <key> [options]');
    expect((await run(program, ['-h', 'config', 'get'])).stdout).toBe(long.stdout);
    expect((await run(program, ['help', 'config', 'get'])).stdout).toBe(long.stdout);
    const typo = await run(program, ['help', 'confg']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain("did you mean 'config'?");
  });
});

describe('runCli: results and errors', () => {
  it('prints one JSON document for a result with --json and uses the result exit code', async () => {
    const failed = await run(program, ['check', '--broken', '--json']);
    expect(failed.exitCode).toBe(1);
    expect(JSON.parse(failed.stdout)).toEqual({ ok: false });
    expect(failed.stdout.trim().split('\n')).toHaveLength(1);
    expect((await run(program, ['check'])).exitCode).toBe(0);
  });

  it('uses a numeric exitCode property of the result when the command has no exitCode()', async () => {
    const numbered: ProgramDefinition = {
      ...program,
      commands: [defineCommand({ name: 'tests', summary: 's', run: () => ({ exitCode: 1, failed: 3 }) })],
    };
    const result = await run(numbered, ['tests']);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ exitCode: 1, failed: 3 });
  });

  it('prints no result document for a command that streams its own output', async () => {
    const streaming: ProgramDefinition = {
      ...program,
      commands: [
        defineCommand({
          name: 'tail',
          summary: 's',
          streams: true,
          run: (_input, context) => {
            context.stdout.write('{"id":1}\n{"id":2}\n');
            return { printed: 2 };
          },
        }),
      ],
    };
    const result = await run(streaming, ['tail', '--json']);
    expect(result).toEqual({ exitCode: 0, stdout: '{"id":1}\n{"id":2}\n', stderr: '' });
  });

  it.each([
    ['usage', 2],
    ['environment', 3],
    ['upstream', 4],
    ['internal', 70],
  ] as const)('prints a %s VenomError with its hint and exits %i', async (category, exitCode) => {
    failWith = new VenomError({ code: 'X_FAILED', category, message: 'x went wrong', hint: 'do y' });
    const result = await run(program, ['fail']);
    expect(result).toEqual({ exitCode, stdout: '', stderr: 'venom: x went wrong\n  hint: do y\n' });
  });

  it('prints a VenomError as one JSON document on stdout with --json', async () => {
    failWith = new VenomError({
      code: 'PROVIDER_DOWN',
      category: 'upstream',
      message: 'provider unreachable',
      hint: 'retry later',
      details: { provider: 'openai' },
    });
    const result = await run(program, ['fail', '--json']);
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'PROVIDER_DOWN',
        category: 'upstream',
        message: 'provider unreachable',
        hint: 'retry later',
        details: { provider: 'openai' },
      },
    });
  });

  it('prints usage errors as JSON too with --json', async () => {
    const result = await run(program, ['--json', 'ecko']);
    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'UNKNOWN_COMMAND', category: 'usage' });
  });

  it('wraps an unexpected error as internal (70) and shows the stack only with --verbose', async () => {
    failWith = new TypeError('cannot read x');
    const quiet = await run(program, ['fail']);
    expect(quiet.exitCode).toBe(70);
    expect(quiet.stderr).toContain('venom: unexpected error: cannot read x');
    expect(quiet.stderr).not.toContain('at ');
    const verbose = await run(program, ['fail', '-v']);
    expect(verbose.exitCode).toBe(70);
    expect(verbose.stderr).toContain('TypeError: cannot read x');
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  it('redacts secrets that a command puts in an error message', async () => {
    const key = 'sk-ant-api03-AAAAbbbbCCCCdddd1234567890';
    failWith = new VenomError({ code: 'BAD', category: 'upstream', message: `provider rejected ${key}` });
    const human = await run(program, ['fail']);
    const json = await run(program, ['fail', '--json']);
    expect(human.stderr + json.stdout).not.toContain(key);
    expect(human.stderr).toContain('provider rejected');
  });

  it('reads and writes files in a real temp dir through the given cwd', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'cli-kit-'));
    try {
      await writeFile(join(directory, 'in.txt'), 'hello');
      const copy: ProgramDefinition = {
        ...program,
        commands: [
          defineCommand({
            name: 'copy',
            summary: 'copy a file',
            positionals: [
              { name: 'from', description: 'source', required: true },
              { name: 'to', description: 'target', required: true },
            ],
            async run(input: { from: string; to: string }, context) {
              const text = await readFile(join(context.cwd, input.from), 'utf8');
              await writeFile(join(context.cwd, input.to), text);
              return { bytes: text.length };
            },
          }),
        ],
      };
      const result = await run(copy, ['copy', 'in.txt', 'out.txt'], { cwd: directory });
      expect(result.exitCode).toBe(0);
      expect(await readFile(join(directory, 'out.txt'), 'utf8')).toBe('hello');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('runCli: secrets on the command line', () => {
  const key = 'sk-proj-Zx81kPq2LmN0vB7cD4eF6gH9jK3';
  const cases: [string, string[]][] = [
    ['a secret-named flag with a separate value', ['echo', '--api-key', 'hunter2hunter2']],
    ['a secret-named flag with an inline value', ['echo', '--token=hunter2hunter2']],
    ['a secret-looking positional', ['echo', key]],
    ['a secret-looking flag value', ['echo', '--limit', key]],
    ['a secret-looking value after --', ['echo', '--', key]],
    ['a secret-named setting', ['echo', '-c', 'providers.openai.api_key=hunter2hunter2']],
  ];

  it.each(cases)('refuses %s and never echoes the value', async (_label, argv) => {
    const value = argv.at(-1)?.split('=').at(-1) ?? '';
    for (const json of [false, true]) {
      const result = await run(program, json ? ['--json', ...argv] : argv);
      expect(result.exitCode).toBe(2);
      const everything = result.stdout + result.stderr;
      expect(everything).not.toContain(value);
      expect(everything).toContain('secrets are never taken from flags or arguments');
      expect(everything).toContain('venom auth set <provider>');
      if (json) expect(JSON.parse(result.stdout).error.code).toBe('SECRET_ON_COMMAND_LINE');
    }
    expect(seen.input).not.toEqual(expect.objectContaining({ words: [value] }));
  });

  it('refuses before the command runs, even with a typo in the command', async () => {
    seen.input = undefined;
    const result = await run(program, ['ecko', '--password', 'x']);
    expect(result.stderr).toContain('refusing --password: secrets are never taken');
    expect(result.stderr).toContain('printf %s "$KEY" | venom auth set <provider>');
    expect(seen.input).toBeUndefined();
  });

  it('lets ordinary words through', async () => {
    const result = await run(program, ['echo', 'sk-learn', 'max-tokens', '--tag', 'task-list']);
    expect(result.exitCode).toBe(0);
  });
});

describe('runCli: Ctrl-C', () => {
  const waiting = (started: () => void): ProgramDefinition => ({
    ...program,
    commands: [
      defineCommand({
        name: 'wait',
        summary: 'wait until aborted',
        run: (_input, context) =>
          new Promise((_resolve, reject) => {
            context.signal.addEventListener('abort', () => reject(context.signal.reason));
            started();
          }),
      }),
    ],
  });

  it('returns 130 and says interrupted when the signal aborts a running command', async () => {
    const controller = new AbortController();
    const result = await run(
      waiting(() => controller.abort()),
      ['wait'],
      { signal: controller.signal },
    );
    expect(result).toEqual({ exitCode: INTERRUPTED_EXIT_CODE, stdout: '', stderr: 'interrupted\n' });
  });

  it('lets a command that handles the abort print what it kept', async () => {
    const controller = new AbortController();
    const handling: ProgramDefinition = {
      ...program,
      commands: [
        defineCommand({
          name: 'index',
          summary: 'index files until aborted',
          run: (_input, context) =>
            new Promise<string>((resolve) => {
              context.signal.addEventListener('abort', () => resolve('stopped; kept 3 files'));
              controller.abort();
            }),
        }),
      ],
    };
    const result = await run(handling, ['index'], { signal: controller.signal });
    expect(result).toEqual({ exitCode: 130, stdout: 'stopped; kept 3 files\n', stderr: '' });
  });

  it('does not start a command when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    let started = false;
    const result = await run(
      waiting(() => {
        started = true;
      }),
      ['wait', '--json'],
      { signal: controller.signal },
    );
    expect(result.exitCode).toBe(130);
    expect(started).toBe(false);
    expect(JSON.parse(result.stdout).error.code).toBe('INTERRUPTED');
  });
});

describe('runCli: warnings, quiet and colour', () => {
  const noisy: ProgramDefinition = {
    ...program,
    commands: [
      defineCommand({
        name: 'noisy',
        summary: 'warns',
        run(_input, context) {
          context.warn('cache is stale');
          context.output.line(context.output.style.green('done'));
          return undefined;
        },
      }),
    ],
  };

  beforeEach(() => {
    seen.input = undefined;
  });
  afterEach(() => {
    failWith = undefined;
  });

  it('prints warnings on stderr, and drops them with --quiet while keeping results', async () => {
    expect(await run(noisy, ['noisy'])).toEqual({
      exitCode: 0,
      stdout: 'done\n',
      stderr: 'warning: cache is stale\n',
    });
    expect(await run(noisy, ['noisy', '--quiet'])).toEqual({ exitCode: 0, stdout: 'done\n', stderr: '' });
  });

  it('colours stdout on a TTY unless NO_COLOR or --no-color, and forces it with FORCE_COLOR', async () => {
    const green = '\u001b[32mdone\u001b[39m\n';
    expect((await run(noisy, ['noisy'], { stdoutIsTTY: true })).stdout).toBe(green);
    expect((await run(noisy, ['noisy'], { stdoutIsTTY: true, env: { NO_COLOR: '1' } })).stdout).toBe(
      'done\n',
    );
    expect((await run(noisy, ['noisy', '--no-color'], { stdoutIsTTY: true })).stdout).toBe('done\n');
    expect((await run(noisy, ['noisy'], { stdoutIsTTY: false })).stdout).toBe('done\n');
    expect((await run(noisy, ['noisy'], { stdoutIsTTY: false, env: { FORCE_COLOR: '1' } })).stdout).toBe(
      green,
    );
  });

  it('writes nothing through output in --json mode except the result document', async () => {
    const result = await run(noisy, ['noisy', '--json']);
    expect(result.stdout).toBe('null\n');
  });

  it('renders tables with aligned columns and a bold header only on a colour stdout', async () => {
    const listing: ProgramDefinition = {
      ...program,
      commands: [
        defineCommand({
          name: 'models',
          summary: 'list models',
          run: () => [
            ['local', 'free'],
            ['claude-sonnet', '$3.00'],
          ],
          render: (rows, output) => output.table(rows, { header: ['MODEL', 'PRICE'] }),
        }),
      ],
    };
    const plain = await run(listing, ['models']);
    expect(plain.stdout).toBe('MODEL          PRICE\nlocal          free\nclaude-sonnet  $3.00\n');
    const coloured = await run(listing, ['models'], { stdoutIsTTY: true });
    expect(coloured.stdout.split('\n')[0]).toBe('\u001b[1mMODEL\u001b[22m          \u001b[1mPRICE\u001b[22m');
  });
});

describe('runCli: broken definitions', () => {
  it('reports a command flag that clashes with a global one as an internal error (70)', async () => {
    const clashing: ProgramDefinition = {
      ...program,
      commands: [
        defineCommand({
          name: 'bad',
          summary: 'clashes with -v',
          options: { values: { type: 'boolean', short: 'v', description: 'x' } },
          run: () => 'never',
        }),
      ],
    };
    const result = await run(clashing, ['bad']);
    expect(result.exitCode).toBe(70);
    expect(result.stderr).toContain('clashes with a global flag');
  });
});
