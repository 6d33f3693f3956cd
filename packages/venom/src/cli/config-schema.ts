import type { z as zod } from 'zod';
import { createRouterConfigSchema } from '../router/index.js';
import { createPolicyConfigSchema, createSandboxConfigSchema } from '../sandbox/index.js';
import { createMcpConfigSchema } from '../skills/index.js';

type Zod = typeof zod;

/**
 * venom's configuration, as a function of zod so that zod is loaded only by commands that read
 * configuration (it costs ~55 ms to import; `venom --help` must not pay for it).
 */
export function createVenomConfigSchema(z: Zod) {
  const providerSettings = (description: string) =>
    z
      .object({ base_url: z.string().url().optional().describe(`${description} API base URL`) })
      .strict()
      .default({});
  return z
    .object({
      log: z
        .object({
          level: z
            .enum(['debug', 'info', 'warn', 'error', 'silent'])
            .default('info')
            .describe('minimum level written to the log file'),
          stderr: z.boolean().default(false).describe('also write log records to stderr'),
        })
        .strict()
        .default({ level: 'info', stderr: false }),
      store: z
        .object({
          path: z.string().min(1).optional().describe('SQLite database file (default: <data dir>/venom.db)'),
        })
        .strict()
        .default({}),
      redis: z
        .object({
          url: z
            .string()
            .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
            .optional()
            .describe('Redis server for multi-machine use (redis://host:6379); unset = embedded SQLite only'),
        })
        .strict()
        .default({}),
      models: z
        .object({
          default: z.string().min(1).optional().describe('model used when routing has no preference'),
          budget_daily_usd: z
            .number()
            .nonnegative()
            .optional()
            .describe('hard spending limit per day, in USD'),
          budget_monthly_usd: z
            .number()
            .nonnegative()
            .optional()
            .describe('hard spending limit per month, in USD'),
          budget_request_usd: z
            .number()
            .nonnegative()
            .optional()
            .describe('hard limit on the worst-case cost of one model call, in USD'),
          velocity_limit_usd: z
            .number()
            .positive()
            .optional()
            .describe(
              'spend-velocity breaker: stop all calls after this many USD within velocity_window_minutes',
            ),
          velocity_window_minutes: z
            .number()
            .int()
            .positive()
            .default(10)
            .describe('window of the spend-velocity breaker'),
          max_output_tokens: z
            .number()
            .int()
            .positive()
            .default(1024)
            .describe('output token limit of one model call'),
          history_messages: z
            .number()
            .int()
            .nonnegative()
            .default(10)
            .describe('earlier messages of the session sent along with a model call'),
          timeout_ms: z
            .number()
            .int()
            .positive()
            .default(60_000)
            .describe('give up on a model call after this long without any data'),
          retry_max_attempts: z
            .number()
            .int()
            .positive()
            .default(3)
            .describe('attempts per candidate on 429/5xx/timeouts'),
          retry_base_delay_ms: z
            .number()
            .int()
            .nonnegative()
            .default(500)
            .describe('first backoff delay (doubles, with jitter)'),
          retry_max_delay_ms: z
            .number()
            .int()
            .nonnegative()
            .default(30_000)
            .describe('longest wait, Retry-After included; longer means fall back'),
          circuit_failure_threshold: z
            .number()
            .int()
            .positive()
            .default(5)
            .describe('consecutive failures that open a provider circuit'),
          circuit_cooldown_ms: z
            .number()
            .int()
            .positive()
            .default(30_000)
            .describe('how long an open circuit skips its provider'),
          cache_enabled: z
            .boolean()
            .default(true)
            .describe('answer repeated identical requests from the response cache'),
          cache_ttl_ms: z
            .number()
            .int()
            .positive()
            .default(86_400_000)
            .describe('how long a cached answer is reused'),
          prices: z
            .array(
              z
                .object({
                  model: z
                    .string()
                    .min(1)
                    .describe('provider/model, or provider/* for every model of a provider'),
                  input_per_million_usd: z.number().nonnegative(),
                  output_per_million_usd: z.number().nonnegative(),
                  cached_input_per_million_usd: z.number().nonnegative().optional(),
                  context_window: z.number().int().positive().optional(),
                  max_output_tokens: z.number().int().positive().optional(),
                })
                .strict(),
            )
            .default([])
            .describe('price overrides (USD per million tokens), over the bundled pricing table'),
        })
        .strict()
        .default({
          velocity_window_minutes: 10,
          max_output_tokens: 1024,
          history_messages: 10,
          timeout_ms: 60_000,
          retry_max_attempts: 3,
          retry_base_delay_ms: 500,
          retry_max_delay_ms: 30_000,
          circuit_failure_threshold: 5,
          circuit_cooldown_ms: 30_000,
          cache_enabled: true,
          cache_ttl_ms: 86_400_000,
          prices: [],
        }),
      router: createRouterConfigSchema(z),
      sandbox: createSandboxConfigSchema(z),
      policy: createPolicyConfigSchema(z),
      mcp: createMcpConfigSchema(z),
      skills: z
        .object({
          http_fetch: z
            .boolean()
            .default(false)
            .describe('offer the http.fetch skill (network risk) to plans'),
        })
        .strict()
        .default({ http_fetch: false }),
      providers: z
        .object({
          anthropic: providerSettings('Anthropic'),
          openai: providerSettings('OpenAI'),
          google: providerSettings('Google Gemini'),
          openai_compatible: providerSettings('OpenAI-compatible server'),
          ollama: z
            .object({
              base_url: z.string().url().default('http://127.0.0.1:11434').describe('Ollama server URL'),
              context_tokens: z
                .number()
                .int()
                .positive()
                .optional()
                .describe('context size (num_ctx) per request; unset = sized to the prompt'),
            })
            .strict()
            .default({ base_url: 'http://127.0.0.1:11434' }),
        })
        .strict()
        .default({
          anthropic: {},
          openai: {},
          google: {},
          openai_compatible: {},
          ollama: { base_url: 'http://127.0.0.1:11434' },
        }),
    })
    .strict();
}

/** The validated configuration. */
export type VenomConfig = zod.infer<ReturnType<typeof createVenomConfigSchema>>;
