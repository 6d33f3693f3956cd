import type { Skill, SkillAction } from '../types.js';
import { clip, failure, success } from './action-helpers.js';

const defaultTimeoutMs = 5_000;
const defaultMemoryBytes = 64 * 1024 * 1024;

type QuickJsModule = Awaited<
  ReturnType<typeof import('quickjs-emscripten-core').newQuickJSWASMModuleFromVariant>
>;
let quickJsModule: Promise<QuickJsModule> | undefined;

/** The WebAssembly module, compiled once per process (~30 ms) on the first run; each run gets a fresh runtime. */
function loadQuickJs(): Promise<QuickJsModule> {
  quickJsModule ??= Promise.all([
    import('quickjs-emscripten-core'),
    import('@jitl/quickjs-wasmfile-release-sync'),
  ]).then(([core, variant]) => core.newQuickJSWASMModuleFromVariant(variant.default));
  return quickJsModule;
}

const run: SkillAction<{ code: string; language?: string; timeoutMs?: number; memoryBytes?: number }> = {
  name: 'run',
  description:
    'Run JavaScript in a QuickJS WebAssembly isolate (no file system, no network, memory and time limits). The value of the last expression is returned as JSON; console.log output is captured. Other languages: shell.run in the sandbox.',
  risk: 'exec',
  // The isolate has no file system or network: nothing on disk can change.
  mutating: false,
  params: (z) =>
    z
      .object({
        code: z.string().min(1),
        language: z.enum(['javascript', 'js']).optional(),
        timeoutMs: z.number().int().positive().max(60_000).optional(),
        memoryBytes: z
          .number()
          .int()
          .positive()
          .max(512 * 1024 * 1024)
          .optional(),
      })
      .strict(),
  describe: (params) => ({ summary: `run ${params.code.length} characters of JavaScript in an isolate` }),
  async execute(context, params) {
    const startedAt = Date.now();
    const quickjs = await loadQuickJs();
    const runtime = quickjs.newRuntime();
    runtime.setMemoryLimit(params.memoryBytes ?? defaultMemoryBytes);
    runtime.setMaxStackSize(1024 * 1024);
    const deadline = Date.now() + (params.timeoutMs ?? defaultTimeoutMs);
    let stoppedBy: 'timeout' | 'abort' | null = null;
    runtime.setInterruptHandler(() => {
      if (context.signal.aborted) stoppedBy = 'abort';
      else if (Date.now() > deadline) stoppedBy = 'timeout';
      return stoppedBy !== null;
    });
    const vm = runtime.newContext();
    const logs: string[] = [];
    try {
      const consoleObject = vm.newObject();
      for (const level of ['log', 'info', 'warn', 'error']) {
        const print = vm.newFunction(level, (...args) => {
          const line = args.map((handle) => {
            const value = vm.dump(handle);
            return typeof value === 'string' ? value : JSON.stringify(value);
          });
          logs.push(line.join(' '));
          context.onOutput?.(`${line.join(' ')}\n`);
        });
        vm.setProp(consoleObject, level, print);
        print.dispose();
      }
      vm.setProp(vm.global, 'console', consoleObject);
      consoleObject.dispose();
      const evaluated = vm.evalCode(params.code, 'code.js');
      if (evaluated.error !== undefined) {
        const error = vm.dump(evaluated.error) as { name?: string; message?: string } | string;
        evaluated.error.dispose();
        const message =
          typeof error === 'string' ? error : `${error.name ?? 'Error'}: ${error.message ?? ''}`;
        const reason =
          stoppedBy === 'timeout'
            ? `stopped after ${params.timeoutMs ?? defaultTimeoutMs} ms (time limit)`
            : stoppedBy === 'abort'
              ? 'cancelled'
              : /out of memory/.test(message)
                ? `stopped: over the memory limit of ${params.memoryBytes ?? defaultMemoryBytes} bytes`
                : message;
        return failure(clip([...logs, reason].join('\n')), startedAt, { error: reason, logs, stoppedBy }, 1);
      }
      const value = vm.dump(evaluated.value) as unknown;
      evaluated.value.dispose();
      const rendered = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
      return success(
        { value: value ?? null, logs },
        clip([...logs, rendered].filter((line) => line !== '').join('\n')),
        startedAt,
      );
    } finally {
      vm.dispose();
      runtime.dispose();
    }
  },
};

/** The code skill: JavaScript in a WebAssembly isolate. */
export function codeSkill(): Skill {
  return {
    name: 'code',
    description: 'Run JavaScript in an isolated QuickJS (WASM) interpreter.',
    source: 'builtin',
    actions: [run],
  };
}
