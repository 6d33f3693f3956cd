import { parseArgs } from 'node:util';
import { VenomError } from '@venom/core';
import { startDaemon } from '../daemon/start-daemon.js';
import { resolveOmgPaths } from '../runtime/resolve-omg-paths.js';
import { createBackend, openService, warnAboutSources } from './open-service.js';

// omgd: the daemon entry. Runs in the foreground; `omg daemon start` detaches it and sends its
// output to $XDG_STATE_HOME/omg/omgd-<root>.log.
function log(message: string): void {
  process.stderr.write(`${new Date().toISOString()} omgd[${process.pid}] ${message}\n`);
}

let parsed: { root?: string | undefined; dbpath?: string | undefined };
try {
  parsed = parseArgs({
    args: process.argv.slice(2),
    options: { root: { type: 'string' }, dbpath: { type: 'string' } },
    strict: true,
  }).values;
} catch (error) {
  process.stderr.write(`omgd: ${(error as Error).message}\nusage: omgd [--root <dir>] [--dbpath <dir>]\n`);
  process.exit(2);
}

try {
  const paths = resolveOmgPaths(process.env, {
    root: parsed.root,
    databasePath: parsed.dbpath,
    cwd: process.cwd(),
    uid: process.getuid?.() ?? 0,
  });
  const daemon = await startDaemon({
    socketFile: paths.socketFile,
    pidFile: paths.pidFile,
    pid: process.pid,
    uid: process.getuid?.() ?? 0,
    root: paths.root,
    async openService() {
      const { service, report } = await openService(paths, { daemon: true });
      warnAboutSources({ warn: (message: string) => log(`warning: ${message}`) } as never, report);
      return service;
    },
    watchDirectories: [...createBackend(paths).watchPaths],
    log,
    memoryUsage: () => process.memoryUsage().rss,
    now: () => Date.now(),
  });
  log(`listening on ${paths.socketFile} for root ${paths.root}`);
  const shutdown = (signal: string): void => {
    log(`${signal}: shutting down`);
    daemon.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`shutdown failed: ${(error as Error).message}`);
        process.exit(70);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGHUP', () => {
    log('SIGHUP: reloading');
    daemon.reload().catch((error: unknown) => log(`reload failed: ${(error as Error).message}`));
  });
} catch (error) {
  const known = VenomError.isInstance(error);
  log(`error: ${(error as Error).message}${known && error.hint !== undefined ? ` (${error.hint})` : ''}`);
  process.exit(known ? error.exitCode : 70);
}
