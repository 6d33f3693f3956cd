import { readFileSync } from 'node:fs';

// The process entry. `--version` is answered before anything else is loaded.
const argv = process.argv.slice(2);

// `omg list | head`: the reader went away; stop quietly as other Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

function readVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${readVersion()}\n`);
} else {
  const [{ runCli }, { createOmgProgram }] = await Promise.all([
    import('@venom/core'),
    import('./program.js'),
  ]);
  const interrupt = new AbortController();
  let interrupts = 0;
  const onInterrupt = (): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    interrupt.abort();
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  process.exitCode = await runCli(createOmgProgram(readVersion()), {
    argv,
    env: process.env,
    cwd: process.cwd(),
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    signal: interrupt.signal,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  });
  process.off('SIGINT', onInterrupt);
  process.off('SIGTERM', onInterrupt);
}
