import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinSkillNames, builtinSkills } from './builtin-skills.js';
import { createSkillRegistry } from './create-skill-registry.js';
import { loadSkillFolders } from './load-skill-folders.js';
import { createTestWorkspace, sandboxUnavailableReason } from './testing/create-test-workspace.js';
import { runAction } from './testing/run-action.js';

function writeFiles(base: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(base, path)), { recursive: true });
    writeFileSync(join(base, path), content);
  }
}

const release = `---
name: release-notes
description: Write release notes from the git log. Use when asked for a changelog.
license: MIT
---
# Release notes

1. Run git.log since the last tag.
2. Group by type.
`;

describe('loadSkillFolders', () => {
  it('loads SKILL.md folders with instructions and scripts, and reports bad ones as problems', async () => {
    const workspace = createTestWorkspace();
    const user = join(workspace.home, '.config/venom/skills');
    const project = join(workspace.root, '.venom/skills');
    writeFiles(user, {
      'release-notes/SKILL.md': release,
      'release-notes/scripts/collect.sh': 'echo "collected $1"\n',
      'release-notes/scripts/summarise.py': 'import sys\nprint("py", sys.argv[1:])\n',
      'release-notes/scripts/notes.txt': 'not a script\n',
      'no-front-matter/SKILL.md': '# Just a heading\n',
      'bad-yaml/SKILL.md': '---\nname: bad-yaml\ndescription: [unclosed\n---\nbody\n',
      'no-description/SKILL.md': '---\nname: no-description\n---\nbody\n',
      'wrong-name/SKILL.md': '---\nname: other-name\ndescription: d\n---\n',
      'Bad_Name/SKILL.md': '---\nname: Bad_Name\ndescription: d\n---\n',
      'git/SKILL.md': '---\nname: git\ndescription: shadows the built-in\n---\n',
      'not-a-skill/README.md': 'no SKILL.md here',
    });
    writeFiles(project, {
      'deploy/SKILL.md': '---\nname: deploy\ndescription: Deploy the app.\n---\nRun the deploy script.\n',
    });
    const { skills, problems } = await loadSkillFolders([user, project, join(workspace.root, 'missing')], {
      reservedNames: builtinSkillNames,
    });

    expect(skills.map((skill) => skill.name)).toEqual(['release-notes', 'deploy']);
    const notes = skills[0];
    expect(notes).toMatchObject({
      source: 'skill-md',
      location: join(user, 'release-notes'),
      description: 'Write release notes from the git log. Use when asked for a changelog.',
    });
    expect(notes?.instructions).toMatch(/^# Release notes\n\n1\. Run git\.log/);
    expect(notes?.actions.map((action) => [action.name, action.risk])).toEqual([
      ['instructions', 'read'],
      ['collect', 'exec'],
      ['summarise', 'exec'],
    ]);
    const byPath = Object.fromEntries(
      problems.map((problem) => [problem.path.slice(user.length + 1), problem.message]),
    );
    expect(byPath['no-front-matter/SKILL.md']).toMatch(/no front matter/);
    expect(byPath['bad-yaml/SKILL.md']).toMatch(/not valid YAML/);
    expect(byPath['no-description/SKILL.md']).toMatch(/'description' must be/);
    expect(byPath['wrong-name/SKILL.md']).toMatch(/does not match its folder/);
    expect(byPath['Bad_Name/SKILL.md']).toMatch(/lower-case/);
    expect(byPath['git/SKILL.md']).toMatch(/taken by a built-in/);
    expect(byPath['release-notes/scripts/notes.txt']).toMatch(/unknown script type/);
    expect(problems).toHaveLength(7);
    // Loaded skills and built-ins form one registry.
    expect(createSkillRegistry([...builtinSkills(), ...skills]).get('deploy')?.instructions).toBe(
      'Run the deploy script.',
    );
  });

  it('lets a later folder override an earlier one, and says so', async () => {
    const workspace = createTestWorkspace();
    writeFiles(join(workspace.home, 'a'), {
      'lint/SKILL.md': '---\nname: lint\ndescription: user lint\n---\n',
    });
    writeFiles(join(workspace.root, 'b'), {
      'lint/SKILL.md': '---\nname: lint\ndescription: project lint\n---\n',
    });
    const { skills, problems } = await loadSkillFolders([
      join(workspace.home, 'a'),
      join(workspace.root, 'b'),
    ]);
    expect(skills.map((skill) => skill.description)).toEqual(['project lint']);
    expect(problems).toEqual([
      {
        path: join(workspace.root, 'b/lint/SKILL.md'),
        message: expect.stringMatching(/overrides the skill 'lint'/),
      },
    ]);
  });

  it('returns the instructions through the instructions action', async () => {
    const workspace = createTestWorkspace();
    writeFiles(join(workspace.root, 'skills'), { 'release-notes/SKILL.md': release });
    const { skills } = await loadSkillFolders([join(workspace.root, 'skills')]);
    const registry = createSkillRegistry(skills);
    const result = await runAction(workspace.context(), 'release-notes.instructions', {}, registry);
    expect(result).toMatchObject({ ok: true, output: { skill: 'release-notes' } });
    expect(result.text).toContain('Group by type.');
  });
});

const sandboxReason = await sandboxUnavailableReason();

describe.skipIf(sandboxReason !== undefined)(
  `SKILL.md scripts in the sandbox${sandboxReason === undefined ? '' : ` (skipped: ${sandboxReason})`}`,
  () => {
    it('runs scripts from a user folder that the sandbox hides, with arguments, confined to the workspace', async () => {
      const workspace = createTestWorkspace();
      const user = join(workspace.home, '.config/venom/skills');
      writeFiles(user, {
        'release-notes/SKILL.md': release,
        'release-notes/scripts/collect.sh':
          'echo "collected $1" > collected.txt; cat collected.txt; touch "$HOME/outside" 2>/dev/null || echo "home is read-only"\n',
        'release-notes/scripts/summarise.py': 'import sys\nprint("py", sys.argv[1:])\n',
        'release-notes/scripts/shebang':
          '#!/usr/bin/env node\nconsole.log("node", process.argv.slice(2).join(","))\n',
      });
      chmodSync(join(user, 'release-notes/scripts/shebang'), 0o755);
      const { skills, problems } = await loadSkillFolders([user]);
      expect(problems).toEqual([]);
      const registry = createSkillRegistry(skills);
      const collected = await runAction(
        workspace.context(),
        'release-notes.collect',
        { args: ['v1.2'] },
        registry,
      );
      expect(collected.ok, collected.text).toBe(true);
      expect(collected.output).toMatchObject({ stdout: 'collected v1.2\nhome is read-only\n' });
      const python = await runAction(
        workspace.context(),
        'release-notes.summarise',
        { args: ['a', 'b'] },
        registry,
      );
      expect(python.ok, python.text).toBe(true);
      expect(python.output).toMatchObject({ stdout: "py ['a', 'b']\n" });
      const node = await runAction(
        workspace.context(),
        'release-notes.shebang',
        { args: ['x', 'y'] },
        registry,
      );
      expect(node.output).toMatchObject({ stdout: 'node x,y\n' });
      expect(registry.findAction('release-notes', 'collect')?.describe({ args: ['v1.2'] }).command).toBe(
        `${join(user, 'release-notes/scripts/collect.sh')} v1.2`,
      );
    });
  },
);
