/**
 * intent/: the zero-cost local tier of `venom ask` (deterministic rules, no model) and the contract of
 * skill/action names it shares with the model-backed parser. See docs/architecture/intent.md.
 */
export {
  LOCAL_CONFIDENCE_THRESHOLD,
  type LocalIntent,
  type PlanStep,
  parseLocalIntent,
} from './parse-local-intent.js';
export { type SkillCatalogEntry, skillCatalog } from './skill-catalog.js';
