import type { Skill, SkillAction } from '../types.js';
import { fromSandboxRun, sandboxEnvironment } from './action-helpers.js';

const run: SkillAction<{ command: string }> = {
  name: 'run',
  description: 'Run a shell command line (sh -c) in the sandbox: workspace writable, no network.',
  risk: 'exec',
  mutating: true,
  params: (z) => z.object({ command: z.string().min(1) }).strict(),
  describe: (params) => ({ summary: `run: ${params.command}`, command: params.command }),
  async execute(context, params) {
    const result = await context.sandbox.run({
      argv: ['sh', '-c', params.command],
      cwd: context.workspace,
      network: false,
      env: sandboxEnvironment(context),
      signal: context.signal,
      onOutput: context.onOutput === undefined ? undefined : (_stream, chunk) => context.onOutput?.(chunk),
    });
    return fromSandboxRun(result, params.command, { sandbox: context.sandbox.kind });
  },
};

/** The shell skill: one action, run. */
export function shellSkill(): Skill {
  return {
    name: 'shell',
    description: 'Run shell commands in the sandbox.',
    source: 'builtin',
    actions: [run],
  };
}
