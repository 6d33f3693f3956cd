import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffManifestFields } from '../src/git/read-git-changes.js';
import { commitAll, createFixture, git } from './fixture.js';
import { runDepCi } from './run-dep-ci.js';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

const manifest = {
  name: 'shop',
  version: '1.0.0',
  type: 'module',
  scripts: { test: 'node --test' },
  dependencies: { left: '1.0.0' },
};

const project = {
  'package.json': json(manifest),
  'src/price.mjs': 'export const price = (n) => n * 2;\n',
  'test/price.test.mjs': "import { price } from '../src/price.mjs';\nprice(1);\n",
  'test/other.test.mjs': 'export {};\n',
};

async function affected(root: string, ...args: string[]) {
  const run = await runDepCi(['affected', ...args, '--json'], root);
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  return JSON.parse(run.stdout);
}

describe('package.json changes', () => {
  it('select nothing when only inert fields changed, and the package when dependencies did', async () => {
    const root = createFixture(project);
    commitAll(root);
    git(root, 'checkout', '-q', '-b', 'feature');
    writeFileSync(
      join(root, 'package.json'),
      json({ ...manifest, version: '1.1.0', description: 'a shop', scripts: { test: 'vitest' } }),
    );
    const inert = await affected(root, '--since', 'main');
    expect(inert.changed).toEqual(['package.json']);
    expect(inert.tests).toEqual([]);
    expect(inert.reasons['package.json']).toEqual({
      rule: 'changed',
      manifestFields: ['description', 'scripts', 'version'],
    });
    // The same change in the work tree and staged.
    expect((await affected(root)).tests).toEqual([]);
    git(root, 'add', 'package.json');
    expect((await affected(root, '--staged')).tests).toEqual([]);

    writeFileSync(join(root, 'package.json'), json({ ...manifest, dependencies: { left: '2.0.0' } }));
    const dependency = await affected(root, '--since', 'main');
    expect(dependency.tests).toEqual(['test/other.test.mjs', 'test/price.test.mjs']);
    expect(dependency.reasons['test/other.test.mjs']).toEqual({
      rule: 'config',
      changed: 'package.json',
      scope: '.',
      manifestFields: ['dependencies'],
    });
    // Named on the command line there is no previous version to compare with: the safe answer.
    expect((await affected(root, 'package.json')).tests).toEqual([
      'test/other.test.mjs',
      'test/price.test.mjs',
    ]);
  });

  it('diffs top-level fields, and gives up on text that is not a JSON object', () => {
    expect(diffManifestFields('{"a":1,"b":{"c":2}}', '{"b":{"c":3},"a":1,"d":0}')).toEqual(['b', 'd']);
    expect(diffManifestFields('{"a":1}', '{"a":1}')).toEqual([]);
    expect(diffManifestFields('{', '{}')).toBeUndefined();
    expect(diffManifestFields('[]', '{}')).toBeUndefined();
  });
});
