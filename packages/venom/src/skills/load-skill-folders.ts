import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { formatCommand, fromSandboxRun, sandboxEnvironment, success } from './builtin/action-helpers.js';
import type { Skill, SkillAction } from './types.js';

/** A SKILL.md folder that could not be loaded, and why. */
export interface SkillFolderProblem {
  path: string;
  message: string;
}

export interface LoadSkillFoldersOptions {
  /** Names already taken (the built-ins): a SKILL.md with one of them is a problem, not a skill. */
  reservedNames?: readonly string[];
}

const namePattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * How each interpreter reads a program from stdin, with the script's arguments after it. Scripts are
 * fed on stdin because user skill folders (~/.config/venom/skills) are hidden inside the sandbox.
 */
const stdinInterpreters: Record<string, string[]> = {
  sh: ['sh', '-s', '--'],
  bash: ['bash', '-s', '--'],
  python3: ['python3', '-'],
  python: ['python3', '-'],
  node: ['node', '-'],
  ruby: ['ruby', '-'],
  perl: ['perl', '-'],
};

const interpreterByExtension: Record<string, string> = {
  '.sh': 'sh',
  '.bash': 'bash',
  '.py': 'python3',
  '.js': 'node',
  '.cjs': 'node',
  '.rb': 'ruby',
  '.pl': 'perl',
};

/** The interpreter of a script: from its extension, else from its `#!` line. */
function interpreterOf(path: string): string[] | undefined {
  const extension = extname(path).toLowerCase();
  if (extension === '.mjs') return ['node', '--input-type=module', '-'];
  const byExtension = interpreterByExtension[extension];
  if (byExtension !== undefined) return stdinInterpreters[byExtension];
  const firstLine = readFileSync(path, 'utf8').slice(0, 200).split('\n')[0] ?? '';
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(firstLine);
  if (shebang === null) return undefined;
  const program = (shebang[1]?.endsWith('/env') ? shebang[2] : shebang[1]?.split('/').pop()) ?? '';
  return stdinInterpreters[program];
}

/**
 * Loads Agent Skills: every folder directly under each of `directories` that holds a SKILL.md (YAML
 * front matter with `name` and `description`, then the instructions). Files in its `scripts/` become
 * `exec` actions run through the sandbox, plus an `instructions` action that returns the body.
 * Missing directories are skipped; bad folders become problems, never exceptions. When two
 * directories hold a skill of one name, the later directory wins (list user folders before project ones).
 */
export async function loadSkillFolders(
  directories: string[],
  options: LoadSkillFoldersOptions = {},
): Promise<{ skills: Skill[]; problems: SkillFolderProblem[] }> {
  const problems: SkillFolderProblem[] = [];
  const byName = new Map<string, Skill>();
  const reserved = new Set(options.reservedNames ?? []);
  let yaml: typeof import('yaml') | undefined;
  for (const directory of directories) {
    if (!existsSync(directory)) continue;
    let entries: string[];
    try {
      entries = readdirSync(directory).sort();
    } catch (error) {
      problems.push({ path: directory, message: `cannot read the folder: ${(error as Error).message}` });
      continue;
    }
    for (const entry of entries) {
      const folder = join(directory, entry);
      const file = join(folder, 'SKILL.md');
      if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory() || !existsSync(file)) continue;
      yaml ??= await import('yaml');
      const loaded = parseSkillFile(folder, entry, readFileSync(file, 'utf8'), yaml);
      if ('message' in loaded) {
        problems.push({ path: file, message: loaded.message });
        continue;
      }
      if (reserved.has(loaded.name)) {
        problems.push({
          path: file,
          message: `name '${loaded.name}' is taken by a built-in skill; rename the skill (and its folder).`,
        });
        continue;
      }
      const previous = byName.get(loaded.name);
      if (previous !== undefined) {
        problems.push({
          path: file,
          message: `overrides the skill '${loaded.name}' at ${previous.location}`,
        });
      }
      const scripts = loadScripts(folder, problems);
      byName.set(loaded.name, {
        name: loaded.name,
        description: loaded.description,
        source: 'skill-md',
        location: folder,
        instructions: loaded.instructions,
        actions: [instructionsAction(loaded.name, loaded.instructions), ...scripts],
      });
    }
  }
  return { skills: [...byName.values()], problems };
}

function parseSkillFile(
  folder: string,
  folderName: string,
  text: string,
  yaml: typeof import('yaml'),
): { name: string; description: string; instructions: string } | { message: string } {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (match === null)
    return {
      message: "no front matter: SKILL.md must start with '---', YAML with name and description, then '---'.",
    };
  let data: unknown;
  try {
    data = yaml.parse(match[1] ?? '');
  } catch (error) {
    return { message: `front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return { message: 'front matter must be a YAML mapping with name and description.' };
  const { name, description } = data as Record<string, unknown>;
  if (typeof name !== 'string' || !namePattern.test(name) || name.length > 64) {
    return {
      message: `front matter 'name' must be lower-case letters, digits and single hyphens (at most 64), got ${JSON.stringify(name ?? null)}.`,
    };
  }
  if (name !== folderName)
    return {
      message: `front matter name '${name}' does not match its folder '${folderName}' (${folder}); rename one.`,
    };
  if (typeof description !== 'string' || description.trim() === '' || description.length > 1024) {
    return {
      message:
        "front matter 'description' must be a non-empty string of at most 1024 characters saying what the skill does and when to use it.",
    };
  }
  return { name, description: description.trim(), instructions: text.slice(match[0].length).trim() };
}

function instructionsAction(skill: string, instructions: string): SkillAction<Record<string, never>> {
  return {
    name: 'instructions',
    description: `The instructions of the ${skill} skill (its SKILL.md body).`,
    risk: 'read',
    mutating: false,
    params: (z) => z.object({}).strict() as never,
    describe: () => ({ summary: `read the ${skill} skill's instructions` }),
    async execute() {
      return success({ skill, instructions }, instructions, Date.now());
    },
  };
}

function loadScripts(folder: string, problems: SkillFolderProblem[]): SkillAction[] {
  const scriptsFolder = join(folder, 'scripts');
  if (!statSync(scriptsFolder, { throwIfNoEntry: false })?.isDirectory()) return [];
  const actions: SkillAction[] = [];
  const seen = new Set<string>(['instructions']);
  for (const entry of readdirSync(scriptsFolder).sort()) {
    const path = join(scriptsFolder, entry);
    if (!statSync(path).isFile() || entry.startsWith('.')) continue;
    const name = entry
      .slice(0, entry.length - extname(entry).length)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    const interpreter = interpreterOf(path);
    if (name === '' || seen.has(name)) {
      problems.push({
        path,
        message: `script name '${name}' is empty or repeats another script's; rename the file.`,
      });
      continue;
    }
    if (interpreter === undefined) {
      problems.push({
        path,
        message:
          'unknown script type: use .sh .bash .py .js .mjs .cjs .rb .pl or a #! line naming sh, bash, python3, node, ruby or perl; skipped.',
      });
      continue;
    }
    seen.add(name);
    actions.push(scriptAction(name, path, interpreter));
  }
  return actions;
}

function scriptAction(name: string, path: string, interpreter: string[]): SkillAction<{ args?: string[] }> {
  return {
    name,
    description: `Run the skill script ${basename(path)} in the sandbox, with args.`,
    risk: 'exec',
    mutating: true,
    params: (z) => z.object({ args: z.array(z.string()).optional() }).strict(),
    describe: (params) => ({
      summary: `run skill script ${basename(path)}`,
      command: formatCommand([path, ...(params.args ?? [])]),
    }),
    async execute(context, params) {
      // Read now, not at load time: the script run is the one on disk when approved.
      const source = readFileSync(path, 'utf8');
      const argv = [...interpreter, ...(params.args ?? [])];
      const result = await context.sandbox.run({
        argv,
        cwd: context.workspace,
        network: false,
        env: sandboxEnvironment(context),
        stdin: source,
        signal: context.signal,
        onOutput: context.onOutput === undefined ? undefined : (_stream, chunk) => context.onOutput?.(chunk),
      });
      return fromSandboxRun(result, formatCommand([path, ...(params.args ?? [])]));
    },
  };
}
