import { existsSync } from 'node:fs';
import { defineCommand, findProjectConfigFile } from '@venom/core';
import { resolveVenomPaths } from '../runtime.js';

export const configPathCommand = defineCommand({
  name: 'config path',
  summary: 'Print where venom keeps its configuration, data, logs and credentials',
  run(_input, context) {
    const paths = resolveVenomPaths(context.env);
    const project = findProjectConfigFile('venom', context.cwd);
    return {
      userConfig: paths.configFile,
      userConfigExists: existsSync(paths.configFile),
      projectConfig: project,
      credentials: paths.credentialsFile,
      database: paths.defaultDatabase,
      logFile: paths.logFile,
      configDir: paths.configDir,
      dataDir: paths.dataDir,
      stateDir: paths.stateDir,
      cacheDir: paths.cacheDir,
    };
  },
  render(result, output) {
    const rows: string[][] = [
      [
        'user config',
        `${result.userConfig}${result.userConfigExists ? '' : output.style.dim(' (not created yet)')}`,
      ],
      ['project config', result.projectConfig ?? output.style.dim('(none found)')],
      ['credentials', result.credentials],
      ['database', result.database],
      ['log file', result.logFile],
      ['cache', result.cacheDir],
    ];
    output.table(rows);
  },
});
