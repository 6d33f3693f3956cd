import type { ZodType } from 'zod';
import { schemaLeaves, schemaTree } from './schema-tree.js';

/**
 * Every leaf key path of a config schema (`log.level`, `models.budget_daily_usd`), in declaration order:
 * for completion, did-you-mean and documentation.
 */
export function configKeys(schema: ZodType): string[] {
  return schemaLeaves(schemaTree(schema)).map((leaf) => leaf.path);
}
