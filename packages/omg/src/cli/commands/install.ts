import { type CommandContext, defineCommand, type Output, VenomError } from '@venom/core';
import type { AptSimulationSummary } from '../../plan/hand-over-command.js';
import type { PlannedPackage, TransactionPlan, TransactionResolver } from '../../plan/transaction-plan.js';
import type { PlanRequest } from '../../query/create-package-service.js';
import type { OmgPaths } from '../../runtime/resolve-omg-paths.js';
import { stringOption } from '../command-input.js';
import { databasePathOption, omgPaths, rootOption, warnIfDaemonOutdated } from '../open-service.js';

/** `omg install/remove/update --json`: the plan, and what was handed over to the system tool. */
export interface TransactionResult extends TransactionPlan {
  /** Whether the system tool was run to carry out the plan. */
  handedOver: boolean;
  /** The command line handed over (or that would be, with --dry-run); empty when nothing changes. */
  command: string[];
  /** --simulate: what the system tool said it would do, and whether that equals the plan. */
  simulation?: AptSimulationSummary & { matches: boolean; exitCode: number };
}

/** The flags install, remove and update share. */
export const transactionOptions = {
  'dry-run': { type: 'boolean', description: 'show the plan and stop (exit 0); nothing changes' },
  yes: {
    type: 'boolean',
    short: 'y',
    description: 'do not ask before handing over (needed without a terminal)',
  },
  simulate: {
    type: 'boolean',
    description:
      "hand over to the tool's simulation (apt-get -s, pacman --print) and compare it with the plan",
  },
  root: rootOption,
  dbpath: databasePathOption,
} as const;

/** Parsed flags of a transaction command. */
export interface TransactionInput {
  names: string[];
  dryRun: boolean;
  yes: boolean;
  simulate: boolean;
  installRecommends: boolean;
  autoremove: boolean;
  root: string | undefined;
  databasePath: string | undefined;
}

/** Reads the shared flags (validated by hand, as omg's query commands do, to keep zod off the start-up path). */
export function transactionInput(raw: Record<string, unknown>): TransactionInput {
  const names = Array.isArray(raw.names)
    ? raw.names.filter((name): name is string => typeof name === 'string')
    : [];
  for (const name of names) {
    if (name === '' || name.startsWith('-') || /\s/.test(name)) {
      throw new VenomError({
        code: 'USAGE',
        category: 'usage',
        message: `'${name}' is not a package name`,
        hint: 'Name packages as apt or pacman does (letters, digits, + - . :), or @group for a group.',
      });
    }
  }
  return {
    names,
    dryRun: raw.dryRun === true,
    yes: raw.yes === true,
    simulate: raw.simulate === true,
    installRecommends: raw.noInstallRecommends !== true,
    autoremove: raw.autoremove === true,
    root: stringOption(raw.root),
    databasePath: stringOption(raw.dbpath),
  };
}

/** Plans through omgd when it runs and knows `plan`, else on the index directly (with a spinner on a TTY). */
export async function computePlan(
  context: CommandContext,
  paths: OmgPaths,
  request: PlanRequest,
): Promise<TransactionPlan> {
  const progress = context.progress(`planning ${request.operation}`);
  try {
    const plan = await computePlanQuietly(context, paths, request);
    progress.done();
    return plan;
  } catch (error) {
    progress.fail();
    throw error;
  }
}

async function computePlanQuietly(
  context: CommandContext,
  paths: OmgPaths,
  request: PlanRequest,
): Promise<TransactionPlan> {
  if (context.env.OMG_NO_DAEMON !== '1') {
    const { callDaemon } = await import('../../daemon/call-daemon.js');
    try {
      const answer = await callDaemon<TransactionPlan>(
        paths.socketFile,
        'plan',
        { ...request },
        { timeoutMs: 60_000, owner: process.getuid?.() },
      );
      if (answer.available) return answer.result;
      warnIfDaemonOutdated(context, answer);
    } catch (error) {
      // A daemon from before `plan` existed answers "Method not found": plan here instead.
      if (!(VenomError.isInstance(error) && /Method not found/.test(error.message))) throw error;
    }
  }
  const [{ createBackend, warnAboutSources }, { openPackageIndex }] = await Promise.all([
    import('../open-service.js'),
    import('../../index/open-package-index.js'),
  ]);
  const index = await openPackageIndex({ backend: createBackend(paths), path: paths.indexFile });
  try {
    warnAboutSources(context, await index.refresh());
    let resolver: TransactionResolver;
    if (index.backend.kind === 'apt') {
      // Without the daemon, the grouped universe is kept in a file beside the index between runs.
      const { createAptResolver } = await import('../../resolve/apt/create-apt-resolver.js');
      resolver = createAptResolver(index, {
        cacheFile: paths.indexFile.replace(/\.lmdb$/, '.resolver.json'),
      });
    } else {
      const { createResolver } = await import('../../resolve/create-resolver.js');
      resolver = await createResolver(index);
    }
    const options = request.options ?? {};
    if (request.operation === 'install') return resolver.planInstall(request.names ?? [], options);
    if (request.operation === 'remove') return resolver.planRemove(request.names ?? [], options);
    return resolver.planUpdate(options);
  } finally {
    await index.close();
  }
}

/** Replaces @group arguments: omg's config groups first, then the backend's own (read only when needed). */
async function expandGroups(context: CommandContext, paths: OmgPaths, names: string[]): Promise<string[]> {
  if (!names.some((name) => name.startsWith('@'))) return names;
  const [{ loadOmgConfig }, { expandGroupArguments }] = await Promise.all([
    import('../../plan/load-omg-config.js'),
    import('../../plan/package-groups.js'),
  ]);
  const config = await loadOmgConfig({ env: context.env, cwd: context.cwd, flags: context.globals.settings });
  const configured = Object.entries(config.value.groups).map(([name, packages]) => ({
    name,
    origin: 'config',
    packages,
  }));
  const known = new Set(configured.map((group) => group.name));
  if (names.every((name) => !name.startsWith('@') || known.has(name.slice(1))))
    return expandGroupArguments(names, configured);
  const { listGroups } = await import('./groups.js');
  return expandGroupArguments(names, await listGroups(context, paths, config.value.groups));
}

function formatSize(bytes: number): string {
  const absolute = Math.abs(bytes);
  const sign = bytes < 0 ? '-' : '';
  if (absolute >= 1024 * 1024 * 1024) return `${sign}${(absolute / 1024 ** 3).toFixed(1)} GiB`;
  if (absolute >= 1024 * 1024) return `${sign}${(absolute / 1024 / 1024).toFixed(1)} MiB`;
  return `${sign}${(absolute / 1024).toFixed(0)} KiB`;
}

function versionText(item: PlannedPackage): string {
  return item.previousVersion === undefined || item.action === 'remove'
    ? item.version
    : `${item.previousVersion} -> ${item.version}`;
}

/** Prints a plan: one row per package, totals, orphans, notes and problems. */
export function renderPlan(plan: TransactionPlan, output: Output): void {
  const { style } = output;
  for (const note of plan.notes ?? []) output.line(note);
  if (plan.packages.length > 0) {
    output.table(
      plan.packages.map((item) => [
        item.name,
        item.action,
        versionText(item),
        item.repository,
        item.action === 'remove' || item.downloadSize === undefined ? '' : formatSize(item.downloadSize),
        item.installedSize === undefined ? '' : formatSize(item.installedSize),
      ]),
      { header: ['Package', 'Action', 'Version', 'Repository', 'Download', 'Installed'] },
    );
    const summary = (['install', 'upgrade', 'downgrade', 'reinstall', 'remove'] as const)
      .map((action) => [action, plan.packages.filter((item) => item.action === action).length] as const)
      .filter(([, count]) => count > 0)
      .map(([action, count]) => `${count} to ${action}`)
      .join(', ');
    const change = plan.totals.installedSizeChange;
    output.line(
      `${style.bold(summary)}; download ${formatSize(plan.totals.downloadSize)}, disk ${change >= 0 ? '+' : ''}${formatSize(change)}`,
    );
  } else if (plan.problems.length === 0) output.line('Nothing to do.');
  if ((plan.heldBack ?? []).length > 0) output.line(`Kept back: ${plan.heldBack?.join(' ')}`);
  if (plan.orphans.length > 0 && plan.operation === 'remove')
    output.line(
      `No longer needed after this (installed automatically): ${plan.orphans.join(' ')}\n  Remove them too with --autoremove.`,
    );
  for (const problem of plan.problems) {
    output.line(style.red(`problem: ${problem.message}`));
    if (problem.suggestions !== undefined && problem.suggestions.length > 0)
      output.line(`  did you mean: ${problem.suggestions.join(', ')}`);
  }
}

async function confirm(context: CommandContext, question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline');
  const reader = createInterface({ input: context.stdin, output: context.stderr });
  try {
    const answer = await new Promise<string>((resolve) => reader.question(`${question} [Y/n] `, resolve));
    return answer.trim() === '' || /^y(es)?$/i.test(answer.trim());
  } finally {
    reader.close();
  }
}

/** Runs a command with the terminal (human mode) or with its stdout sent to stderr (--json). */
async function runInteractive(context: CommandContext, command: readonly string[]): Promise<number> {
  const { spawn } = await import('node:child_process');
  const [file, ...args] = command;
  if (file === undefined) return 0;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: context.env as NodeJS.ProcessEnv,
      stdio: ['inherit', context.globals.json ? 'pipe' : 'inherit', 'inherit'],
    });
    child.stdout?.on('data', (chunk: Buffer) => context.stderr.write(chunk));
    child.on('error', (error) => reject(error));
    child.on('close', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
}

/** `sudo` when omg is not root; an environment error when neither. */
async function privilegePrefix(context: CommandContext): Promise<string[]> {
  if ((process.getuid?.() ?? 0) === 0) return [];
  const { findExecutable } = await import('@venom/core');
  const sudo = findExecutable('sudo', context.env);
  if (sudo !== undefined) return [sudo];
  throw new VenomError({
    code: 'PRIVILEGES_REQUIRED',
    category: 'environment',
    message: 'changing system packages needs root, and sudo is not installed',
    hint: 'Run omg as root (e.g. su -c "omg ..."), or install sudo; --dry-run shows the plan without either.',
  });
}

/**
 * The flow install, remove and update share: plan, show, confirm (or refuse without a terminal),
 * hand over to apt-get/pacman with exact versions, or to its simulation with --simulate.
 */
export async function runTransaction(
  context: CommandContext,
  input: TransactionInput,
  operation: PlanRequest['operation'],
): Promise<TransactionResult> {
  const paths = omgPaths(context, input.root, input.databasePath);
  const names = await expandGroups(context, paths, input.names);
  const options = {
    ...(input.installRecommends ? {} : { installRecommends: false }),
    ...(input.autoremove ? { autoremove: true } : {}),
  };
  const request: PlanRequest = { operation, names, options };
  const { handOverCommand, parseAptSimulation, parsePacmanSimulation, summarizePlan } = await import(
    '../../plan/hand-over-command.js'
  );
  const handOverOptions = {
    root: paths.root,
    ...(paths.databasePath === undefined ? {} : { databasePath: paths.databasePath }),
    installRecommends: input.installRecommends,
    autoremove: input.autoremove,
  };
  const preview = (plan: TransactionPlan): string[] =>
    handOverCommand(plan, { ...handOverOptions, simulate: input.simulate, assumeYes: true });

  let plan = await computePlan(context, paths, request);
  const result = (fields: Partial<TransactionResult> = {}): TransactionResult => ({
    ...plan,
    handedOver: false,
    command: preview(plan),
    ...fields,
  });
  if (plan.problems.length > 0 || input.dryRun) return result();
  // Nothing to change: done (an update still refreshes the lists first, below).
  if (plan.packages.length === 0 && (operation !== 'update' || input.simulate)) return result();

  if (input.simulate) {
    const command = preview(plan);
    const { runCommand } = await import('@venom/core');
    const [file, ...args] = command;
    const run = await runCommand(file ?? 'apt-get', args, {
      env: { ...context.env, LANG: 'C', LC_ALL: 'C' },
      timeoutMs: 300_000,
      signal: context.signal,
    });
    const simulated =
      plan.backend === 'pacman'
        ? parsePacmanSimulation(run.stdout, operation)
        : parseAptSimulation(run.stdout);
    const expected = summarizePlan(plan);
    // pacman's --print lists only what -S installs (or -R removes); compare that part of the plan.
    if (plan.backend === 'pacman') {
      if (operation === 'remove') expected.installs = [];
      else expected.removals = [];
    }
    const matches =
      run.exitCode === 0 &&
      JSON.stringify(simulated.installs) === JSON.stringify(expected.installs) &&
      JSON.stringify(simulated.removals) === JSON.stringify(expected.removals);
    if (!context.globals.json && context.globals.verbose) context.stderr.write(run.stdout);
    return result({ handedOver: true, simulation: { ...simulated, matches, exitCode: run.exitCode ?? 1 } });
  }

  if (!input.yes && context.stdin.isTTY !== true) {
    if (!context.globals.json) renderPlan(plan, context.output);
    throw new VenomError({
      code: 'CONFIRMATION_REQUIRED',
      category: 'usage',
      message: `refusing to ${operation} without confirmation: no terminal to ask on`,
      hint: `Nothing was changed. Re-run with --yes to hand the plan over, or --dry-run to only see it.`,
      details: { command: preview(plan) },
    });
  }
  const prefix = await privilegePrefix(context);
  if (operation === 'update') {
    // Refresh the lists first (apt-get update, pacman -Sy), then plan again on them.
    const { refreshCommand } = await import('../../plan/hand-over-command.js');
    const refresh = [...prefix, ...refreshCommand(plan.backend, handOverOptions)];
    const code = await runInteractive(context, refresh);
    if (code !== 0) {
      throw new VenomError({
        code: 'HAND_OVER_FAILED',
        category: 'environment',
        message: `${refresh.join(' ')} failed (exit ${code})`,
        hint: "Read the tool's messages above; nothing was upgraded.",
      });
    }
    plan = await computePlan(context, paths, request);
  }
  if (plan.problems.length > 0 || plan.packages.length === 0) return result();
  if (!context.globals.json) renderPlan(plan, context.output);
  if (!input.yes && !(await confirm(context, 'Hand this plan over?'))) {
    throw new VenomError({
      code: 'CANCELLED',
      category: 'interrupted',
      message: 'cancelled; nothing was changed',
    });
  }
  const command = [...prefix, ...handOverCommand(plan, { ...handOverOptions, assumeYes: true })];
  if (!context.globals.json) context.output.line(`Running: ${command.join(' ')}`);
  const code = await runInteractive(context, command);
  if (code !== 0) {
    throw new VenomError({
      code: 'HAND_OVER_FAILED',
      category: 'environment',
      message: `${command.join(' ')} failed (exit ${code})`,
      hint: "Read the tool's messages above; its own state is what counts now ('omg list --installed').",
      details: { command, exitCode: code },
    });
  }
  return Object.defineProperty(result({ handedOver: true, command }), 'planShown', {
    value: true,
    enumerable: false,
  });
}

/** Human output of a transaction result (the plan, unless it was shown before handing over). */
export function renderTransaction(result: TransactionResult, output: Output): void {
  if ((result as { planShown?: boolean }).planShown !== true) renderPlan(result, output);
  if (result.simulation !== undefined) {
    const { simulation } = result;
    output.line(
      simulation.matches
        ? `${result.command.join(' ')} agrees with the plan (${simulation.installs.length} to install or upgrade, ${simulation.removals.length} to remove).`
        : `${result.command.join(' ')} differs from the plan (exit ${simulation.exitCode}): it would install ${simulation.installs.join(', ') || 'nothing'} and remove ${simulation.removals.join(', ') || 'nothing'}.`,
    );
  } else if (result.handedOver) output.line('Done.');
  else if (result.problems.length === 0 && result.command.length > 0)
    output.line(`Would run: ${result.command.join(' ')}`);
}

/** Exit code: 1 when the plan has problems or the simulation disagrees, else 0. */
export function transactionExitCode(result: TransactionResult): number {
  if (result.problems.length > 0) return 1;
  if (result.simulation !== undefined && !result.simulation.matches) return 1;
  return 0;
}

export const installCommand = defineCommand({
  name: 'install',
  summary: 'Install packages or @groups: show the plan, then hand over to apt-get/pacman',
  description:
    'omg computes the plan itself (dependencies, recommends, alternatives, virtual packages, conflicts, pins), shows it, asks, and runs the system tool with the exact versions (through sudo when not root). Without a terminal, --yes is required (exit 2 otherwise). Exit 1 when the plan has problems (unknown names come with close names); nothing is handed over then. --json prints the plan with handedOver and command.',
  examples: [
    'omg install ripgrep',
    'omg install @web --dry-run',
    'omg install --no-install-recommends --yes nginx',
    'omg install --simulate --json vim',
  ],
  positionals: [{ name: 'names', description: 'package names or @groups', required: true, variadic: true }],
  options: {
    ...transactionOptions,
    'no-install-recommends': { type: 'boolean', description: 'apt: do not install recommended packages' },
  },
  async run(raw: Record<string, unknown>, context): Promise<TransactionResult> {
    return runTransaction(context, transactionInput(raw), 'install');
  },
  render: renderTransaction,
  exitCode: transactionExitCode,
});
