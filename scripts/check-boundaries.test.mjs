import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBoundaries, findModuleReferences, formatViolation } from './check-boundaries.mjs';

const scriptPath = fileURLToPath(new URL('./check-boundaries.mjs', import.meta.url));
const temporaryRoots = [];

afterAll(() => {
  for (const root of temporaryRoots) rmSync(root, { recursive: true, force: true });
});

/**
 * A small workspace shaped like ours: core, venom, dep-ci, quantum, omg and one app.
 * @param {Record<string, unknown>} [manifestOverrides]  package.json contents by folder, merged over the defaults
 */
function baseManifests(manifestOverrides = {}) {
  const manifests = {
    '.': { name: 'suite', private: true, devDependencies: { vitest: '^4.0.0', typescript: '^5.0.0' } },
    'packages/core': { name: '@venom/core', dependencies: { zod: '^4.0.0' } },
    'packages/venom': {
      name: 'venom',
      dependencies: { '@venom/core': '0.1.0', 'dep-ci': '0.1.0', omg: '0.1.0' },
      devDependencies: { '@types/geojson': '^7946.0.0' },
    },
    'packages/dep-ci': { name: 'dep-ci', dependencies: { '@venom/core': '0.1.0' } },
    'packages/quantum': { name: 'quantum', dependencies: { '@venom/core': '0.1.0', 'dep-ci': '0.1.0' } },
    'packages/omg': { name: 'omg', dependencies: { '@venom/core': '0.1.0' } },
    'apps/dashboard': { name: '@venom/dashboard', dependencies: { '@venom/core': '0.1.0' } },
    ...manifestOverrides,
  };
  return Object.fromEntries(
    Object.entries(manifests).map(([folder, manifest]) => [
      folder === '.' ? 'package.json' : `${folder}/package.json`,
      `${JSON.stringify(manifest, null, 2)}\n`,
    ]),
  );
}

/**
 * Writes a fixture tree into a fresh temporary directory.
 * @param {Record<string, string>} sources  file contents by path relative to the root
 * @param {Record<string, unknown>} [manifestOverrides]
 */
function makeRepository(sources, manifestOverrides) {
  const root = mkdtempSync(join(tmpdir(), 'check-boundaries-'));
  temporaryRoots.push(root);
  for (const [path, content] of Object.entries({ ...baseManifests(manifestOverrides), ...sources })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** @param {Record<string, string>} sources @param {Record<string, unknown>} [manifestOverrides] */
function reportFor(sources, manifestOverrides) {
  return checkBoundaries(makeRepository(sources, manifestOverrides)).violations.map(formatViolation);
}

const cleanSources = {
  'packages/core/src/index.ts': [
    "import { readFileSync } from 'node:fs';",
    "import path from 'path';",
    "import type { ZodType } from 'zod';",
    '// import { venom } from "venom";',
    'export const example = \'import x from "lodash"\';',
    'export const pattern = /[\'"]import/;',
    "export const loadZod = () => import('zod');",
  ].join('\n'),
  'packages/core/src/x.test.ts': "import { expect } from 'vitest';\nimport { value } from './x.js';\n",
  'packages/venom/src/index.ts': "export * from './cli/main.js';\nexport * from './sandbox/run.js';\n",
  'packages/venom/src/cli/main.ts': [
    "import { startServer } from '../server/start.js';",
    "import { route } from '../router/route.js';",
    "import { plan } from './plan-command.js';",
    "import { parse } from '@venom/core';",
    "import { affected } from 'dep-ci';",
    "const omg = await import('omg');",
  ].join('\n'),
  'packages/venom/src/router/route.ts':
    "import { price } from '../models/price.js';\nimport type { Feature } from 'geojson';\n",
  'packages/venom/src/models/price.ts': "import { guard } from '../sandbox/guard.js';\n",
  'packages/venom/test/cli.test.ts': [
    "import { describe, it, vi } from 'vitest';",
    "import { main } from '../src/cli/main.js';",
    "vi.mock('node:child_process');",
  ].join('\n'),
  'packages/quantum/src/index.ts': "export { affected } from 'dep-ci';\nimport '@venom/core';\n",
  'packages/dep-ci/test/fixtures/project/a.ts':
    "import _ from 'lodash';\nimport { x } from '../../../../venom/src/x';\n",
  'packages/dep-ci/test/graph.test.ts': [
    "import { it } from 'vitest';",
    'const fixture = `',
    "import { b } from './b.js';",
    "vi.mock('./b.js');",
    '`;',
  ].join('\n'),
  'packages/omg/vitest.config.ts': "import { defineProject } from 'vitest/config';\n",
  'apps/dashboard/src/main.tsx':
    "import { format } from '@venom/core';\nconst page = <a href=\"/x\">don't</a>;\n",
};

describe('findModuleReferences', () => {
  it('reads static, re-export, side-effect, dynamic and require specifiers with their lines', () => {
    const source = [
      "import a from 'alpha';",
      'import {',
      '  b,',
      '  type C,',
      "} from 'beta';",
      "export * from './gamma.js';",
      "import 'delta';",
      "const epsilon = await import('epsilon');",
      'const zeta = require("zeta");',
      "import type { Eta } from 'eta';",
    ].join('\n');
    expect(
      findModuleReferences(source).map(({ specifier, line, typeOnly }) => [specifier, line, typeOnly]),
    ).toEqual([
      ['alpha', 1, false],
      ['beta', 2, false],
      ['./gamma.js', 6, false],
      ['delta', 7, false],
      ['epsilon', 8, false],
      ['zeta', 9, false],
      ['eta', 10, true],
    ]);
  });

  it('ignores imports inside comments, strings, template literals and regular expressions', () => {
    const source = [
      "// import a from 'alpha';",
      "/* import b from 'beta'; */",
      'const text = "import c from \'gamma\'";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: this is source text under test
      "const template = `import d from 'delta'; ${value} vi.mock('./x.js')`;",
      "const pattern = /import e from 'epsilon'/;",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: this is source text under test
      'const dynamic = import(`./${name}.js`);',
      "import real from 'real';",
    ].join('\n');
    expect(findModuleReferences(source).map(({ specifier, line }) => [specifier, line])).toEqual([
      ['real', 7],
    ]);
  });

  it('finds vi.mock, vi.doMock and vitest.mock targets, including vi.mock(import(...))', () => {
    const source = [
      "vi.mock('../src/store.js');",
      "vi.doMock('@venom/core', () => ({}));",
      "vitest.mock(import('./clock.js'));",
    ].join('\n');
    const mocks = findModuleReferences(source).filter((reference) => reference.kind === 'mock');
    expect(mocks.map(({ specifier, line, mockCall }) => [specifier, line, mockCall])).toEqual([
      ['../src/store.js', 1, 'vi.mock'],
      ['@venom/core', 2, 'vi.doMock'],
      ['./clock.js', 3, 'vitest.mock'],
    ]);
  });
});

describe('checkBoundaries', () => {
  it('passes a clean tree and counts the files it scanned (skipping fixtures)', () => {
    const result = checkBoundaries(makeRepository(cleanSources));
    expect(result.violations.map(formatViolation)).toEqual([]);
    expect(result.fileCount).toBe(Object.keys(cleanSources).length - 1);
  });

  it('package-entry: flags deep imports and relative paths that leave the package', () => {
    const report = reportFor({
      'packages/venom/src/cli/main.ts': [
        "import { parse } from '@venom/core';",
        "import { VenomError } from '@venom/core/src/errors/venom-error.js';",
        "export { run } from '@venom/core/dist/process/index.js';",
        "import { redact } from '../../../core/src/logging/redact.js';",
      ].join('\n'),
    });
    expect(report).toEqual([
      expect.stringMatching(
        /^packages\/venom\/src\/cli\/main\.ts:2 package-entry: '@venom\/core\/src\/errors\/venom-error\.js' reaches past the public entry of @venom\/core/,
      ),
      expect.stringMatching(/^packages\/venom\/src\/cli\/main\.ts:3 package-entry: '@venom\/core\/dist\//),
      expect.stringMatching(
        /^packages\/venom\/src\/cli\/main\.ts:4 package-entry: '\.\.\/\.\.\/\.\.\/core\/src\/logging\/redact\.js' leaves packages\/venom \(resolves to packages\/core\/src\/logging\/redact\.js\)\. Import '@venom\/core'/,
      ),
    ]);
  });

  it('package-entry: lets a package build config use the shared tooling in scripts/, and nothing else', () => {
    const report = reportFor({
      'packages/venom/rolldown.config.mjs':
        "import { cliBundleConfig } from '../../scripts/cli-bundle-config.mjs';",
      'packages/venom/src/cli/main.ts':
        "import { cliBundleConfig } from '../../../../scripts/cli-bundle-config.mjs';",
    });
    expect(report).toEqual([
      expect.stringMatching(
        /^packages\/venom\/src\/cli\/main\.ts:1 package-entry: .* leaves packages\/venom/,
      ),
    ]);
  });

  it('declared-dependency: flags undeclared packages, allows root devDependencies only in tests and config', () => {
    const report = reportFor({
      'packages/core/src/index.ts': [
        "import { z } from 'zod';",
        "import lodash from 'lodash';",
        "import type { Options } from 'yaml';",
        "import { expect } from 'vitest';",
        "import { EventEmitter } from 'events';",
        "const sqlite = require('better-sqlite3');",
      ].join('\n'),
      'packages/core/test/store.test.ts': "import { it } from 'vitest';\nimport Redis from 'ioredis';\n",
      'packages/core/vitest.config.ts': "import { defineProject } from 'vitest/config';\n",
      'packages/venom/src/router/route.ts':
        "import type { Feature } from 'geojson';\nimport { point } from 'geojson';\n",
    });
    expect(report).toEqual([
      expect.stringMatching(
        /^packages\/core\/src\/index\.ts:2 declared-dependency: 'lodash' is not declared in packages\/core\/package\.json\. Add it/,
      ),
      "packages/core/src/index.ts:3 declared-dependency: 'yaml' is not declared in packages/core/package.json. Add it to dependencies in packages/core/package.json.",
      expect.stringMatching(
        /^packages\/core\/src\/index\.ts:4 declared-dependency: 'vitest' is not declared/,
      ),
      expect.stringMatching(/^packages\/core\/src\/index\.ts:6 declared-dependency: 'better-sqlite3'/),
      expect.stringMatching(
        /^packages\/core\/test\/store\.test\.ts:2 declared-dependency: 'ioredis' is not declared in packages\/core\/package\.json nor in the root package\.json devDependencies/,
      ),
      expect.stringMatching(/^packages\/venom\/src\/router\/route\.ts:2 declared-dependency: 'geojson'/),
    ]);
  });

  it('declared-dependency: an app without a package.json declares nothing', () => {
    const root = makeRepository({ 'apps/site/src/main.ts': "import { h } from 'preact';\n" });
    expect(checkBoundaries(root).violations.map(formatViolation)).toEqual([
      expect.stringMatching(
        /^apps\/site\/src\/main\.ts:1 declared-dependency: 'preact' is not declared in apps\/site\/package\.json \(missing\)/,
      ),
    ]);
  });

  it('package-direction: core imports nothing of ours, nothing imports venom or apps, products stay apart', () => {
    const report = reportFor(
      {
        'packages/core/src/index.ts': "import { affected } from 'dep-ci';\n",
        'packages/dep-ci/src/index.ts':
          "import { core } from '@venom/core';\nimport { queue } from 'quantum';\n",
        'packages/omg/test/e2e.test.ts': "import { run } from 'venom';\n",
        'packages/quantum/src/index.ts': "import { affected } from 'dep-ci';\n",
        'packages/venom/src/cli/main.ts':
          "import { install } from 'omg';\nimport { ui } from '@venom/dashboard';\n",
      },
      {
        'packages/core': { name: '@venom/core', dependencies: { 'dep-ci': '0.1.0' } },
        'packages/dep-ci': { name: 'dep-ci', dependencies: { '@venom/core': '0.1.0', quantum: '0.1.0' } },
        'packages/omg': { name: 'omg', devDependencies: { venom: '0.1.0' } },
        'packages/venom': {
          name: 'venom',
          dependencies: { omg: '0.1.0', '@venom/dashboard': '0.1.0' },
        },
      },
    );
    expect(report).toEqual([
      expect.stringMatching(
        /^packages\/core\/package\.json:4 package-direction: declares a dependency on dep-ci: @venom\/core imports no workspace package/,
      ),
      expect.stringMatching(
        /^packages\/core\/src\/index\.ts:1 package-direction: @venom\/core imports no workspace package/,
      ),
      expect.stringMatching(
        /^packages\/dep-ci\/package\.json:5 package-direction: declares a dependency on quantum: dep-ci may not import quantum \(allowed: core\)/,
      ),
      expect.stringMatching(
        /^packages\/dep-ci\/src\/index\.ts:2 package-direction: dep-ci may not import quantum \(allowed: core\)/,
      ),
      expect.stringMatching(
        /^packages\/omg\/package\.json:4 package-direction: declares a dependency on venom: nothing imports venom/,
      ),
      expect.stringMatching(
        /^packages\/omg\/test\/e2e\.test\.ts:1 package-direction: nothing imports venom \(the orchestrator\)/,
      ),
      expect.stringMatching(
        /^packages\/venom\/package\.json:5 package-direction: declares a dependency on @venom\/dashboard: nothing imports apps\//,
      ),
      expect.stringMatching(
        /^packages\/venom\/src\/cli\/main\.ts:2 package-direction: nothing imports apps\//,
      ),
    ]);
  });

  it('venom-layers: a folder imports only itself and folders below it', () => {
    const report = reportFor({
      'packages/venom/src/index.ts': "export * from './cli/main.js';\nexport * from './sandbox/guard.js';\n",
      'packages/venom/src/cli/main.ts': "import { serve } from '../server/serve.js';\n",
      'packages/venom/src/server/serve.ts': "import { main } from '../cli/main.js';\n",
      'packages/venom/src/models/x.ts': [
        "import { guard } from '../sandbox/guard.js';",
        "import { helper } from './helper.js';",
        "import { route } from '../router/route.js';",
        "import { everything } from '../index.js';",
      ].join('\n'),
      'packages/venom/src/sandbox/guard.ts': "import { stuff } from '../util/stuff.js';\n",
      'packages/venom/test/layers.test.ts': "import { route } from '../src/router/route.js';\n",
    });
    expect(report).toEqual([
      expect.stringMatching(
        /^packages\/venom\/src\/models\/x\.ts:3 venom-layers: models may not import router \(router is above models\)\.$/,
      ),
      expect.stringMatching(
        /^packages\/venom\/src\/models\/x\.ts:4 venom-layers: models may not import the package entry src\/index\.ts/,
      ),
      expect.stringMatching(
        /^packages\/venom\/src\/sandbox\/guard\.ts:1 venom-layers: folder util is not in the layer list/,
      ),
      'packages/venom/src/server/serve.ts:1 venom-layers: server may not import cli (cli is above server).',
    ]);
  });

  it('no-mock-own-modules: flags mocks of workspace packages and relative paths, allows third-party mocks', () => {
    const report = reportFor({
      'packages/core/test/store.test.ts': [
        "import { vi } from 'vitest';",
        "vi.mock('../src/store/open-store.js');",
        "vi.doMock('@venom/core', () => ({}));",
        "vitest.mock('dep-ci/src/graph.js');",
        "vi.mock('node:fs');",
        "vi.mock('openai');",
      ].join('\n'),
    });
    expect(report).toEqual([
      expect.stringMatching(
        /^packages\/core\/test\/store\.test\.ts:2 no-mock-own-modules: vi\.mock\('\.\.\/src\/store\/open-store\.js'\) mocks our own module/,
      ),
      expect.stringMatching(
        /^packages\/core\/test\/store\.test\.ts:3 no-mock-own-modules: vi\.doMock\('@venom\/core'\)/,
      ),
      expect.stringMatching(
        /^packages\/core\/test\/store\.test\.ts:4 no-mock-own-modules: vitest\.mock\('dep-ci\/src\/graph\.js'\)/,
      ),
    ]);
  });
});

describe('check-boundaries command', () => {
  /** @param {string[]} argumentList */
  const run = (argumentList) =>
    spawnSync(process.execPath, [scriptPath, ...argumentList], { encoding: 'utf8', stdio: 'pipe' });

  it('exits 0 and prints the file count on a clean tree', () => {
    const result = run(['--root', makeRepository(cleanSources)]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`boundaries: ok (${Object.keys(cleanSources).length - 1} files)\n`);
    expect(result.status).toBe(0);
  });

  it('exits 1 and prints one line per violation', () => {
    const root = makeRepository({
      'packages/venom/src/models/x.ts': "\n\nimport { route } from '../router/route.js';\n",
      'packages/core/src/index.ts': "import lodash from 'lodash';\n",
    });
    const result = run(['--root', root]);
    expect(result.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^packages\/core\/src\/index\.ts:1 declared-dependency: 'lodash'/),
      'packages/venom/src/models/x.ts:3 venom-layers: models may not import router (router is above models).',
    ]);
    expect(result.stderr).toContain('2 violations');
    expect(result.status).toBe(1);
  });

  it('prints one JSON document with --json', () => {
    const root = makeRepository({ 'packages/core/src/index.ts': "import lodash from 'lodash';\n" });
    const result = run(['--root', root, '--json']);
    const document = JSON.parse(result.stdout);
    expect(document.ok).toBe(false);
    expect(document.violations).toEqual([
      expect.objectContaining({ path: 'packages/core/src/index.ts', line: 1, rule: 'declared-dependency' }),
    ]);
    expect(result.status).toBe(1);
  });

  it('exits 2 on a usage error', () => {
    const unknownFlag = run(['--frobnicate']);
    expect(unknownFlag.stderr).toContain("Unknown argument '--frobnicate'");
    expect(unknownFlag.status).toBe(2);
    const missingRoot = run(['--root', join(tmpdir(), 'check-boundaries-no-such-directory')]);
    expect(missingRoot.stderr).toContain('no such directory');
    expect(missingRoot.status).toBe(2);
  });

  it('passes on this repository, which is the default root whatever the working directory', () => {
    const result = spawnSync(process.execPath, [scriptPath], { encoding: 'utf8', cwd: tmpdir() });
    expect(result.stdout).toMatch(/^boundaries: ok \(\d+ files\)\n$/);
    expect(result.status).toBe(0);
  });
});
