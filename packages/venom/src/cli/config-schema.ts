import type { z as zod } from 'zod';

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
        })
        .strict()
        .default({ velocity_window_minutes: 10, max_output_tokens: 1024, history_messages: 10 }),
      providers: z
        .object({
          anthropic: providerSettings('Anthropic'),
          openai: providerSettings('OpenAI'),
          google: providerSettings('Google Gemini'),
          openai_compatible: providerSettings('OpenAI-compatible server'),
          ollama: z
            .object({
              base_url: z.string().url().default('http://127.0.0.1:11434').describe('Ollama server URL'),
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
