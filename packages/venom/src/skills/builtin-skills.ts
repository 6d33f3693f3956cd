import { codeSkill } from './builtin/code-skill.js';
import { packagesSkill, runtimeSkill, venomSkill } from './builtin/delegated-skills.js';
import { filesSkill } from './builtin/files-skill.js';
import { gitSkill } from './builtin/git-skill.js';
import { type FetchFunction, httpSkill } from './builtin/http-skill.js';
import { shellSkill } from './builtin/shell-skill.js';
import { testsSkill } from './builtin/tests-skill.js';
import type { Skill } from './types.js';

export interface BuiltinSkillsOptions {
  /** Offer http.fetch (network). Off by default. */
  httpFetch?: boolean;
  /** The fetch http.fetch uses; the global one by default. */
  fetch?: FetchFunction;
}

/** Every built-in skill; cheap to call (schemas and heavy modules load when an action runs). */
export function builtinSkills(options: BuiltinSkillsOptions = {}): Skill[] {
  return [
    gitSkill(),
    filesSkill(),
    shellSkill(),
    codeSkill(),
    testsSkill(),
    runtimeSkill(),
    packagesSkill(),
    venomSkill(),
    ...(options.httpFetch ? [httpSkill({ fetch: options.fetch })] : []),
  ];
}

/** The names of every built-in, including http (reserved even when it is off). */
export const builtinSkillNames: readonly string[] = [
  'git',
  'files',
  'shell',
  'code',
  'tests',
  'runtime',
  'packages',
  'venom',
  'http',
];
