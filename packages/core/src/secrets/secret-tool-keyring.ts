import { VenomError } from '../errors/index.js';
import { redactText } from '../logging/index.js';
import { type CommandOutput, findExecutable, runCommand } from '../process/index.js';

/** The OS keyring as the store sees it. Secrets travel on stdin/stdout only, never on a command line. */
export interface Keyring {
  available(): Promise<boolean>;
  lookup(name: string): Promise<string | undefined>;
  store(name: string, value: string): Promise<void>;
  /** True when an item was removed. */
  clear(name: string): Promise<boolean>;
  names(): Promise<string[]>;
  /** Where `store` puts things, for messages: `Secret Service (secret-tool), service "venom"`. */
  readonly location: string;
}

export interface SecretToolKeyringOptions {
  tool: string;
  env: Record<string, string | undefined>;
  /** Kill a `secret-tool` call after this long; a desktop unlock prompt can take a while. Default 120 000 ms. */
  timeoutMs?: number;
  /** Kill the availability probe after this long. Default 5 000 ms. */
  probeTimeoutMs?: number;
}

/**
 * The freedesktop Secret Service (GNOME Keyring, KWallet) through `secret-tool` from libsecret-tools.
 * Items carry the attributes `service=<tool>` and `account=<name>`. Available only when `secret-tool`
 * is on `env.PATH`, `DBUS_SESSION_BUS_ADDRESS` is set, and a search succeeds.
 */
export function secretToolKeyring(options: SecretToolKeyringOptions): Keyring {
  const executable = findExecutable('secret-tool', options.env);
  const timeoutMs = options.timeoutMs ?? 120_000;
  let availability: Promise<boolean> | undefined;

  const run = (args: readonly string[], input?: string, timeout = timeoutMs): Promise<CommandOutput> => {
    if (executable === undefined) throw new Error('secret-tool is not on PATH');
    return runCommand(executable, args, { env: options.env, timeoutMs: timeout, input });
  };
  const attributes = (name: string): string[] => ['service', options.tool, 'account', name];
  const failure = (action: string, output: CommandOutput): VenomError =>
    new VenomError({
      code: 'KEYRING_FAILED',
      category: 'environment',
      message: `the OS keyring could not ${action}: ${describe(output)}`,
      hint: 'Unlock the keyring (log in to the desktop session), or turn the keyring off to use the credentials file.',
      details: { exitCode: output.exitCode ?? null, timedOut: output.timedOut },
    });

  return {
    location: `Secret Service (secret-tool), service ${JSON.stringify(options.tool)}`,
    available(): Promise<boolean> {
      availability ??= probe();
      return availability;
    },
    async lookup(name) {
      const output = await run(['lookup', ...attributes(name)]);
      if (output.exitCode === 0) return output.stdout;
      if (output.exitCode === 1 && output.stderr.trim() === '') return undefined;
      throw failure(`look up ${JSON.stringify(name)}`, output);
    },
    async store(name, value) {
      const output = await run(['store', `--label=${options.tool}: ${name}`, ...attributes(name)], value);
      if (output.exitCode !== 0) throw failure(`store ${JSON.stringify(name)}`, output);
    },
    async clear(name) {
      const output = await run(['clear', ...attributes(name)]);
      if (output.exitCode === 0) return true;
      if (output.exitCode === 1 && output.stderr.trim() === '') return false;
      throw failure(`remove ${JSON.stringify(name)}`, output);
    },
    async names() {
      // `search` prints each secret on stdout and the attributes on stderr: read only stderr.
      const output = await run(['search', '--all', 'service', options.tool]);
      if (output.exitCode !== 0) throw failure('list its items', output);
      const found = new Set<string>();
      for (const line of output.stderr.split('\n')) {
        const match = /^attribute\.account = (.*)$/.exec(line);
        if (match?.[1] !== undefined) found.add(match[1]);
      }
      return [...found].sort();
    },
  };

  async function probe(): Promise<boolean> {
    if (executable === undefined || !options.env.DBUS_SESSION_BUS_ADDRESS) return false;
    try {
      const output = await run(
        ['search', 'service', options.tool, 'account', `${options.tool}-keyring-probe`],
        undefined,
        options.probeTimeoutMs ?? 5_000,
      );
      return output.exitCode === 0 && !output.timedOut;
    } catch {
      // Could not start secret-tool at all: the keyring is unavailable, which the caller handles by
      // using the credentials file.
      return false;
    }
  }
}

function describe(output: CommandOutput): string {
  if (output.timedOut) return 'secret-tool did not answer in time';
  const firstLine = output.stderr.trim().split('\n')[0] ?? '';
  const reason = firstLine === '' ? `secret-tool exited with ${output.exitCode ?? output.signal}` : firstLine;
  return redactText(reason.slice(0, 300));
}
