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
  const [{ runCliInProcess }, { createDepCiProgram }] = await Promise.all([
    import('@venom/core'),
    import('./program.js'),
  ]);
  await runCliInProcess(createDepCiProgram(readVersion()), argv);
  // The answer is out: now the graph caches the command built.
  (await import('./commands/shared.js')).saveCachesNow();
}
