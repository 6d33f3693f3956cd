import { defineCommand } from '@venom/core';
import type { AurPackageInfo, AurSearchField } from '../../backends/aur/create-aur-client.js';
import type { SearchResult } from '../../index/search-table.js';
import { renderSearchText } from '../../query/render-search-text.js';

const searchFields = [
  'name',
  'name-desc',
  'maintainer',
  'depends',
  'makedepends',
  'optdepends',
  'checkdepends',
] as const;

export const aurSearchCommand = defineCommand({
  name: 'aur search',
  summary: 'Search the AUR (RPC v5): the longest term is sent, every term must match, ranked like omg search',
  description:
    'After `omg aur index`, name and name-desc searches answer from the offline metadata index (no request; --online asks the AUR). OMG_AUR_URL sets the AUR base URL (default https://aur.archlinux.org). Exits 1 when nothing matches, 4 when the AUR fails or rate-limits.',
  examples: [
    'omg aur search yay',
    'omg aur search --by maintainer jguer --json',
    'omg aur search --online yay',
  ],
  positionals: [{ name: 'terms', description: 'words to find', required: true, variadic: true }],
  options: {
    by: {
      type: 'string',
      valueName: 'field',
      description: 'what the AUR matches the term against',
      choices: searchFields,
      default: 'name-desc',
    },
    online: { type: 'boolean', description: 'ask the AUR even when the offline metadata index exists' },
  },
  async run(
    input: { terms: string[]; by: AurSearchField; online?: boolean },
    context,
  ): Promise<SearchResult[]> {
    const { createAurClient } = await import('../../backends/aur/create-aur-client.js');
    const { createSearchTable } = await import('../../index/search-table.js');
    const { encodeSearchText } = await import('../../index/search-text.js');
    const { comparePacmanVersions } = await import('../../versions/compare-pacman-versions.js');
    if (input.online !== true && (input.by === 'name' || input.by === 'name-desc')) {
      const { readAurMetadataIndex } = await import('../../aur/aur-metadata-index.js');
      const { resolveToolPaths } = await import('@venom/core');
      const offline = await readAurMetadataIndex(resolveToolPaths('omg', context.env).cacheDir);
      if (offline !== undefined) {
        const table = createSearchTable(
          [{ repository: 'aur', kind: 'available', text: offline.text }],
          comparePacmanVersions,
        );
        return table.search(input.terms, { namesOnly: input.by === 'name' });
      }
    }
    const client = createAurClient(
      context.env.OMG_AUR_URL === undefined ? {} : { baseUrl: context.env.OMG_AUR_URL },
    );
    const longest = [...input.terms].sort((left, right) => right.length - left.length)[0] ?? '';
    const found = await client.search(longest, input.by);
    if (input.by !== 'name' && input.by !== 'name-desc') {
      return found.map((item) => ({
        name: item.Name,
        version: item.Version,
        repository: 'aur',
        installed: false,
        description: item.Description ?? '',
      }));
    }
    const records = found.map((item) => ({
      name: item.Name,
      version: item.Version,
      architecture: 'any',
      repository: 'aur',
      description: item.Description ?? '',
      longDescription: '',
      relations: {},
    }));
    const table = createSearchTable(
      [{ repository: 'aur', kind: 'available', text: encodeSearchText(records) }],
      comparePacmanVersions,
    );
    return table.search(input.terms, { namesOnly: input.by === 'name' });
  },
  render(results, output) {
    const text = renderSearchText(results);
    if (text !== '') output.line(text.slice(0, -1));
  },
  exitCode: (results) => (results.length === 0 ? 1 : 0),
});

export const aurInfoCommand = defineCommand({
  name: 'aur info',
  summary: 'Show AUR packages (one RPC request for many names)',
  description: 'Exits 1 when a name is not in the AUR.',
  positionals: [{ name: 'names', description: 'package names', required: true, variadic: true }],
  async run(input: { names: string[] }, context): Promise<{ packages: AurPackageInfo[]; missing: string[] }> {
    const { createAurClient } = await import('../../backends/aur/create-aur-client.js');
    const client = createAurClient(
      context.env.OMG_AUR_URL === undefined ? {} : { baseUrl: context.env.OMG_AUR_URL },
    );
    const packages = await client.info(input.names);
    const known = new Set(packages.map((item) => item.Name));
    return { packages, missing: input.names.filter((name) => !known.has(name)) };
  },
  render(result, output) {
    for (const item of result.packages) {
      output.line(
        `${output.style.bold(item.Name)} ${item.Version} (aur)${item.OutOfDate === null ? '' : ' [out of date]'}`,
      );
      output.line(`    ${item.Description ?? ''}`);
      output.line(
        `    maintainer ${item.Maintainer ?? '(orphan)'}, ${item.NumVotes} votes, popularity ${item.Popularity}`,
      );
      if ((item.Depends ?? []).length > 0) output.line(`    depends ${(item.Depends ?? []).join(', ')}`);
    }
    for (const name of result.missing) output.line(`${name}: not in the AUR`);
  },
  exitCode: (result) => (result.missing.length > 0 ? 1 : 0),
});

/** `omg aur install` result (the --json document). */
export interface AurInstallOutput {
  dryRun: boolean;
  /** Undefined when `aur upgrade` found nothing to upgrade. */
  plan: import('../../aur/resolve-aur-plan.js').AurInstallPlan | undefined;
  reviews: Array<import('../../aur/review-pkgbuild.js').PkgbuildReview>;
  result?: import('../../aur/execute-aur-install.js').AurInstallResult;
  /** `aur upgrade`: the foreign packages the AUR has newer, and those it does not know. */
  upgrades?: AurUpgrade[];
}

/** A foreign (AUR or hand-built) package and what the AUR has of it. */
export interface AurUpgrade {
  name: string;
  installed: string;
  /** The AUR's version; undefined when the AUR does not know the package. */
  available: string | undefined;
  /** The AUR version is newer: it is rebuilt. */
  upgrade: boolean;
}

async function askYesNo(context: import('@venom/core').CommandContext, question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input: context.stdin, terminal: false });
  context.stderr.write(`${question} [y/N] `);
  try {
    const answer = await new Promise<string>((resolve) => {
      lines.once('line', resolve);
      lines.once('close', () => resolve(''));
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    lines.close();
  }
}

function reviewText(review: import('../../aur/review-pkgbuild.js').PkgbuildReview): string {
  if (review.status === 'changed') return `${review.diff}`;
  if (review.status === 'unchanged')
    return `${review.packageBase}: PKGBUILD unchanged since your last approval\n`;
  return `==> ${review.packageBase}/PKGBUILD (never reviewed)\n${review.pkgbuild}${review.pkgbuild.endsWith('\n') ? '' : '\n'}${
    review.otherFiles.length > 0 ? `==> other files: ${review.otherFiles.join(', ')}\n` : ''
  }`;
}

/** The options `aur install` and `aur upgrade` share. */
interface AurRunOptions {
  dryRun?: boolean;
  yes?: boolean;
  buildUser?: string;
  root?: string;
  dbpath?: string;
}

/**
 * Resolves, reviews, builds and installs AUR packages (the flow of `aur install`); `pick` chooses the
 * names from the resolver once it is open (`aur upgrade` picks the foreign packages the AUR has newer).
 */
async function runAurInstall(
  raw: AurRunOptions & { names: string[] },
  context: import('@venom/core').CommandContext,
  pick?: (
    resolver: import('../../resolve/pacman/create-pacman-resolver.js').PacmanResolver,
    client: import('../../backends/aur/create-aur-client.js').AurClient,
  ) => Promise<{ names: string[]; upgrades: AurUpgrade[] }>,
): Promise<AurInstallOutput> {
  const { VenomError } = await import('@venom/core');
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { createAurClient } = await import('../../backends/aur/create-aur-client.js');
  const { createPacmanResolver } = await import('../../resolve/pacman/create-pacman-resolver.js');
  const { resolveAurPlan } = await import('../../aur/resolve-aur-plan.js');
  const { fetchAndReview, executeAurInstall } = await import('../../aur/execute-aur-install.js');
  const { resolveBuildUser } = await import('../../aur/build-aur-package.js');
  const { openService, omgPaths, warnAboutSources } = await import('../open-service.js');
  const dryRun = raw.dryRun === true;
  const yes = raw.yes === true;
  const uid = process.getuid?.() ?? 0;
  const paths = omgPaths(context, typeof raw.root === 'string' ? raw.root : undefined, raw.dbpath);
  if (paths.backend !== 'pacman') {
    throw new VenomError({
      code: 'AUR_NEEDS_PACMAN',
      category: 'environment',
      message: `AUR packages install with pacman, and ${paths.root} is not a pacman system`,
      hint: 'Point --root/--dbpath at an Arch root.',
    });
  }
  if (!dryRun && !yes && context.stdin.isTTY !== true) {
    throw new VenomError({
      code: 'AUR_REVIEW_NEEDS_TERMINAL',
      category: 'usage',
      message: 'reviewing PKGBUILDs needs a terminal, and stdin is not one',
      hint: `Check the plan and PKGBUILDs with '${pick === undefined ? `omg aur install ${raw.names.join(' ')}` : 'omg aur upgrade'} --dry-run', then run it again with --yes.`,
    });
  }
  // Fail early (before any download) when a build would be impossible.
  const buildUser = dryRun
    ? undefined
    : await resolveBuildUser({ uid, buildUser: raw.buildUser, env: context.env });
  const client = createAurClient(
    context.env.OMG_AUR_URL === undefined ? {} : { baseUrl: context.env.OMG_AUR_URL },
  );
  const { service, report } = await openService(paths);
  try {
    warnAboutSources(context, report);
    const resolver = createPacmanResolver(service.index);
    let names = raw.names;
    let upgrades: AurUpgrade[] | undefined;
    if (pick !== undefined) {
      ({ names, upgrades } = await pick(resolver, client));
      if (names.length === 0) return { dryRun, plan: undefined, reviews: [], upgrades };
    }
    const plan = await resolveAurPlan(names, { client, resolver });
    if (plan.problems.length > 0) {
      const suggestions = plan.problems.flatMap((problem) => problem.suggestions ?? []);
      const notFound = plan.problems.some((problem) => problem.message.startsWith('target not found'));
      throw new VenomError({
        code: notFound ? 'AUR_PACKAGE_NOT_FOUND' : 'AUR_PLAN_PROBLEMS',
        category: 'usage',
        message: plan.problems.map((problem) => problem.message).join('\n'),
        ...(suggestions.length > 0
          ? { hint: `Did you mean ${suggestions.map((name) => `'${name}'`).join(', ')}?` }
          : {}),
        details: { problems: plan.problems },
      });
    }
    const progress = context.progress('aur');
    if (dryRun) {
      const reviewed = await fetchAndReview(plan, {
        client,
        cacheDir: paths.cacheDir,
        stateDir: paths.stateDir,
        onEvent: (event) =>
          progress.update(`${event.type} ${'packageBase' in event ? event.packageBase : ''}`),
      });
      progress.done();
      return {
        dryRun,
        plan,
        reviews: reviewed.map((entry) => entry.review),
        ...(upgrades === undefined ? {} : { upgrades }),
      };
    }
    const reviews: AurInstallOutput['reviews'] = [];
    const root = paths.root === '/' ? undefined : paths.root;
    const config = root === undefined ? undefined : join(root, 'etc/pacman.conf');
    const interactive = !yes && !context.globals.json;
    const result = await executeAurInstall(plan, {
      client,
      cacheDir: paths.cacheDir,
      stateDir: paths.stateDir,
      buildUser,
      env: context.env,
      pacman: {
        uid,
        root,
        databasePath: paths.databasePath ?? (root === undefined ? undefined : join(root, 'var/lib/pacman')),
        config: config !== undefined && existsSync(config) ? config : undefined,
        env: context.env,
        noConfirm: !interactive,
        inheritTerminal: interactive,
        onOutput: (chunk) => {
          if (!context.globals.quiet) context.stderr.write(chunk);
        },
        signal: context.signal,
      },
      async approve(review) {
        reviews.push(review);
        if (yes) return true;
        context.stderr.write(reviewText(review));
        return askYesNo(context, `Approve the PKGBUILD of ${review.packageBase}?`);
      },
      onEvent: (event) => {
        if (!context.globals.quiet && event.type !== 'review-approve')
          context.stderr.write(
            `==> ${event.type} ${'packageBase' in event ? event.packageBase : event.packages.join(' ')}\n`,
          );
      },
      onOutput: (chunk) => {
        if (context.globals.verbose) context.stderr.write(chunk);
      },
      signal: context.signal,
    });
    return { dryRun, plan, reviews, result, ...(upgrades === undefined ? {} : { upgrades }) };
  } finally {
    await service.index.close();
  }
}

/** Prints an AUR install or upgrade: the upgrades found, the build plan, reviews or results. */
function renderAurInstall(output: AurInstallOutput, lines: import('@venom/core').Output): void {
  for (const item of output.upgrades ?? []) {
    if (item.available === undefined) lines.line(`  ${item.name} ${item.installed}: not in the AUR`);
    else if (item.upgrade) lines.line(`  ${item.name} ${item.installed} -> ${item.available}`);
  }
  const { plan } = output;
  if (plan === undefined) {
    lines.line('AUR packages are up to date.');
    return;
  }

  lines.line(lines.style.bold('AUR packages, in build order:'));
  for (const build of plan.builds) {
    const after = build.after.length > 0 ? ` after ${build.after.join(', ')}` : '';
    const by = build.requested ? '' : ` (for ${build.requiredBy.join(', ')})`;
    lines.line(`  ${build.packageBase} ${build.version} [${build.packages.join(' ')}]${by}${after}`);
  }
  for (const [dependency, provider] of Object.entries(plan.providers ?? {}))
    lines.line(`  ${dependency}: provided by ${provider}`);
  const repository = plan.repositoryPlan.packages.filter((item) => item.action !== 'remove');
  if (repository.length > 0) {
    lines.line(lines.style.bold('Repository dependencies (pacman -S --asdeps):'));
    for (const item of repository)
      lines.line(`  ${item.repository}/${item.name} ${item.version} (for ${item.requiredBy.join(', ')})`);
  }
  if (output.dryRun) {
    for (const review of output.reviews) lines.line(reviewText(review).replace(/\n$/, ''));
    lines.line('Dry run: nothing was built or installed.');
  } else {
    for (const built of output.result?.built ?? [])
      lines.line(`installed ${built.packageBase} ${built.version}: ${built.files.join(' ')}`);
  }
}

export const aurInstallCommand = defineCommand({
  name: 'aur install',
  summary: 'Build and install AUR packages: resolve dependencies, review each PKGBUILD, makepkg, pacman -U',
  description: [
    'Dependencies come from the sync repositories when they have them (installed first with pacman -S --asdeps), else from the AUR (built first, in order).',
    'Every PKGBUILD that is new or changed since you last approved it is shown (as a diff when you approved an older one) and must be approved on a terminal; without a terminal pass --yes (after checking with --dry-run). Approvals are kept in omg state directory.',
    'makepkg refuses root: as root, name an unprivileged account with --build-user or OMG_BUILD_USER. pacman runs through sudo when omg is not root.',
    'OMG_AUR_URL sets the AUR base URL (RPC and snapshots). Exits 2 for unknown names (with close names) or a refused review, 3 when the build or pacman fails, 4 when the AUR fails or rate-limits.',
  ].join('\n\n'),
  examples: [
    'omg aur install yay --dry-run',
    'omg aur install paru --yes --json',
    'sudo omg aur install yay --build-user builder',
  ],
  positionals: [{ name: 'names', description: 'AUR package names', required: true, variadic: true }],
  options: {
    'dry-run': {
      type: 'boolean',
      description: 'show the build plan and the PKGBUILDs (or their diffs), then stop',
    },
    yes: { type: 'boolean', short: 'y', description: 'approve the PKGBUILDs and the plan without asking' },
    'build-user': {
      type: 'string',
      valueName: 'user',
      description: 'the account makepkg runs as when omg runs as root',
    },
    root: {
      type: 'string',
      valueName: 'dir',
      description: 'install under this root (pacman --root; its databases and etc/pacman.conf)',
    },
    dbpath: {
      type: 'string',
      valueName: 'dir',
      description: "pacman's database directory (pacman --dbpath)",
    },
  },
  async run(
    raw: {
      names: string[];
      dryRun?: boolean;
      yes?: boolean;
      buildUser?: string;
      root?: string;
      dbpath?: string;
    },
    context,
  ): Promise<AurInstallOutput> {
    return runAurInstall(raw, context);
  },
  render(output, lines) {
    renderAurInstall(output, lines);
  },
});

export const aurUpgradeCommand = defineCommand({
  name: 'aur upgrade',
  summary: 'Rebuild the installed AUR packages the AUR has newer versions of (pacman -Qm, then RPC info)',
  description: [
    "Foreign packages (installed, in no sync repository) are looked up in the AUR in one info request; those with a newer AUR version go through the same plan, PKGBUILD review, makepkg build and pacman -U as `omg aur install` (pacman keeps each one's install reason). Foreign packages the AUR does not know are listed and left alone.",
    'Development packages (-git and other VCS builds) are upgraded only when the AUR version changes; omg does not check their upstream repositories.',
  ].join('\n\n'),
  examples: ['omg aur upgrade --dry-run', 'omg aur upgrade --yes --json'],
  options: {
    'dry-run': {
      type: 'boolean',
      description: 'show the upgrades, the build plan and the PKGBUILDs, then stop',
    },
    yes: { type: 'boolean', short: 'y', description: 'approve the PKGBUILDs and the plan without asking' },
    'build-user': {
      type: 'string',
      valueName: 'user',
      description: 'the account makepkg runs as when omg runs as root',
    },
    root: { type: 'string', valueName: 'dir', description: 'upgrade under this root (pacman --root)' },
    dbpath: {
      type: 'string',
      valueName: 'dir',
      description: "pacman's database directory (pacman --dbpath)",
    },
  },
  async run(raw: AurRunOptions, context): Promise<AurInstallOutput> {
    const { comparePacmanVersions } = await import('../../versions/compare-pacman-versions.js');
    return runAurInstall({ ...raw, names: [] }, context, async (resolver, client) => {
      const foreign = resolver.foreignPackages();
      const known = new Map(
        (foreign.length === 0 ? [] : await client.info(foreign.map((item) => item.name))).map((info) => [
          info.Name,
          info.Version,
        ]),
      );
      const upgrades: AurUpgrade[] = foreign.map((item) => {
        const available = known.get(item.name);
        return {
          name: item.name,
          installed: item.version,
          available,
          upgrade: available !== undefined && comparePacmanVersions(available, item.version) > 0,
        };
      });
      return { names: upgrades.filter((item) => item.upgrade).map((item) => item.name), upgrades };
    });
  },
  render(output, lines) {
    renderAurInstall(output, lines);
  },
});

export const aurIndexCommand = defineCommand({
  name: 'aur index',
  summary: "Build the offline AUR search index from the AUR's metadata dump (packages-meta-ext-v1.json.gz)",
  description:
    'The dump is https://aur.archlinux.org/packages-meta-ext-v1.json.gz (or packages-meta-v1.json.gz), downloaded by you; the path may also come from OMG_AUR_METADATA. Afterwards `omg aur search` answers from the index without a request. Exits 2 when the file is missing or not a dump.',
  examples: ['omg aur index ~/Downloads/packages-meta-ext-v1.json.gz'],
  positionals: [{ name: 'file', description: 'the metadata dump (gzip or plain JSON)' }],
  async run(
    input: { file?: string },
    context,
  ): Promise<import('../../aur/aur-metadata-index.js').AurMetadataIndexState> {
    const { VenomError, resolveToolPaths } = await import('@venom/core');
    const { resolve } = await import('node:path');
    const { buildAurMetadataIndex } = await import('../../aur/aur-metadata-index.js');
    const file = input.file ?? context.env.OMG_AUR_METADATA;
    if (file === undefined || file === '') {
      throw new VenomError({
        code: 'USAGE',
        category: 'usage',
        message: 'no AUR metadata dump given',
        hint: 'Pass the path of packages-meta-ext-v1.json.gz, or set OMG_AUR_METADATA.',
      });
    }
    return buildAurMetadataIndex(resolve(context.cwd, file), resolveToolPaths('omg', context.env).cacheDir);
  },
  render(state, output) {
    output.line(`indexed ${state.packageCount} AUR packages from ${state.source}`);
  },
});
