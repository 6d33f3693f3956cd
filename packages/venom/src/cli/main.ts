import { readFileSync } from 'node:fs';

// The process entry. `--version` is answered before anything else is loaded, so it costs no more
// than Node's own start-up; everything else goes through the CLI kit.
const argv = process.argv.slice(2);

function readVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${readVersion()}\n`);
} else {
  const [{ runCli }, { createVenomProgram }] = await Promise.all([
    import('@venom/core'),
    import('./program.js'),
  ]);
  const interrupt = new AbortController();
  let interrupts = 0;
  const onInterrupt = (): void => {
    interrupts += 1;
    // A second Ctrl-C while the command is still cleaning up ends the process at once.
    if (interrupts > 1) process.exit(130);
    interrupt.abort();
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  process.exitCode = await runCli(createVenomProgram(readVersion()), {
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
