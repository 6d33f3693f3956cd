import { readFileSync, realpathSync } from 'node:fs';
import { defineCommand, findExecutable, VenomError } from '@venom/core';
import { databasePathOption, omgPaths, rootOption } from '../open-service.js';
import { packageFile } from '../package-file.js';

function shellQuote(value: string, shell: string): string {
  if (shell === 'fish') return `'${value.replace(/[\\']/g, '\\$&')}'`;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The socket client the shell function uses: OMG_SHELL_CLIENT, else OpenBSD nc (`-U`), else socat, else perl (always on Debian). */
function chooseClient(env: Record<string, string | undefined>): string {
  const forced = env.OMG_SHELL_CLIENT;
  if (forced === 'nc' || forced === 'socat' || forced === 'perl') return forced;
  const nc = findExecutable('nc', env);
  if (nc !== undefined) {
    try {
      if (realpathSync(nc).endsWith('nc.openbsd')) return 'nc';
    } catch {
      // a broken symlink: try the next client
    }
  }
  if (findExecutable('socat', env) !== undefined) return 'socat';
  if (findExecutable('perl', env) !== undefined) return 'perl';
  return 'none';
}

export const activateCommand = defineCommand({
  name: 'activate',
  summary:
    'Print the shell integration: eval "$(omg activate bash)" (or zsh; fish: omg activate fish | source)',
  description:
    'Defines an omg shell function whose search talks to omgd over its socket without starting Node (via nc -U, socat or perl), and completion of commands and package names.',
  examples: ['eval "$(omg activate bash)"', 'eval "$(omg activate zsh)"', 'omg activate fish | source'],
  positionals: [
    { name: 'shell', description: 'the shell', required: true, choices: ['bash', 'zsh', 'fish'] },
  ],
  options: { root: rootOption, dbpath: databasePathOption },
  input: (z) =>
    z.object({
      shell: z.enum(['bash', 'zsh', 'fish']),
      root: z.string().optional(),
      dbpath: z.string().optional(),
    }),
  run(input, context): string {
    const paths = omgPaths(context, input.root, input.dbpath);
    const client = chooseClient(context.env);
    if (client === 'none')
      context.warn('no socket client (nc.openbsd, socat or perl) found: omg search will start Node');
    let template: string;
    try {
      template = readFileSync(packageFile(`shell/omg.${input.shell}`), 'utf8');
      // bash and zsh share the search client and its functions; fish has its own syntax.
      if (template.includes('@OMG_FUNCTIONS@')) {
        const functions = readFileSync(packageFile('shell/omg-functions.sh'), 'utf8');
        // A function, not a string: the script holds `$'` sequences that replace() would expand.
        template = template.replace('@OMG_FUNCTIONS@', () => functions);
      }
    } catch (error) {
      throw new VenomError({
        code: 'SHELL_SCRIPT_MISSING',
        category: 'internal',
        message: `omg's shell/omg.${input.shell} is missing`,
        cause: error,
      });
    }
    return (
      template
        .replace('@OMG_SOCKET@', shellQuote(paths.socketFile, input.shell))
        .replace('@OMG_ROOT@', shellQuote(paths.root, input.shell))
        .replace('@OMG_CLIENT@', shellQuote(client, input.shell))
        .replace('@OMG_BIN@', shellQuote(packageFile('bin/omg.js'), input.shell))
        .replace('@OMG_DBPATH@', shellQuote(paths.databasePath ?? '', input.shell))
        // zsh: its own socket module unless OMG_SHELL_CLIENT names a client.
        .replace('@OMG_ZSOCKET@', (context.env.OMG_SHELL_CLIENT ?? 'zsocket') === 'zsocket' ? 'yes' : 'no')
    );
  },
  render(script, output) {
    output.line(script.trimEnd());
  },
});
