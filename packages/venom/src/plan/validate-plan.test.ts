// biome-ignore-all lint/suspicious/noTemplateCurlyInString: plan references are written like ${s1.output}
import { describe, expect, it } from 'vitest';
import type { PlanStep } from '../intent/index.js';
import { createSkillRegistry, type Skill, type SkillAction } from '../skills/index.js';
import { resolveReferences } from './resolve-references.js';
import { validatePlan } from './validate-plan.js';

function action(name: string, params: SkillAction['params']): SkillAction {
  return {
    name,
    description: name,
    risk: 'read',
    mutating: false,
    params,
    describe: () => ({ summary: name }),
    execute: async () => ({ ok: true, output: null, text: '', exitCode: 0, durationMs: 0 }),
  };
}

const files: Skill = {
  name: 'files',
  description: 'files',
  source: 'builtin',
  actions: [
    action('list', (z) => z.object({ pattern: z.string() }).strict()),
    action('read', (z) => z.object({ paths: z.array(z.string()), limit: z.number().optional() }).strict()),
  ],
};
const registry = createSkillRegistry([files]);

function step(id: string, extra: Partial<PlanStep> = {}): PlanStep {
  return { id, skill: 'files', action: 'list', params: { pattern: '*.ts' }, dependsOn: [], ...extra };
}

async function problemsOf(steps: PlanStep[]) {
  const result = await validatePlan(steps, registry);
  return result.ok ? [] : result.problems;
}

describe('validatePlan', () => {
  it('accepts a well-formed plan with a reference to a transitive dependency', async () => {
    const result = await validatePlan(
      [
        step('s1'),
        step('s2', { dependsOn: ['s1'] }),
        step('s3', { action: 'read', params: { paths: '${s1.output.files}' }, dependsOn: ['s2'] }),
      ],
      registry,
    );
    expect(result).toEqual({ ok: true });
  });

  it('names a cycle as the path of steps and the step it starts from', async () => {
    const problems = await problemsOf([
      step('s1', { dependsOn: ['s3'] }),
      step('s2', { dependsOn: ['s1'] }),
      step('s3', { dependsOn: ['s2'] }),
    ]);
    expect(problems).toEqual([
      {
        stepId: 's1',
        code: 'CYCLE',
        message: expect.stringContaining('s1 -> s3 -> s2 -> s1'),
      },
    ]);
  });

  it('reports a step that depends on itself', async () => {
    const problems = await problemsOf([step('s1', { dependsOn: ['s1'] })]);
    expect(problems).toEqual([{ stepId: 's1', code: 'CYCLE', message: 'step s1 depends on itself' }]);
  });

  it('reports a dependency on a missing step, with a suggestion', async () => {
    const problems = await problemsOf([step('build'), step('test', { dependsOn: ['biuld'] })]);
    expect(problems).toEqual([
      {
        stepId: 'test',
        code: 'DEPENDENCY_MISSING',
        message: "step test (files.list): depends on 'biuld', but no step has that id; did you mean 'build'?",
      },
    ]);
  });

  it('reports references to a missing step, to a step not depended on, to itself and to an unknown field', async () => {
    const problems = await problemsOf([
      step('s1'),
      step('s2', {
        action: 'read',
        params: { paths: ['${s9.output.files}', '${s1.output.files.0}', '${s2.text}'] },
      }),
      step('s3', { params: { pattern: '${s1.stdout}' }, dependsOn: ['s1'] }),
    ]);
    expect(problems.map((problem) => [problem.stepId, problem.code])).toEqual([
      ['s2', 'REFERENCE_INVALID'],
      ['s2', 'REFERENCE_INVALID'],
      ['s2', 'REFERENCE_INVALID'],
      ['s3', 'REFERENCE_INVALID'],
    ]);
    expect(problems[0]?.message).toBe(
      "step s2 (files.read): params.paths.0: ${s9.output.files}: no step has the id 's9'",
    );
    expect(problems[1]?.message).toContain("add 's1' to dependsOn");
    expect(problems[2]?.message).toContain('cannot use its own result');
    expect(problems[3]?.message).toContain('reads output, text, exitCode, ok');
  });

  it('reports unknown skills and actions with suggestions, and schema errors with their key', async () => {
    const problems = await problemsOf([
      step('s1', { skill: 'flies' }),
      step('s2', { action: 'raed' }),
      step('s3', { params: { pattern: 7 } }),
      step('s4', { action: 'read', params: { paths: [], extra: true } }),
    ]);
    expect(problems.map((problem) => [problem.stepId, problem.code])).toEqual([
      ['s1', 'SKILL_UNKNOWN'],
      ['s2', 'ACTION_UNKNOWN'],
      ['s3', 'PARAMS_INVALID'],
      ['s4', 'PARAMS_INVALID'],
    ]);
    expect(problems[0]?.message).toContain("did you mean 'files'?");
    expect(problems[1]?.message).toContain("did you mean 'read'?");
    expect(problems[2]?.message).toMatch(/^step s3 \(files\.list\): params\.pattern: /);
    expect(problems[3]?.message).toContain('extra');
  });

  it('leaves the schema check of a value that holds a reference to run time', async () => {
    const problems = await problemsOf([
      step('s1'),
      step('s2', {
        action: 'read',
        params: { paths: '${s1.output.files}', limit: 'ten' },
        dependsOn: ['s1'],
      }),
    ]);
    expect(problems).toEqual([
      { stepId: 's2', code: 'PARAMS_INVALID', message: expect.stringContaining('params.limit') },
    ]);
  });

  it('reports duplicate ids and an empty plan', async () => {
    expect(await problemsOf([step('s1'), step('s1')])).toEqual([
      {
        stepId: 's1',
        code: 'ID_DUPLICATE',
        message: expect.stringContaining("another step already has the id 's1'"),
      },
    ]);
    expect(await problemsOf([])).toEqual([
      { stepId: null, code: 'DEPENDENCY_MISSING', message: 'the plan has no steps' },
    ]);
  });
});

describe('resolveReferences', () => {
  const outputs = {
    s1: {
      output: { files: ['a.ts', 'b.ts'], count: 2, nested: { ok: true } },
      text: 'two files',
      exitCode: 0,
      ok: true,
    },
  };

  it('replaces a whole-value reference with the value itself, keeping its type', () => {
    expect(resolveReferences({ paths: '${s1.output.files}', count: '${s1.output.count}' }, outputs)).toEqual({
      paths: ['a.ts', 'b.ts'],
      count: 2,
    });
  });

  it('writes references inside a longer string as text, indexes lists, and recurses', () => {
    expect(
      resolveReferences(
        {
          message: 'found ${s1.output.count}: ${s1.output.files.1} (${s1.text})',
          list: ['${s1.output.files.0}', { deep: '${s1.output.nested}' }],
          json: 'files=${s1.output.files}',
        },
        outputs,
      ),
    ).toEqual({
      message: 'found 2: b.ts (two files)',
      list: ['a.ts', { deep: { ok: true } }],
      json: 'files=["a.ts","b.ts"]',
    });
  });

  it('leaves shell variables without a dot alone', () => {
    expect(resolveReferences({ command: 'echo ${HOME} $PATH' }, outputs)).toEqual({
      command: 'echo ${HOME} $PATH',
    });
  });

  it('names the reference that cannot be resolved', () => {
    expect(() => resolveReferences({ paths: '${s1.output.missing}' }, outputs)).toThrow(
      expect.objectContaining({
        code: 'REFERENCE_UNRESOLVED',
        message: expect.stringContaining("'s1.output.missing'"),
      }),
    );
    expect(() => resolveReferences({ paths: 'x ${s2.output}' }, outputs)).toThrow(
      expect.objectContaining({
        code: 'REFERENCE_UNRESOLVED',
        message: expect.stringContaining("step 's2' has no result"),
      }),
    );
  });
});
