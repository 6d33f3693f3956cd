import type { z as zod } from 'zod';
import type { Candidate } from './types.js';

type Zod = typeof zod;

/**
 * The `router` section of venom's configuration, as a function of zod (zod loads lazily; see
 * cli/config-schema.ts). Keys are snake_case like the rest of the file. `candidates` unset means
 * {@link defaultCandidates}; a list replaces the defaults entirely (a higher config layer replaces a
 * lower layer's list).
 *
 * ```yaml
 * router:
 *   cost_weight: 0.1
 *   candidates:
 *     - provider: ollama
 *       model: qwen3:8b
 *       local: true
 *       input_per_million_usd: 0
 *       output_per_million_usd: 0
 *       quality: { simple: 0.85, moderate: 0.6, complex: 0.3 }
 *       latency_ms: 15000
 *       capabilities: [tools]
 *       context_window: 40960
 * ```
 */
export function createRouterConfigSchema(z: Zod) {
  const rate = z.number().min(0).max(1);
  const price = z.number().nonnegative().nullable();
  const candidate = z
    .object({
      id: z.string().min(1).optional().describe('unique id; default <provider>/<model>'),
      provider: z
        .string()
        .min(1)
        .describe('provider name: anthropic, openai, google, openai-compatible, ollama'),
      model: z.string().min(1).describe('model name as the provider spells it'),
      local: z.boolean().default(false).describe('runs on this machine (eligible for local-only requests)'),
      input_per_million_usd: price.default(null).describe('USD per million input tokens; null = unknown'),
      output_per_million_usd: price.default(null).describe('USD per million output tokens; null = unknown'),
      quality: z
        .object({ simple: rate.optional(), moderate: rate.optional(), complex: rate.optional() })
        .strict()
        .default({})
        .describe('prior success rate per task class, 0..1'),
      latency_ms: z.number().int().nonnegative().default(5000).describe('typical time to a complete answer'),
      capabilities: z
        .array(z.string().min(1))
        .default([])
        .describe('tools, long-context, structured-output, …'),
      context_window: z.number().int().positive().optional().describe('input + output tokens accepted'),
    })
    .strict();
  return z
    .object({
      candidates: z
        .array(candidate)
        .optional()
        .describe('models the router may pick; unset = built-in defaults for the five providers'),
      prior_strength: z
        .number()
        .positive()
        .default(5)
        .describe('how many observed outcomes a quality prior is worth, at least'),
      adapt_prior_strength: z
        .boolean()
        .default(true)
        .describe(
          'raise the prior weight as outcomes show the quality priors are accurate (empirical Bayes)',
        ),
      cost_weight: z
        .number()
        .nonnegative()
        .default(0.1)
        .describe('success-rate points the priciest eligible model is worth giving up to avoid its price'),
      latency_weight: z
        .number()
        .nonnegative()
        .default(0)
        .describe('success-rate points the slowest eligible model is worth giving up to avoid its latency'),
      classifier: z
        .string()
        .min(1)
        .optional()
        .describe('candidate id of a cheap model that classifies task difficulty when the local tier cannot'),
    })
    .strict()
    .superRefine((section, context) => {
      const seen = new Set<string>();
      (section.candidates ?? []).forEach((entry, index) => {
        const id = entry.id ?? `${entry.provider}/${entry.model}`;
        if (seen.has(id)) {
          context.addIssue({
            code: 'custom',
            path: ['candidates', index, 'id'],
            message: `duplicate candidate id '${id}'; give one of them a distinct id`,
          });
        }
        seen.add(id);
      });
    })
    .default({ prior_strength: 5, adapt_prior_strength: true, cost_weight: 0.1, latency_weight: 0 });
}

/** The validated `router` configuration section. */
export type RouterConfig = zod.infer<ReturnType<typeof createRouterConfigSchema>>;

/** The candidates a validated `router` section describes ({@link defaultCandidates} when it lists none). */
export function candidatesFromConfig(section: RouterConfig, defaults: () => Candidate[]): Candidate[] {
  if (section.candidates === undefined) return defaults();
  return section.candidates.map((entry) => ({
    id: entry.id ?? `${entry.provider}/${entry.model}`,
    provider: entry.provider,
    model: entry.model,
    local: entry.local,
    inputPerMillionUsd: entry.input_per_million_usd,
    outputPerMillionUsd: entry.output_per_million_usd,
    qualityPrior: Object.fromEntries(
      Object.entries(entry.quality).filter(([, value]) => value !== undefined),
    ),
    latencyMs: entry.latency_ms,
    capabilities: entry.capabilities,
    ...(entry.context_window === undefined ? {} : { contextWindow: entry.context_window }),
  }));
}
