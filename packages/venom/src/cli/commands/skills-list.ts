import { defineCommand } from '@venom/core';
import { openRuntime } from '../runtime.js';

export const skillsListCommand = defineCommand({
  name: 'skills list',
  summary: 'List the skills venom can use: built-ins and SKILL.md folders, with their actions and risk',
  async run(_input, context) {
    const runtime = await openRuntime(context, 'skills list');
    try {
      const { openExecutionServices } = await import('../execution-services.js');
      const services = await openExecutionServices(runtime, context);
      await services.close();
      return {
        skills: services.registry.list().map((skill) => ({
          name: skill.name,
          description: skill.description,
          source: skill.source,
          ...(skill.location === undefined ? {} : { location: skill.location }),
          actions: skill.actions.map((action) => ({ name: action.name, risk: action.risk })),
        })),
        problems: services.skillProblems,
      };
    } finally {
      runtime.close();
    }
  },
  render(result, output, context) {
    output.table(
      result.skills.map((skill) => [
        skill.name,
        skill.source,
        skill.actions
          .map(
            (action) => `${action.name}${action.risk === 'read' ? '' : output.style.dim(`(${action.risk})`)}`,
          )
          .join(' '),
      ]),
      { header: ['skill', 'source', 'actions'] },
    );
    for (const problem of result.problems) context.warn(`${problem.path}: ${problem.message}`);
  },
});
