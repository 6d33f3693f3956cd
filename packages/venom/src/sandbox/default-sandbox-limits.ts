import type { SandboxLimits } from './types.js';

/** 60 s CPU, 2 GiB address space, 256 processes, 10 MiB of output, 120 s wall clock. */
export const defaultSandboxLimits: SandboxLimits = Object.freeze({
  cpuSeconds: 60,
  memoryBytes: 2 * 1024 ** 3,
  processes: 256,
  outputBytes: 10 * 1024 ** 2,
  timeoutMs: 120_000,
});
