import { commandWords, isDestructiveCommand, normalizeCommand } from './command-words.js';
import { fullActionName } from './evaluate-policy.js';
import { splitCompoundCommand } from './split-compound-command.js';
import type { PolicyRequest, PolicyRule } from './types.js';

/** Tools whose first argument is a subcommand worth keeping in a remembered rule (`git log *`). */
const subcommandTools = new Set([
  'git',
  'npm',
  'pnpm',
  'yarn',
  'bun',
  'npx',
  'docker',
  'podman',
  'kubectl',
  'cargo',
  'go',
  'pip',
  'pip3',
  'uv',
  'poetry',
  'gh',
  'make',
  'dotnet',
  'mvn',
  'gradle',
  'terraform',
  'helm',
  'brew',
  'apt',
  'systemctl',
]);
/** Subcommands that run a named script: the script name is kept too (`npm run build *`). */
const scriptSubcommands = new Set(['run', 'run-script', 'exec', 'x', 'dlx']);
/** Commands that run arbitrary code given as arguments: only the exact command is ever remembered. */
const interpreters = new Set([
  'sh',
  'bash',
  'zsh',
  'dash',
  'fish',
  'eval',
  'source',
  '.',
  'node',
  'deno',
  'python',
  'python3',
  'perl',
  'ruby',
  'php',
  'lua',
  'awk',
  'ssh',
  'curl',
  'wget',
]);

/**
 * The narrow rules remembered when a user answers "allow always for this project": one allow rule
 * per part of a shell command, keeping the tool and its subcommand (`git log *`, `npm run build *`,
 * `ls *`); an exact pattern for destructive parts and interpreters (`rm -rf dist`, `node build.js`);
 * exact paths for file actions; the bare action otherwise. Never `*`.
 */
export function rememberRule(request: PolicyRequest): PolicyRule[] {
  const action = fullActionName(request);
  const make = (pattern?: string): PolicyRule =>
    pattern === undefined
      ? { action, decision: 'allow', source: 'remembered' }
      : { action, pattern, decision: 'allow', source: 'remembered' };
  const command = request.command?.trim();
  if (command) {
    const patterns = new Set<string>();
    for (const part of splitCompoundCommand(command)) patterns.add(patternForPart(part));
    patterns.delete('');
    return [...patterns].map((pattern) => make(pattern));
  }
  if (request.paths?.length)
    return [...new Set(request.paths)].map((path) => make(path.replace(/[*?]/g, '')));
  return [make()];
}

function patternForPart(part: string): string {
  const normalized = normalizeCommand(part).replace(/[*?]/g, '');
  const words = commandWords(normalized);
  const tool = words[0];
  if (tool === undefined) return '';
  const wrapped = !normalized.startsWith(tool);
  if (wrapped || isDestructiveCommand(normalized) || interpreters.has(tool.split('/').pop() ?? tool)) {
    return normalized;
  }
  const kept = [tool];
  const subcommand = words[1];
  if (subcommandTools.has(tool) && subcommand !== undefined && !subcommand.startsWith('-')) {
    kept.push(subcommand);
    const script = words[2];
    if (scriptSubcommands.has(subcommand) && script !== undefined && !script.startsWith('-'))
      kept.push(script);
  }
  return `${kept.join(' ')} *`;
}
