import { defineCommand, didYouMean, VenomError } from '@venom/core';
import { openRuntime } from '../runtime.js';

export const skillsShowCommand = defineCommand({
  name: 'skills show',
  summary: "Show one skill: its description, instructions, and each action's risk and parameters",
  positionals: [{ name: 'skill', description: 'skill name, e.g. git', required: true }],
  input: (z) => z.object({ skill: z.string().min(1) }),
  async run(input, context) {
    const runtime = await openRuntime(context, 'skills show');
    try {
      const { openExecutionServices } = await import('../execution-services.js');
      const services = await openExecutionServices(runtime, context);
      await services.close();
      const skill = services.registry.get(input.skill);
      if (skill === undefined) {
        const suggestion = didYouMean(
          input.skill,
          services.registry.list().map((entry) => entry.name),
        );
        throw new VenomError({
          code: 'SKILL_UNKNOWN',
          category: 'usage',
          message: `no skill '${input.skill}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`,
          hint: "Run 'venom skills list'.",
        });
      }
      const { z } = await import('zod');
      return {
        name: skill.name,
        description: skill.description,
        source: skill.source,
        ...(skill.location === undefined ? {} : { location: skill.location }),
        ...(skill.instructions === undefined ? {} : { instructions: skill.instructions }),
        actions: skill.actions.map((action) => ({
          name: action.name,
          description: action.description,
          risk: action.risk,
          mutating: action.mutating,
          parameters: z.toJSONSchema(action.params(z), { unrepresentable: 'any' }),
        })),
      };
    } finally {
      runtime.close();
    }
  },
  render(result, output) {
    output.line(`${output.style.bold(result.name)} (${result.source})  ${result.description}`);
    if (result.location !== undefined) output.line(output.style.dim(result.location));
    for (const action of result.actions) {
      output.line();
      output.line(`  ${output.style.bold(`${result.name}.${action.name}`)}  risk: ${action.risk}`);
      output.line(`    ${action.description}`);
      const properties =
        (action.parameters as { properties?: Record<string, { type?: unknown; description?: string }> })
          .properties ?? {};
      const required = new Set((action.parameters as { required?: string[] }).required ?? []);
      for (const [name, schema] of Object.entries(properties)) {
        output.line(
          `    ${name}${required.has(name) ? '' : '?'}: ${String(schema.type ?? 'any')}${schema.description === undefined ? '' : `  ${output.style.dim(schema.description)}`}`,
        );
      }
    }
    if (result.instructions !== undefined) {
      output.line();
      output.line(result.instructions);
    }
  },
});
