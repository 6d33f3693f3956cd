import type { TransactionPlan } from './transaction-plan.js';

/** How to hand a plan over to the system's package tool. */
export interface HandOverOptions {
  /** The root omg read (`/` for this system); another root adds apt's `-o Dir=...` or pacman's `--root`. */
  root: string;
  /** pacman's --dbpath, when one was given. */
  databasePath?: string;
  /** apt: `--no-install-recommends`. */
  installRecommends?: boolean;
  /** remove: also remove the orphans (`apt-get --autoremove`, `pacman -Rs`). */
  autoremove?: boolean;
  /** Ask the tool what it would do (`apt-get -s`, `pacman -p`) instead of doing it. */
  simulate?: boolean;
  /** The user already confirmed: `apt-get -y`, `pacman --noconfirm`. */
  assumeYes?: boolean;
}

/** The `-o` options that point apt-get at another root's state (lists, status, preferences, cache). */
export function aptRootArguments(root: string, simulate: boolean): string[] {
  if (root === '/') return [];
  const base = root.endsWith('/') ? root.slice(0, -1) : root;
  const options = ['-o', `Dir=${base}/`, '-o', `Dir::State::status=${base}/var/lib/dpkg/status`];
  // A simulation reads another root without its lock (often not ours to take) and writes no cache there.
  if (simulate)
    options.push('-o', 'Debug::NoLocking=1', '-o', 'Dir::Cache::pkgcache=', '-o', 'Dir::Cache::srcpkgcache=');
  else options.push('-o', `DPkg::Options::=--root=${base}`);
  return options;
}

/**
 * The command line (without sudo) that carries out a plan with the system tool, naming exact
 * versions where the tool takes them: `apt-get install name=version ...` for the requested packages
 * (apt picks the same dependencies, as the parity tests check, and keeps them marked automatic),
 * `apt-get remove`, and `apt-get upgrade` for an update (an install of every upgrade would mark them
 * all manually installed). Empty when the plan changes nothing.
 */
export function handOverCommand(plan: TransactionPlan, options: HandOverOptions): string[] {
  if (plan.packages.length === 0) return [];
  if (plan.backend === 'pacman') return pacmanCommand(plan, options);
  const command = ['apt-get'];
  if (options.simulate === true) command.push('-s');
  else if (options.assumeYes === true) command.push('-y');
  command.push(...aptRootArguments(options.root, options.simulate === true));
  const requested = plan.packages.filter((item) => item.reason === 'requested');
  switch (plan.operation) {
    case 'install':
      command.push('install');
      if (options.installRecommends === false) command.push('--no-install-recommends');
      command.push(...requested.map((item) => `${item.name}=${item.version}`));
      return command;
    case 'remove':
      if (options.autoremove === true) command.push('--autoremove');
      command.push('remove', ...requested.map((item) => item.name));
      return command;
    case 'update':
      command.push('upgrade');
      return command;
  }
}

function pacmanBase(options: HandOverOptions): string[] {
  const command = ['pacman'];
  if (options.root !== '/') {
    const base = options.root.endsWith('/') ? options.root.slice(0, -1) : options.root;
    // pacman reads /etc/pacman.conf whatever --root says; omg's resolver read the root's.
    command.push('--config', `${base}/etc/pacman.conf`, '--root', options.root);
  }
  if (options.databasePath !== undefined) command.push('--dbpath', options.databasePath);
  return command;
}

/** The command that refreshes the package lists before an update: `apt-get update`, `pacman -Sy`. */
export function refreshCommand(backend: string, options: HandOverOptions): string[] {
  if (backend === 'pacman') return [...pacmanBase(options), '-Sy'];
  return ['apt-get', ...aptRootArguments(options.root, false), 'update'];
}

function pacmanCommand(plan: TransactionPlan, options: HandOverOptions): string[] {
  const command = pacmanBase(options);
  const requested = plan.packages.filter((item) => item.reason === 'requested').map((item) => item.name);
  switch (plan.operation) {
    case 'install':
      command.push('-S', '--needed', ...requested);
      break;
    case 'remove':
      command.push(options.autoremove === true ? '-Rs' : '-R', ...requested);
      break;
    case 'update':
      command.push('-Su');
      break;
  }
  if (options.simulate === true) command.push('--print', '--print-format', '%n %v');
  else if (options.assumeYes === true) command.push('--noconfirm');
  return command;
}

/** What `apt-get -s` printed it would do. */
export interface AptSimulationSummary {
  /** `name version` of each `Inst` line, sorted. */
  installs: string[];
  /** Names of `Remv` lines, sorted. */
  removals: string[];
}

/** Reads `Inst name [old] (version archive [arch])` and `Remv name [version]` lines of `apt-get -s`. */
export function parseAptSimulation(output: string): AptSimulationSummary {
  const installs: string[] = [];
  const removals: string[] = [];
  for (const line of output.split('\n')) {
    const install = /^Inst (\S+)(?: \[[^\]]*\])? \((\S+) /.exec(line);
    if (install !== null) installs.push(`${install[1]} ${install[2]}`);
    const removal = /^Remv (\S+)/.exec(line);
    if (removal?.[1] !== undefined) removals.push(removal[1]);
  }
  return { installs: installs.sort(), removals: removals.sort() };
}

/** A plan in the same shape as {@link parseAptSimulation}'s summary. */
export function summarizePlan(plan: TransactionPlan): AptSimulationSummary {
  return {
    installs: plan.packages
      .filter((item) => item.action !== 'remove')
      .map((item) => `${item.name} ${item.version}`)
      .sort(),
    removals: plan.packages
      .filter((item) => item.action === 'remove')
      .map((item) => item.name)
      .sort(),
  };
}

/**
 * Reads `pacman --print --print-format '%n %v'` output: the targets it would install (for -S, -Su) or
 * remove (for -R), in the shape of {@link summarizePlan}.
 */
export function parsePacmanSimulation(
  output: string,
  operation: TransactionPlan['operation'],
): AptSimulationSummary {
  const targets: string[] = [];
  for (const line of output.split('\n')) {
    const match = /^(\S+) (\S+)$/.exec(line.trim());
    if (match !== null && !line.startsWith('::')) targets.push(`${match[1]} ${match[2]}`);
  }
  targets.sort();
  return operation === 'remove'
    ? { installs: [], removals: targets.map((target) => target.split(' ')[0] ?? target) }
    : { installs: targets, removals: [] };
}
