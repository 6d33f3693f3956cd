/**
 * Dependency closure on a large pacman sync database: omg's pacman resolver vs `pacman -Sp`, side by
 * side, with plan parity (same package set, versions and repositories).
 *
 * The database is this machine's apt lists converted to Arch form, WITH provides (so virtual
 * dependencies resolve as on Arch), split into two repositories (`core` = packages whose name sorts
 * before "m", `extra` = the rest, both in pacman.conf order) to exercise repository order.
 *
 *   npm run build
 *   node bench/omg/pacman-plan.mjs [--runs 5] [--targets libreoffice,gnome-core,texlive-full] [--json]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { archVersion } from './make-arch-db.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const omgDist = join(here, '../../packages/omg/dist');
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const index = argv.indexOf(`--${name}`);
  return index < 0 ? fallback : argv[index + 1];
};
const runs = Number(option('runs', '5'));
const targets = option('targets', 'libreoffice,gnome-core,texlive-full').split(',');
const json = argv.includes('--json');
/** Keep (and reuse) the converted database in this directory instead of a temporary one. */
const keep = option('dir', undefined);

function relationLines(field) {
  if (field === undefined) return [];
  return field.split(',').flatMap((group) => {
    const first = group.split('|')[0].trim();
    const match = /^([^\s(:]+)(?::\S+)?\s*(?:\(\s*([<>=]+)\s*([^)\s]+)\s*\))?/.exec(first);
    if (match === null) return [];
    const operator = { '<<': '<', '>>': '>', '<=': '<=', '>=': '>=', '=': '=' }[match[2]] ?? '';
    // Debian's `~` (sorts before anything) has no pacman equivalent: such constraints are dropped.
    if (operator === '' || match[3].includes('~')) return [match[1]];
    return [`${match[1]}${operator}${archVersion(match[3])}`];
  });
}

async function makeDatabase(directory) {
  const { createAptBackend } = await import(join(omgDist, 'backends/apt/create-apt-backend.js'));
  const backend = createAptBackend({ root: '/' });
  const databasePath = join(directory, 'db');
  mkdirSync(join(databasePath, 'sync'), { recursive: true });
  mkdirSync(join(databasePath, 'local'), { recursive: true });
  writeFileSync(join(databasePath, 'local', 'ALPM_DB_VERSION'), '9\n');
  const seen = new Set();
  const repositories = { core: [], extra: [] };
  for (const source of await backend.listSources()) {
    if (source.kind !== 'available') continue;
    for (const record of (await backend.readSource(source)).packages) {
      if (seen.has(record.name)) continue;
      seen.add(record.name);
      const version = archVersion(record.version);
      const repository = record.name < 'm' ? 'core' : 'extra';
      const entry = `${record.name}-${version}`;
      repositories[repository].push(entry);
      mkdirSync(join(directory, 'staging', repository, entry), { recursive: true });
      const sections = [
        ['FILENAME', [`${entry}-x86_64.pkg.tar.zst`]],
        ['NAME', [record.name]],
        ['VERSION', [version]],
        ['DESC', [record.description]],
        ['CSIZE', [String(record.downloadSize ?? 0)]],
        ['ISIZE', [String(record.installedSize ?? 0)]],
        ['ARCH', ['x86_64']],
        [
          'DEPENDS',
          [...relationLines(record.relations.preDepends), ...relationLines(record.relations.depends)],
        ],
        ['PROVIDES', relationLines(record.relations.provides)],
      ].filter(([, values]) => values.length > 0);
      writeFileSync(
        join(directory, 'staging', repository, entry, 'desc'),
        sections.map(([key, values]) => `%${key}%\n${values.join('\n')}\n`).join('\n'),
      );
    }
  }
  for (const [repository, entries] of Object.entries(repositories)) {
    writeFileSync(join(directory, `${repository}.txt`), `${entries.join('\n')}\n`);
    execFileSync('tar', [
      '-czf',
      join(databasePath, 'sync', `${repository}.db`),
      '-C',
      join(directory, 'staging', repository),
      '--files-from',
      join(directory, `${repository}.txt`),
    ]);
  }
  rmSync(join(directory, 'staging'), { recursive: true, force: true });
  const config = join(directory, 'etc/pacman.conf');
  mkdirSync(dirname(config), { recursive: true });
  writeFileSync(
    config,
    '[options]\nArchitecture = x86_64\nSigLevel = Never\n\n[core]\nServer = file:///nonexistent\n\n[extra]\nServer = file:///nonexistent\n',
  );
  return { databasePath, config, count: seen.size };
}

const percentile = (values, fraction) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
};

const directory = keep ?? mkdtempSync(join(tmpdir(), 'omg-bench-pacman-plan-'));
try {
  const reuse = keep !== undefined && existsSync(join(keep, 'etc/pacman.conf'));
  const { databasePath, config, count } = reuse
    ? { databasePath: join(keep, 'db'), config: join(keep, 'etc/pacman.conf'), count: Number.NaN }
    : await makeDatabase(directory);
  const { createPacmanBackend } = await import(join(omgDist, 'backends/pacman/create-pacman-backend.js'));
  const { openPackageIndex } = await import(join(omgDist, 'index/open-package-index.js'));
  const { createPacmanResolver } = await import(join(omgDist, 'resolve/pacman/create-pacman-resolver.js'));
  const index = await openPackageIndex({
    backend: createPacmanBackend({ root: directory, databasePath }),
    path: join(directory, 'index.lmdb'),
  });
  await index.refresh();
  const packageCount = Number.isNaN(count) ? index.records('available').length : count;
  const loadStart = performance.now();
  const resolver = createPacmanResolver(index, { configFile: config });
  resolver.planInstall(['bash']);
  const loadMs = performance.now() - loadStart;
  const rows = [];
  for (const target of targets) {
    const omgTimes = [];
    let plan;
    for (let run = 0; run < runs; run += 1) {
      const start = performance.now();
      plan = resolver.planInstall([target]);
      omgTimes.push(performance.now() - start);
    }
    const pacmanTimes = [];
    let pacman;
    for (let run = 0; run < runs; run += 1) {
      const start = performance.now();
      pacman = spawnSync(
        'pacman',
        [
          '--config',
          config,
          '--root',
          directory,
          '--dbpath',
          databasePath,
          '--noconfirm',
          '-Sp',
          '--print-format',
          '%n %v %r',
          target,
        ],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      pacmanTimes.push(performance.now() - start);
    }
    const pacmanLines = pacman.stdout
      .split('\n')
      .filter((line) => /^\S+ \S+ \S+$/.test(line))
      .sort();
    const omgLines = plan.packages
      .filter((item) => item.action !== 'remove')
      .map((item) => `${item.name} ${item.version} ${item.repository}`)
      .sort();
    const parity =
      pacman.status === 0
        ? JSON.stringify(pacmanLines) === JSON.stringify(omgLines)
          ? 'equal'
          : 'DIFFERENT'
        : plan.problems.length > 0
          ? 'both fail'
          : 'DIFFERENT (pacman failed)';
    rows.push({
      target,
      packages: omgLines.length,
      pacmanPackages: pacmanLines.length,
      omgP50: percentile(omgTimes, 0.5),
      pacmanP50: percentile(pacmanTimes, 0.5),
      parity,
      problems: plan.problems.slice(0, 5).map((problem) => problem.message),
      pacmanErrors:
        pacman.status === 0
          ? []
          : `${pacman.stdout}${pacman.stderr}`
              .split('\n')
              .filter((line) => line.startsWith(':: ') || line.startsWith('error:'))
              .slice(0, 5),
    });
  }
  await index.close();
  if (json) console.log(JSON.stringify({ count: packageCount, loadMs, rows }, null, 2));
  else {
    console.log(
      `pacman sync databases core+extra: ${packageCount} packages (apt lists converted, with provides)`,
    );
    console.log(`omg resolver load (index -> memory, first plan): ${loadMs.toFixed(1)} ms`);
    console.log('target          packages   omg p50      pacman -Sp p50   ratio    parity');
    for (const row of rows)
      console.log(
        `${row.target.padEnd(16)}${String(row.packages).padEnd(11)}${`${row.omgP50.toFixed(1)} ms`.padEnd(13)}${`${row.pacmanP50.toFixed(1)} ms`.padEnd(17)}${`${(row.pacmanP50 / row.omgP50).toFixed(1)}x`.padEnd(9)}${row.parity}`,
      );
  }
} finally {
  if (keep === undefined) rmSync(directory, { recursive: true, force: true });
}
