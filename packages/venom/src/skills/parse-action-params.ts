import { VenomError } from '@venom/core';
import type { SkillAction } from './types.js';

/**
 * Validates plan or model parameters against an action's schema. Wrong parameters are VenomError
 * SKILL_PARAMS_INVALID (usage) naming each bad key and what was expected.
 */
export async function parseActionParams<Params>(
  qualifiedName: string,
  action: SkillAction<Params>,
  params: unknown,
): Promise<Params> {
  const { z } = await import('zod');
  const parsed = action.params(z).safeParse(params ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => {
    const key = issue.path.length === 0 ? '(params)' : issue.path.join('.');
    return {
      key,
      message:
        issue.code === 'unrecognized_keys' ? `unknown parameter(s) ${issue.keys.join(', ')}` : issue.message,
    };
  });
  throw new VenomError({
    code: 'SKILL_PARAMS_INVALID',
    category: 'usage',
    message: `${qualifiedName}: ${issues.map((issue) => `${issue.key}: ${issue.message}`).join('; ')}`,
    hint: `See the parameters with 'venom skills show ${qualifiedName.split('.')[0]}'.`,
    details: { action: qualifiedName, issues },
  });
}

/** An action's parameters as JSON Schema, for models and `venom skills show`. */
export async function actionParamsJsonSchema(action: SkillAction): Promise<Record<string, unknown>> {
  const { z } = await import('zod');
  return z.toJSONSchema(action.params(z), { unrepresentable: 'any' }) as Record<string, unknown>;
}
