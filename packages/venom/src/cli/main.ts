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
  const [{ runCliInProcess }, { createVenomProgram }] = await Promise.all([
    import('@venom/core'),
    import('./program.js'),
  ]);
  // Every venom command returns when its work is done (serve and tail await their end), so an idle
  // HTTP keep-alive socket must not hold the shell prompt back after the answer.
  await runCliInProcess(createVenomProgram(readVersion()), argv, { exitWhenDone: true });
}
