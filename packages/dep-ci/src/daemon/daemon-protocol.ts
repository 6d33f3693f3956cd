/**
 * The daemon's wire format: line-based text, so that a POSIX shell script can speak it with
 * `printf` and `read` (bin/dep-ci; see docs/decisions/2026-11-21-dep-ci-daemon.md).
 *
 * Request (one per connection), lines ending in `\n`:
 *
 *     dep-ci 1 cli | status | stop
 *     <cwd>                          (cli only, from here on)
 *     <stdout is a TTY 0|1> <stderr is a TTY 0|1>
 *     <NO_COLOR: 0 when unset, else 1 followed by the value>
 *     <FORCE_COLOR: same>
 *     <TERM: same>
 *     <argument count>
 *     <one argument per line>
 *
 * Reply: `dep-ci 1 <exit code> <n>\n`, then n lines for stderr, then stdout's bytes until the
 * connection closes; or `dep-ci 1 fallback <reason>\n` (run the Node CLI instead), or
 * `dep-ci 1 error <reason>\n` for a request that is not one.
 */

/** Magic and version at the start of every request and reply. */
export const PROTOCOL_PREFIX = 'dep-ci 1';

/** Longest request accepted. */
export const MAXIMUM_REQUEST_BYTES = 1024 * 1024;

/** A CLI invocation forwarded by a client. */
export interface CliRequest {
  cwd: string;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The variables that change what the CLI prints (colour). */
  env: Record<string, string>;
  argv: string[];
}

/** A parsed request. */
export type DaemonRequest = { verb: 'cli'; cli: CliRequest } | { verb: 'status' } | { verb: 'stop' };

/** What {@link parseRequest} makes of the bytes received so far. */
export type ParsedRequest =
  | { kind: 'incomplete' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'request'; request: DaemonRequest };

const ENV_NAMES = ['NO_COLOR', 'FORCE_COLOR', 'TERM'] as const;

/** Parses a request from the text received so far. */
export function parseRequest(text: string): ParsedRequest {
  if (text.length > MAXIMUM_REQUEST_BYTES) return { kind: 'invalid', reason: 'request-too-long' };
  const lines = text.split('\n');
  // The last element is what follows the last newline: an incomplete line.
  const complete = lines.length - 1;
  if (complete < 1) {
    // Wait for the header line only while what came so far can still become one.
    return text.length < 32 && PROTOCOL_PREFIX.startsWith(text.slice(0, PROTOCOL_PREFIX.length))
      ? { kind: 'incomplete' }
      : { kind: 'invalid', reason: 'not-a-request' };
  }
  const header = lines[0] as string;
  if (header === `${PROTOCOL_PREFIX} status`) return { kind: 'request', request: { verb: 'status' } };
  if (header === `${PROTOCOL_PREFIX} stop`) return { kind: 'request', request: { verb: 'stop' } };
  if (header !== `${PROTOCOL_PREFIX} cli`) return { kind: 'invalid', reason: 'not-a-request' };
  if (complete < 7) return { kind: 'incomplete' };
  const cwd = lines[1] as string;
  const ttys = /^([01]) ([01])$/.exec(lines[2] as string);
  if (!cwd.startsWith('/') || ttys === null) return { kind: 'invalid', reason: 'bad-header' };
  const env: Record<string, string> = {};
  for (const [offset, name] of ENV_NAMES.entries()) {
    const value = lines[3 + offset] as string;
    if (value.startsWith('1')) env[name] = value.slice(1);
    else if (value !== '0') return { kind: 'invalid', reason: 'bad-header' };
  }
  const countText = lines[6] as string;
  if (!/^\d{1,5}$/.test(countText)) return { kind: 'invalid', reason: 'bad-header' };
  const count = Number(countText);
  if (complete < 7 + count) return { kind: 'incomplete' };
  return {
    kind: 'request',
    request: {
      verb: 'cli',
      cli: {
        cwd,
        stdoutIsTTY: ttys[1] === '1',
        stderrIsTTY: ttys[2] === '1',
        env,
        argv: lines.slice(7, 7 + count),
      },
    },
  };
}

/** Encodes a request (the Node client and tests; bin/dep-ci writes the same with printf). */
export function encodeRequest(request: DaemonRequest): string {
  if (request.verb !== 'cli') return `${PROTOCOL_PREFIX} ${request.verb}\n`;
  const { cli } = request;
  const env = ENV_NAMES.map((name) => (cli.env[name] === undefined ? '0' : `1${cli.env[name]}`));
  return [
    `${PROTOCOL_PREFIX} cli`,
    cli.cwd,
    `${cli.stdoutIsTTY ? 1 : 0} ${cli.stderrIsTTY ? 1 : 0}`,
    ...env,
    String(cli.argv.length),
    ...cli.argv,
    '',
  ].join('\n');
}

/** A CLI run's outcome as the client prints it. */
export interface CliReply {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

/** Encodes a CLI run's outcome. stderr is sent as whole lines (a missing final newline is added). */
export function encodeReply(reply: CliReply): Buffer {
  const stderr = reply.stderr === '' || reply.stderr.endsWith('\n') ? reply.stderr : `${reply.stderr}\n`;
  const lineCount = stderr === '' ? 0 : stderr.split('\n').length - 1;
  return Buffer.concat([
    Buffer.from(`${PROTOCOL_PREFIX} ${reply.exitCode} ${lineCount}\n${stderr}`),
    reply.stdout,
  ]);
}

/** The reply that tells a client to run the Node CLI itself. */
export function encodeFallback(reason: string): Buffer {
  return Buffer.from(`${PROTOCOL_PREFIX} fallback ${reason}\n`);
}

/** The reply to bytes that are not a request. */
export function encodeInvalid(reason: string): Buffer {
  return Buffer.from(`${PROTOCOL_PREFIX} error ${reason}\n`);
}

/** A decoded reply. */
export type DecodedReply =
  | { kind: 'reply'; reply: CliReply }
  | { kind: 'fallback'; reason: string }
  | { kind: 'error'; reason: string };

/** Decodes a whole reply (the connection has closed); undefined when it is not one. */
export function decodeReply(buffer: Buffer): DecodedReply | undefined {
  const newline = buffer.indexOf(10);
  if (newline < 0) return undefined;
  const header = buffer.subarray(0, newline).toString('utf8');
  if (!header.startsWith(`${PROTOCOL_PREFIX} `)) return undefined;
  const [word, count] = header.slice(PROTOCOL_PREFIX.length + 1).split(' ');
  if (word === 'fallback') return { kind: 'fallback', reason: count ?? '' };
  if (word === 'error') return { kind: 'error', reason: count ?? '' };
  if (word === undefined || count === undefined || !/^\d+$/.test(word) || !/^\d+$/.test(count))
    return undefined;
  let offset = newline + 1;
  for (let line = 0; line < Number(count); line++) {
    const next = buffer.indexOf(10, offset);
    if (next < 0) return undefined;
    offset = next + 1;
  }
  return {
    kind: 'reply',
    reply: {
      exitCode: Number(word),
      stderr: buffer.subarray(newline + 1, offset).toString('utf8'),
      stdout: buffer.subarray(offset),
    },
  };
}
