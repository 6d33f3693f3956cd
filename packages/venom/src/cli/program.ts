import type { ProgramDefinition } from '@venom/core';
import {
  approvalsApproveCommand,
  approvalsListCommand,
  approvalsRejectCommand,
  approvalsShowCommand,
} from './commands/approvals.js';
import { askCommand } from './commands/ask.js';
import { authListCommand } from './commands/auth-list.js';
import { authRemoveCommand } from './commands/auth-remove.js';
import { authSetCommand } from './commands/auth-set.js';
import { budgetCommand, budgetConfirmCommand } from './commands/budget.js';
import { configExplainCommand } from './commands/config-explain.js';
import { configGetCommand } from './commands/config-get.js';
import { configInitCommand } from './commands/config-init.js';
import { configListCommand } from './commands/config-list.js';
import { configPathCommand } from './commands/config-path.js';
import { configSetCommand } from './commands/config-set.js';
import { configUnsetCommand } from './commands/config-unset.js';
import { doctorCommand } from './commands/doctor.js';
import { eventsListCommand } from './commands/events-list.js';
import { eventsTailCommand } from './commands/events-tail.js';
import { mcpServeCommand } from './commands/mcp-serve.js';
import { resumeCommand } from './commands/resume.js';
import { routerStatsCommand } from './commands/router-stats.js';
import { skillsListCommand } from './commands/skills-list.js';
import { skillsShowCommand } from './commands/skills-show.js';
import { statsCommand } from './commands/stats.js';

/** Every venom command. Command modules load nothing heavy at import time, so help stays fast. */
export function createVenomProgram(version: string): ProgramDefinition {
  return {
    name: 'venom',
    version,
    summary: 'Local-first AI terminal orchestrator',
    commands: [
      askCommand,
      resumeCommand,
      approvalsListCommand,
      approvalsShowCommand,
      approvalsApproveCommand,
      approvalsRejectCommand,
      skillsListCommand,
      skillsShowCommand,
      mcpServeCommand,
      statsCommand,
      budgetCommand,
      budgetConfirmCommand,
      doctorCommand,
      configGetCommand,
      configSetCommand,
      configUnsetCommand,
      configListCommand,
      configExplainCommand,
      configPathCommand,
      configInitCommand,
      authSetCommand,
      authListCommand,
      authRemoveCommand,
      eventsListCommand,
      eventsTailCommand,
      routerStatsCommand,
    ],
  };
}
