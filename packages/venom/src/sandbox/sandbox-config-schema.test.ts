import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createPolicyConfigSchema, createSandboxConfigSchema } from './sandbox-config-schema.js';

describe('sandbox and policy config schemas', () => {
  it('defaults to the sandbox on, no extra deny paths and built-in policy defaults', () => {
    expect(createSandboxConfigSchema(z).parse({})).toEqual({
      allow_unsandboxed_exec: false,
      limits: {},
      deny_paths: [],
    });
    expect(createPolicyConfigSchema(z).parse({})).toEqual({ defaults: {}, rules: [] });
  });

  it('accepts limits and rules and rejects unknown keys and decisions', () => {
    const sandbox = createSandboxConfigSchema(z).parse({
      limits: { timeout_ms: 5000 },
      deny_paths: ['~/secrets'],
    });
    expect(sandbox.limits.timeout_ms).toBe(5000);
    const policy = createPolicyConfigSchema(z).parse({
      rules: [{ action: 'shell.run', pattern: 'git *', decision: 'allow' }],
    });
    expect(policy.rules[0]?.decision).toBe('allow');
    expect(createSandboxConfigSchema(z).safeParse({ disable: true }).success).toBe(false);
    expect(createPolicyConfigSchema(z).safeParse({ rules: [{ action: 'x', decision: 'yes' }] }).success).toBe(
      false,
    );
  });
});
