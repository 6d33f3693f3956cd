import type { z as zod } from 'zod';

type Zod = typeof zod;

/**
 * The `sandbox` section of venom's configuration (zod handed in lazily).
 *
 * ```yaml
 * sandbox:
 *   allow_unsandboxed_exec: false   # administrator opt-out where bubblewrap cannot run
 *   limits: { cpu_seconds: 60, memory_bytes: 2147483648, processes: 256, output_bytes: 10485760, timeout_ms: 120000 }
 *   deny_paths: ['~/work/secrets', 'vendor/keys/**']
 * ```
 */
export function createSandboxConfigSchema(z: Zod) {
  const positiveInteger = z.number().int().positive();
  return z
    .object({
      allow_unsandboxed_exec: z
        .boolean()
        .default(false)
        .describe(
          'run commands on the host without isolation where bubblewrap cannot run (administrators only)',
        ),
      bwrap_path: z.string().min(1).optional().describe('bubblewrap executable; default: bwrap on PATH'),
      limits: z
        .object({
          cpu_seconds: positiveInteger.optional().describe('CPU time per command (RLIMIT_CPU); default 60'),
          memory_bytes: positiveInteger
            .optional()
            .describe('data segment per process (RLIMIT_DATA); default 2 GiB'),
          processes: positiveInteger.optional().describe('processes per command (RLIMIT_NPROC); default 256'),
          output_bytes: positiveInteger
            .optional()
            .describe('stdout + stderr kept before the command is killed; default 10 MiB'),
          timeout_ms: positiveInteger
            .optional()
            .describe('wall clock before the process tree is killed; default 120000'),
        })
        .strict()
        .default({})
        .describe('resource limits for sandboxed commands'),
      deny_paths: z
        .array(z.string().min(1))
        .default([])
        .describe('extra denied paths or globs (absolute, ~/…, or relative to the workspace root)'),
    })
    .strict();
}

/**
 * The `policy` section: defaults per risk level and rules per action and command/path glob.
 *
 * ```yaml
 * policy:
 *   defaults: { exec: ask }
 *   rules:
 *     - { action: shell.run, pattern: 'git *', decision: allow }
 *     - { action: shell.run, pattern: 'rm *', decision: deny }
 * ```
 */
export function createPolicyConfigSchema(z: Zod) {
  const decision = z.enum(['allow', 'ask', 'deny']);
  return z
    .object({
      defaults: z
        .object({
          read: decision.optional(),
          write: decision.optional(),
          exec: decision.optional(),
          network: decision.optional(),
          destructive: decision.optional(),
        })
        .strict()
        .default({})
        .describe('decision per risk level when no rule matches; unset = built-in defaults'),
      rules: z
        .array(
          z
            .object({
              action: z.string().min(1).describe("action glob: 'shell.run', 'files.*', '*'"),
              pattern: z
                .string()
                .min(1)
                .optional()
                .describe("command glob ('git *') or path glob ('src/**')"),
              decision,
              source: z.string().min(1).optional(),
            })
            .strict(),
        )
        .default([])
        .describe('most specific matching rule wins; deny beats allow at equal specificity'),
    })
    .strict();
}
