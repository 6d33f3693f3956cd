import { existsSync } from 'node:fs';
import {
  type CommandContext,
  createEventLog,
  describeRedisUrl,
  type EventLog,
  findExecutable,
  type LoadedConfig,
  loadConfig,
  openStore,
  pingRedis,
  runCommand,
  type Store,
  toVenomError,
} from '@venom/core';
import { providerCatalog } from '../models/provider-catalog.js';
import type { VenomConfig } from './config-schema.js';
import {
  createVenomSecretStore,
  databasePathFor,
  loadVenomConfigSpec,
  resolveVenomPaths,
  type VenomPaths,
} from './runtime.js';
import { venomMigrations } from './venom-migrations.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One line of `venom doctor`: what was checked, how it went, and what to do about it. */
export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  message: string;
  fix?: string;
}

const MINIMUM_NODE = [20, 19] as const;
const MINIMUM_GIT = [2, 38] as const;

/** What `venom doctor` found, plus the event log to record the run in when the store works. */
export interface DoctorReport {
  checks: DoctorCheck[];
  eventLog: EventLog | undefined;
  close(): void;
}

/** Runs every check. Never throws: a failure becomes a `fail` line with its fix. */
export async function runDoctorChecks(context: CommandContext, nodeVersion: string): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [checkNode(nodeVersion)];
  let paths: VenomPaths | undefined;
  try {
    paths = resolveVenomPaths(context.env);
  } catch (error) {
    checks.push(failure('paths', error));
  }
  let config: LoadedConfig<VenomConfig> | undefined;
  if (paths !== undefined) {
    try {
      config = await loadConfig(await loadVenomConfigSpec(), {
        env: context.env,
        cwd: context.cwd,
        flags: context.globals.settings,
      });
      const files = [config.files.project, config.files.user].filter(
        (file) => file !== undefined && existsSync(file),
      );
      checks.push({
        name: 'config',
        status: 'ok',
        message: files.length === 0 ? 'defaults (no config file)' : `valid (${files.join(', ')})`,
      });
    } catch (error) {
      checks.push(failure('config', error));
    }
  }
  let store: Store | undefined;
  if (paths !== undefined && config !== undefined) {
    const path = databasePathFor(config.value, paths);
    try {
      store = openStore({ path, migrations: venomMigrations, busyTimeoutMs: 2000 });
      store.checkWritable();
      const { sqlite_version: sqliteVersion } = store.database
        .prepare('select sqlite_version() as sqlite_version')
        .get() as {
        sqlite_version: string;
      };
      const journal = store.database.pragma('journal_mode', { simple: true });
      const versions = Object.entries(store.schemaVersions())
        .map(([namespace, version]) => `${namespace} v${version}`)
        .join(', ');
      checks.push({
        name: 'store',
        status: 'ok',
        message: `SQLite ${sqliteVersion} at ${path} (${String(journal)}; migrations: ${versions})`,
      });
    } catch (error) {
      store?.close();
      store = undefined;
      checks.push(failure('store', error));
    }
  }
  const externalChecks = await Promise.all([
    checkGit(context.env),
    checkBubblewrap(context.env),
    checkRipgrep(context.env),
    checkRedis(config?.value.redis.url),
    paths === undefined ? undefined : checkProviders(context, paths),
  ]);
  checks.push(...externalChecks.filter((check) => check !== undefined));
  return {
    checks,
    eventLog: store && createEventLog(store),
    close: () => store?.close(),
  };
}

function failure(name: string, error: unknown): DoctorCheck {
  const venomError = toVenomError(error);
  return {
    name,
    status: 'fail',
    message: venomError.message,
    ...(venomError.hint === undefined ? {} : { fix: venomError.hint }),
  };
}

function parseVersion(text: string): number[] | undefined {
  const match = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

function atLeast(version: readonly number[], minimum: readonly number[]): boolean {
  for (let index = 0; index < minimum.length; index++) {
    const have = version[index] ?? 0;
    const need = minimum[index] ?? 0;
    if (have !== need) return have > need;
  }
  return true;
}

/** Node must be at least 20.19. */
export function checkNode(nodeVersion: string): DoctorCheck {
  const version = parseVersion(nodeVersion) ?? [0, 0, 0];
  return atLeast(version, MINIMUM_NODE)
    ? { name: 'node', status: 'ok', message: `v${nodeVersion}` }
    : {
        name: 'node',
        status: 'fail',
        message: `v${nodeVersion} is older than ${MINIMUM_NODE.join('.')}`,
        fix: 'Install Node.js 20.19 or newer (22 or 24 recommended).',
      };
}

async function versionOf(
  executable: string,
  args: string[],
): Promise<{ text: string; exitCode: number | undefined }> {
  const output = await runCommand(executable, args, { timeoutMs: 5000 });
  return { text: `${output.stdout}${output.stderr}`.trim(), exitCode: output.exitCode };
}

async function checkGit(env: Record<string, string | undefined>): Promise<DoctorCheck> {
  const git = findExecutable('git', env);
  if (git === undefined) {
    return {
      name: 'git',
      status: 'fail',
      message: 'not found on PATH',
      fix: 'Install git 2.38 or newer (apt-get install git).',
    };
  }
  const { text } = await versionOf(git, ['--version']);
  const version = parseVersion(text);
  if (version === undefined || !atLeast(version, MINIMUM_GIT)) {
    return {
      name: 'git',
      status: 'warn',
      message: `${text || 'unknown version'} (2.38+ needed for merge-tree --write-tree)`,
      fix: 'Upgrade git to 2.38 or newer.',
    };
  }
  return { name: 'git', status: 'ok', message: `${text} at ${git}` };
}

async function checkBubblewrap(env: Record<string, string | undefined>): Promise<DoctorCheck> {
  const bwrap = findExecutable('bwrap', env);
  if (bwrap === undefined) {
    return {
      name: 'bubblewrap',
      status: 'warn',
      message: 'bwrap not found: shell skills cannot run sandboxed',
      fix: 'Install bubblewrap (apt-get install bubblewrap).',
    };
  }
  const { text } = await versionOf(bwrap, ['--version']);
  const probe = await runCommand(
    bwrap,
    ['--ro-bind', '/', '/', '--dev', '/dev', '--unshare-all', '--die-with-parent', 'true'],
    {
      timeoutMs: 5000,
    },
  );
  if (probe.exitCode !== 0) {
    return {
      name: 'bubblewrap',
      status: 'warn',
      message: `${text} cannot create a sandbox here: ${probe.stderr.trim() || `exit ${String(probe.exitCode)}`}`,
      fix: 'Allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1) or run where they are allowed.',
    };
  }
  return { name: 'bubblewrap', status: 'ok', message: `${text} at ${bwrap}, sandbox works` };
}

async function checkRipgrep(env: Record<string, string | undefined>): Promise<DoctorCheck> {
  const rg = findExecutable('rg', env);
  if (rg === undefined) {
    return {
      name: 'ripgrep',
      status: 'warn',
      message: 'rg not found: text search falls back to a slower scan',
      fix: 'Install ripgrep (apt-get install ripgrep).',
    };
  }
  const { text } = await versionOf(rg, ['--version']);
  return { name: 'ripgrep', status: 'ok', message: `${text.split('\n')[0] ?? text} at ${rg}` };
}

async function checkRedis(url: string | undefined): Promise<DoctorCheck> {
  if (url === undefined) {
    return { name: 'redis', status: 'ok', message: 'not configured (embedded SQLite is used)' };
  }
  try {
    await pingRedis(url, { timeoutMs: 2000 });
    return { name: 'redis', status: 'ok', message: `reachable at ${describeRedisUrl(url)}` };
  } catch (error) {
    return failure('redis', error);
  }
}

async function checkProviders(context: CommandContext, paths: VenomPaths): Promise<DoctorCheck> {
  try {
    const secrets = createVenomSecretStore(context, paths);
    const configured: string[] = [];
    for (const provider of providerCatalog) {
      const found = await secrets.get(provider.name, provider.envVars);
      if (found !== undefined) configured.push(`${provider.name} (${found.envVar ?? found.backend})`);
    }
    if (configured.length === 0) {
      return {
        name: 'providers',
        status: 'warn',
        message: 'no model provider has a key; only the local tier and Ollama can answer',
        fix: "Run 'venom auth set anthropic' (or openai, google), or start Ollama.",
      };
    }
    return { name: 'providers', status: 'ok', message: configured.join(', ') };
  } catch (error) {
    return failure('providers', error);
  }
}
