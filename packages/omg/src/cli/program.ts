import type { ProgramDefinition } from '@venom/core';
import { activateCommand } from './commands/activate.js';
import {
  aurIndexCommand,
  aurInfoCommand,
  aurInstallCommand,
  aurSearchCommand,
  aurUpgradeCommand,
} from './commands/aur.js';
import { daemonStartCommand, daemonStatusCommand, daemonStopCommand } from './commands/daemon.js';
import { groupsCommand } from './commands/groups.js';
import { indexRebuildCommand, indexStatusCommand } from './commands/index-commands.js';
import { infoCommand } from './commands/info.js';
import { installCommand } from './commands/install.js';
import { listCommand } from './commands/list.js';
import { removeCommand } from './commands/remove.js';
import { searchCommand } from './commands/search.js';
import { updateCommand } from './commands/update.js';

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
      installCommand,
      removeCommand,
      updateCommand,
      groupsCommand,
      aurSearchCommand,
      aurInfoCommand,
      aurInstallCommand,
      aurUpgradeCommand,
      aurIndexCommand,
      daemonStartCommand,
      daemonStopCommand,
      daemonStatusCommand,
      indexRebuildCommand,
      indexStatusCommand,
      activateCommand,
    ],
  };
}
