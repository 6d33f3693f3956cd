import { readFileSync } from 'node:fs';

// The process entry. `--version` is answered before anything else is loaded, so it costs no more
// than Node's own start-up; `omg search` in its common forms loads only what a search needs;
// everything else goes through the CLI kit.
const argv = process.argv.slice(2);

function readVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** `omg search` in its common forms, without the CLI kit (see search-fast-path.ts); false to run the full CLI. */
async function searchFast(): Promise<boolean> {
  if (argv[0] !== 'search') return false;
  const { trySearchFastPath } = await import('./search-fast-path.js');
  return trySearchFastPath(argv.slice(1));
}

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${readVersion()}\n`);
} else if (!(await searchFast())) {
  const [{ runCliInProcess }, { createOmgProgram }] = await Promise.all([
    import('@venom/core'),
    import('./program.js'),
  ]);
  await runCliInProcess(createOmgProgram(readVersion()), argv);
}
