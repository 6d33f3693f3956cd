import type { ProgramDefinition } from '@venom/core';
import { activateCommand } from './commands/activate.js';
import { aurInfoCommand, aurSearchCommand } from './commands/aur.js';
import { daemonStartCommand, daemonStatusCommand, daemonStopCommand } from './commands/daemon.js';
import { indexRebuildCommand, indexStatusCommand } from './commands/index-commands.js';
import { infoCommand } from './commands/info.js';
import { listCommand } from './commands/list.js';
import { searchCommand } from './commands/search.js';

/** Every omg command. Command modules load nothing heavy at import time, so help stays fast. */
export function createOmgProgram(version: string): ProgramDefinition {
  return {
    name: 'omg',
    version,
    summary: 'One command for system packages: indexed search, info and lists over apt, pacman and the AUR',
    commands: [
      searchCommand,
      infoCommand,
      listCommand,
      aurSearchCommand,
      aurInfoCommand,
      daemonStartCommand,
      daemonStopCommand,
      daemonStatusCommand,
      indexRebuildCommand,
      indexStatusCommand,
      activateCommand,
    ],
  };
}
