import { join } from 'node:path';
import {
  type CommandContext,
  type ConfigSpec,
  createEventLog,
  createLogger,
  createSecretStore,
  type EventLog,
  fileSink,
  type LoadedConfig,
  type Logger,
  type LogSink,
  loadConfig,
  openStore,
  resolveToolPaths,
  type SecretStore,
  type Store,
  streamSink,
  type ToolPaths,
} from '@venom/core';
import type { VenomConfig } from './config-schema.js';

/** Where venom keeps its files on this machine. */
export interface VenomPaths extends ToolPaths {
  logFile: string;
  credentialsFile: string;
  defaultDatabase: string;
}

/** The XDG locations for venom, derived from the environment (throws HOME_MISSING without HOME or XDG vars). */
export function resolveVenomPaths(env: Record<string, string | undefined>): VenomPaths {
  const paths = resolveToolPaths('venom', env);
  return {
    ...paths,
    logFile: join(paths.stateDir, 'venom.log'),
    credentialsFile: join(paths.configDir, 'credentials.json'),
    defaultDatabase: join(paths.dataDir, 'venom.db'),
  };
}

/** venom's config spec; loads zod, so call it only from commands that read configuration. */
export async function loadVenomConfigSpec(): Promise<ConfigSpec<VenomConfig>> {
  const [{ z }, { createVenomConfigSchema }] = await Promise.all([
    import('zod'),
    import('./config-schema.js'),
  ]);
  return { tool: 'venom', schema: createVenomConfigSchema(z), envPrefix: 'VENOM' };
}

/** The database file venom uses under this configuration. */
export function databasePathFor(config: VenomConfig, paths: VenomPaths): string {
  return config.store.path ?? paths.defaultDatabase;
}

/** What a venom command works with: paths, configuration, logger, credentials, and (on demand) the store. */
export interface VenomRuntime {
  paths: VenomPaths;
  spec: ConfigSpec<VenomConfig>;
  config: LoadedConfig<VenomConfig>;
  logger: Logger;
  secrets: SecretStore;
  databasePath: string;
  /** Opens the database (every venom migration applied) on first use. */
  store(): Store;
  /** The event log in that database. */
  events(): EventLog;
  close(): void;
}

/** Resolves paths, loads and validates configuration, and sets up logging for one command run. */
export async function openRuntime(context: CommandContext, command: string): Promise<VenomRuntime> {
  const paths = resolveVenomPaths(context.env);
  const spec = await loadVenomConfigSpec();
  const config = await loadConfig(spec, {
    env: context.env,
    cwd: context.cwd,
    flags: context.globals.settings,
  });
  const sinks = createLogSinks(context, paths, config.value);
  const logger = createLogger({
    name: 'venom',
    level: context.globals.verbose ? 'debug' : config.value.log.level,
    sinks,
  }).child({ command });
  const databasePath = databasePathFor(config.value, paths);
  const { venomMigrations } = await import('./venom-migrations.js');
  let store: Store | undefined;
  let eventLog: EventLog | undefined;
  return {
    paths,
    spec,
    config,
    logger,
    secrets: createVenomSecretStore(context, paths),
    databasePath,
    store() {
      store ??= openStore({ path: databasePath, migrations: venomMigrations });
      return store;
    },
    events() {
      store ??= openStore({ path: databasePath, migrations: venomMigrations });
      eventLog ??= createEventLog(store);
      return eventLog;
    },
    close() {
      store?.close();
      for (const sink of sinks) sink.close?.();
    },
  };
}

/** venom's secret store; problems it works around (an open credentials file) are shown as warnings. */
export function createVenomSecretStore(context: CommandContext, paths: VenomPaths): SecretStore {
  return createSecretStore({
    tool: 'venom',
    env: context.env,
    credentialsFile: paths.credentialsFile,
    onWarning: (warning) => context.warn(warning.message),
  });
}

function createLogSinks(context: CommandContext, paths: VenomPaths, config: VenomConfig): LogSink[] {
  const sinks: LogSink[] = [fileSink(paths.logFile, { level: config.log.level })];
  if (context.globals.verbose || config.log.stderr) {
    sinks.push(
      streamSink(context.stderr, {
        level: context.globals.verbose ? 'debug' : config.log.level,
        format: 'pretty',
        color: context.globals.color,
      }),
    );
  }
  return sinks;
}
