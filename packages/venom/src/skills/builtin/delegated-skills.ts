import { findExecutable } from '@venom/core';
import type { Skill, SkillAction, SkillContext, SkillResult } from '../types.js';
import { failure, formatCommand, runHostTool } from './action-helpers.js';

/**
 * Runs `omg` on the host (its state lives outside the workspace, where the sandbox cannot write); the
 * policy has already approved the call by its risk. Missing omg is a clear ok:false result.
 */
async function runOmg(context: SkillContext, args: string[]): Promise<SkillResult> {
  const startedAt = Date.now();
  const omg = findExecutable('omg', context.env);
  if (omg === undefined)
    return failure(
      `omg is not installed (not on PATH); it provides runtime and package management. Run '${formatCommand(['omg', ...args])}' after installing it.`,
      startedAt,
      { omg: false },
    );
  const output = await runHostTool(context, omg, [...args, '--json'], { timeoutMs: 300_000 });
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(output.stdout);
  } catch {
    parsed = { stdout: output.stdout };
  }
  const ok = output.exitCode === 0;
  if (output.exitCode === 2 && args[0] === 'runtime') {
    return failure(
      `this omg has no runtime commands yet ('omg ${args.slice(0, 2).join(' ')}' was refused): ${output.stderr.trim()}`,
      startedAt,
      null,
      2,
    );
  }
  const text = ok
    ? typeof parsed === 'object' && parsed !== null && 'stdout' in parsed
      ? output.stdout
      : JSON.stringify(parsed, null, 2)
    : output.stderr.trim() || output.stdout.trim();
  return { ok, output: parsed, text, exitCode: output.exitCode, durationMs: Date.now() - startedAt };
}

/** Refuses a value omg would read as an option. */
function optionSafe(value: string): string {
  if (value.startsWith('-')) throw new TypeError(`'${value}' cannot start with '-'`);
  return value;
}

const runtimes = ['node', 'bun', 'python', 'go', 'rust', 'ruby', 'java'] as const;

const runtimeUse: SkillAction<{ runtime: string; version: string; scope?: string }> = {
  name: 'use',
  description:
    'Use a runtime version (writes a version file in the project, or the global default), through omg.',
  risk: 'write',
  mutating: true,
  params: (z) =>
    z
      .object({
        runtime: z.enum(runtimes),
        version: z.string().min(1),
        scope: z.enum(['project', 'global']).optional(),
      })
      .strict(),
  describe: (params) => ({
    summary: `use ${params.runtime} ${params.version}`,
    command: formatCommand([
      'omg',
      'runtime',
      'use',
      params.runtime,
      params.version,
      ...(params.scope === 'global' ? ['--global'] : []),
    ]),
  }),
  execute: (context, params) =>
    runOmg(context, [
      'runtime',
      'use',
      params.runtime,
      optionSafe(params.version),
      ...(params.scope === 'global' ? ['--global'] : []),
    ]),
};

const runtimeCurrent: SkillAction<{ runtime?: string }> = {
  name: 'current',
  description: 'Which runtime versions are active here (one runtime, or all), through omg.',
  risk: 'read',
  mutating: false,
  params: (z) => z.object({ runtime: z.enum(runtimes).optional() }).strict(),
  describe: (params) => ({
    summary: `current ${params.runtime ?? 'runtime'} versions`,
    command: formatCommand([
      'omg',
      'runtime',
      'current',
      ...(params.runtime === undefined ? [] : [params.runtime]),
    ]),
  }),
  execute: (context, params) =>
    runOmg(context, ['runtime', 'current', ...(params.runtime === undefined ? [] : [params.runtime])]),
};

const runtimeList: SkillAction<{ runtime?: string; available?: boolean }> = {
  name: 'list',
  description: 'Installed (or installable) runtime versions, through omg.',
  risk: 'read',
  mutating: false,
  params: (z) =>
    z.object({ runtime: z.enum(runtimes).optional(), available: z.boolean().optional() }).strict(),
  describe: (params) => ({
    summary: 'list runtime versions',
    command: formatCommand([
      'omg',
      'runtime',
      'list',
      ...(params.available ? ['--available'] : []),
      ...(params.runtime === undefined ? [] : [params.runtime]),
    ]),
  }),
  execute: (context, params) =>
    runOmg(context, [
      'runtime',
      'list',
      ...(params.available ? ['--available'] : []),
      ...(params.runtime === undefined ? [] : [params.runtime]),
    ]),
};

const packagesSearch: SkillAction<{ term: string }> = {
  name: 'search',
  description: 'Search system packages (apt, pacman, AUR) through omg.',
  risk: 'read',
  mutating: false,
  params: (z) => z.object({ term: z.string().min(1) }).strict(),
  describe: (params) => ({
    summary: `search packages for ${params.term}`,
    command: formatCommand(['omg', 'search', params.term]),
  }),
  execute: (context, params) => runOmg(context, ['search', optionSafe(params.term)]),
};

const packagesInfo: SkillAction<{ name: string }> = {
  name: 'info',
  description: 'Details of one system package, through omg.',
  risk: 'read',
  mutating: false,
  params: (z) => z.object({ name: z.string().min(1) }).strict(),
  describe: (params) => ({
    summary: `package ${params.name}`,
    command: formatCommand(['omg', 'info', params.name]),
  }),
  execute: (context, params) => runOmg(context, ['info', optionSafe(params.name)]),
};

/** The runtime skill (omg): use, current, list. */
export function runtimeSkill(): Skill {
  return {
    name: 'runtime',
    description: 'Runtime versions (node, bun, python, go, rust, ruby, java) through omg.',
    source: 'builtin',
    actions: [runtimeUse, runtimeCurrent, runtimeList],
  };
}

/** The packages skill (omg): search, info. */
export function packagesSkill(): Skill {
  return {
    name: 'packages',
    description: 'System packages through omg.',
    source: 'builtin',
    actions: [packagesSearch, packagesInfo],
  };
}

const date = (z: typeof import('zod').z) => z.string().min(1).optional();

function cliAction<Params>(
  name: string,
  description: string,
  risk: 'read' | 'write',
  params: SkillAction<Params>['params'],
  command: (params: Params) => string[],
): SkillAction<Params> {
  return {
    name,
    description,
    risk,
    mutating: risk === 'write',
    params,
    describe: (value) => ({ summary: description, command: formatCommand(command(value)) }),
    async execute(_context, value) {
      const startedAt = Date.now();
      return failure(
        `venom.${name} is handled by the venom CLI: run '${formatCommand(command(value))}'.`,
        startedAt,
        { handledBy: 'cli', command: command(value) },
      );
    },
  };
}

/**
 * The venom skill: questions about venom itself (costs, budget, history, snapshots). The plan executor
 * or CLI answers them from its own stores; run here, each says which command does it.
 */
export function venomSkill(): Skill {
  return {
    name: 'venom',
    description: "Venom's own state: costs, budget, history, time-machine snapshots.",
    source: 'builtin',
    actions: [
      cliAction<{ since?: string; until?: string; groupBy?: string }>(
        'costs',
        "venom's model spending",
        'read',
        (z) =>
          z
            .object({
              since: date(z),
              until: date(z),
              groupBy: z.enum(['model', 'provider', 'day']).optional(),
            })
            .strict(),
        (params) => [
          'venom',
          'costs',
          ...(params.since === undefined ? [] : ['--since', params.since]),
          ...(params.until === undefined ? [] : ['--until', params.until]),
          ...(params.groupBy === undefined ? [] : ['--group-by', params.groupBy]),
        ],
      ),
      cliAction<Record<string, never>>(
        'budget',
        'budget left',
        'read',
        (z) => z.object({}).strict() as never,
        () => ['venom', 'budget'],
      ),
      cliAction<{ limit?: number; since?: string; until?: string }>(
        'history',
        'past venom requests',
        'read',
        (z) =>
          z
            .object({ limit: z.number().int().positive().optional(), since: date(z), until: date(z) })
            .strict(),
        (params) => [
          'venom',
          'history',
          ...(params.limit === undefined ? [] : ['--limit', String(params.limit)]),
          ...(params.since === undefined ? [] : ['--since', params.since]),
          ...(params.until === undefined ? [] : ['--until', params.until]),
        ],
      ),
      cliAction<{ limit?: number }>(
        'snapshots',
        'list time-machine snapshots',
        'read',
        (z) => z.object({ limit: z.number().int().positive().optional() }).strict(),
        (params) => [
          'venom',
          'snapshots',
          ...(params.limit === undefined ? [] : ['--limit', String(params.limit)]),
        ],
      ),
      cliAction<{ label?: string }>(
        'snapshot',
        'take a time-machine snapshot now',
        'write',
        (z) => z.object({ label: z.string().min(1).optional() }).strict(),
        (params) => ['venom', 'snapshot', ...(params.label === undefined ? [] : ['--label', params.label])],
      ),
    ],
  };
}
