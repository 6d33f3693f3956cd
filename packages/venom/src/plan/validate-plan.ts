import { didYouMean } from '@venom/core';
import type { ZodType } from 'zod';
import type { PlanStep } from '../intent/index.js';
import type { SkillAction, SkillRegistry } from '../skills/index.js';
import type { PlanProblem } from './plan-run.js';
import { findReferences, REFERENCE_FIELDS } from './resolve-references.js';

type Zod = typeof import('zod').z;

let zodModule: Zod | undefined;

/** zod, loaded on first use so that importing the plan module stays cheap. */
export async function loadZod(): Promise<Zod> {
  zodModule ??= (await import('zod')).z;
  return zodModule;
}

const schemas = new WeakMap<SkillAction, ZodType>();

/** The action's parameter schema, built once per action. */
export function paramsSchemaOf(action: SkillAction, z: Zod): ZodType {
  let schema = schemas.get(action);
  if (schema === undefined) {
    schema = action.params(z);
    schemas.set(action, schema);
  }
  return schema;
}

function label(step: PlanStep): string {
  return `step ${step.id} (${step.skill}.${step.action})`;
}

function isPrefix(prefix: ReadonlyArray<PropertyKey>, path: ReadonlyArray<PropertyKey>): boolean {
  return (
    prefix.length <= path.length && prefix.every((segment, index) => String(segment) === String(path[index]))
  );
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.length === 0 ? 'params' : `params.${path.map(String).join('.')}`;
}

/** Problems with skill, action and params; schema issues inside a value that holds a reference wait for run time. */
function checkAction(step: PlanStep, registry: SkillRegistry, z: Zod, problems: PlanProblem[]): void {
  const skill = registry.get(step.skill);
  if (skill === undefined) {
    const suggestion = didYouMean(
      step.skill,
      registry.list().map((known) => known.name),
    );
    problems.push({
      stepId: step.id,
      code: 'SKILL_UNKNOWN',
      message: `${label(step)}: no skill is named '${step.skill}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`} Run 'venom skills list' to see them.`,
    });
    return;
  }
  const action = registry.findAction(step.skill, step.action);
  if (action === undefined) {
    const names = skill.actions.map((known) => known.name);
    const suggestion = didYouMean(step.action, names);
    problems.push({
      stepId: step.id,
      code: 'ACTION_UNKNOWN',
      message: `${label(step)}: skill '${step.skill}' has no action '${step.action}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`} Its actions: ${names.join(', ')}.`,
    });
    return;
  }
  const parsed = paramsSchemaOf(action, z).safeParse(step.params ?? {});
  if (parsed.success) return;
  const referenceLocations = findReferences(step.params).map((reference) => reference.location);
  const issues = parsed.error.issues.filter(
    (issue) => !referenceLocations.some((location) => isPrefix(location, issue.path)),
  );
  for (const issue of issues) {
    problems.push({
      stepId: step.id,
      code: 'PARAMS_INVALID',
      message: `${label(step)}: ${formatPath(issue.path)}: ${issue.message}`,
    });
  }
}

/** The first cycle found from each unvisited step, as a closed path of ids (`s1 -> s2 -> s1`). */
function findCycles(steps: PlanStep[], byId: Map<string, PlanStep>): string[][] {
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[][] = [];
  const trail: string[] = [];
  function visit(id: string): void {
    state.set(id, 'visiting');
    trail.push(id);
    for (const dependency of byId.get(id)?.dependsOn ?? []) {
      if (!byId.has(dependency)) continue;
      const seen = state.get(dependency);
      if (seen === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(dependency)), dependency]);
      } else if (seen === undefined) {
        visit(dependency);
      }
    }
    trail.pop();
    state.set(id, 'done');
  }
  for (const step of steps) if (!state.has(step.id)) visit(step.id);
  return cycles;
}

/** Every step `id` depends on, directly or through others (cycles tolerated). */
function ancestorsOf(id: string, byId: Map<string, PlanStep>): Set<string> {
  const found = new Set<string>();
  const queue = [...(byId.get(id)?.dependsOn ?? [])];
  while (queue.length > 0) {
    const next = queue.pop() as string;
    if (found.has(next) || !byId.has(next)) continue;
    found.add(next);
    queue.push(...(byId.get(next)?.dependsOn ?? []));
  }
  return found;
}

function checkReferences(step: PlanStep, byId: Map<string, PlanStep>, problems: PlanProblem[]): void {
  const references = findReferences(step.params);
  if (references.length === 0) return;
  const ancestors = ancestorsOf(step.id, byId);
  for (const reference of references) {
    const where = `${label(step)}: ${formatPath(reference.location)}: ${reference.source}`;
    let reason: string | undefined;
    if (reference.stepId === step.id) {
      reason = 'a step cannot use its own result';
    } else if (!byId.has(reference.stepId)) {
      reason = `no step has the id '${reference.stepId}'`;
    } else if (!ancestors.has(reference.stepId)) {
      reason = `step '${reference.stepId}' is not among its dependencies, so it may not have run yet; add '${reference.stepId}' to dependsOn`;
    } else if (!(REFERENCE_FIELDS as readonly string[]).includes(reference.path[0] ?? '')) {
      reason = `a reference reads ${REFERENCE_FIELDS.join(', ')} of a step, like \${${reference.stepId}.output}`;
    }
    if (reason !== undefined)
      problems.push({ stepId: step.id, code: 'REFERENCE_INVALID', message: `${where}: ${reason}` });
  }
}

/**
 * Checks a plan before anything runs: duplicate ids, unknown skills and actions (with a suggestion),
 * params against each action's schema, dependencies on missing steps, cycles (named as a path), and
 * `${step.output.path}` references, which must name a step listed directly or transitively in
 * dependsOn. Every problem names its step. zod is loaded on the first call.
 */
export async function validatePlan(
  steps: PlanStep[],
  registry: SkillRegistry,
): Promise<{ ok: true } | { ok: false; problems: PlanProblem[] }> {
  const z = await loadZod();
  const problems: PlanProblem[] = [];
  if (steps.length === 0) {
    problems.push({ stepId: null, code: 'DEPENDENCY_MISSING', message: 'the plan has no steps' });
  }
  const byId = new Map<string, PlanStep>();
  for (const step of steps) {
    if (byId.has(step.id)) {
      problems.push({
        stepId: step.id,
        code: 'ID_DUPLICATE',
        message: `${label(step)}: another step already has the id '${step.id}'; every step needs its own id`,
      });
    } else {
      byId.set(step.id, step);
    }
  }
  for (const step of steps) {
    checkAction(step, registry, z, problems);
    for (const dependency of step.dependsOn ?? []) {
      if (dependency === step.id) continue;
      if (!byId.has(dependency)) {
        const suggestion = didYouMean(dependency, byId.keys());
        problems.push({
          stepId: step.id,
          code: 'DEPENDENCY_MISSING',
          message: `${label(step)}: depends on '${dependency}', but no step has that id${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`,
        });
      }
    }
  }
  for (const cycle of findCycles(steps, byId)) {
    problems.push({
      stepId: cycle[0] ?? null,
      code: 'CYCLE',
      message:
        cycle.length === 2
          ? `step ${cycle[0]} depends on itself`
          : `steps depend on each other in a cycle: ${cycle.join(' -> ')}; remove one of these dependencies`,
    });
  }
  for (const step of steps) checkReferences(step, byId, problems);
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}
