import type { ProgramDefinition } from '@venom/core';
import { affectedCommand } from './commands/affected.js';
import { analyzeCommand } from './commands/analyze.js';
import { daemonCommands } from './commands/daemon.js';
import { flakyCommand } from './commands/flaky.js';
import { graphCommand } from './commands/graph.js';
import { runCommand } from './commands/run.js';
import { watchCommand } from './commands/watch.js';
import { whyCommand } from './commands/why.js';

/** Every dep-ci command. Command modules load nothing heavy at import time. */
export function createDepCiProgram(version: string): ProgramDefinition {
  return {
    name: 'dep-ci',
    version,
    summary: 'Dependency-aware test selection: run only the tests a change can affect',
    commands: [
      affectedCommand,
      analyzeCommand,
      runCommand,
      watchCommand,
      flakyCommand,
      whyCommand,
      graphCommand,
      ...daemonCommands,
    ],
  };
}
