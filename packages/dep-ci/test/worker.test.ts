import { describe, expect, it } from 'vitest';
// The built library: the worker thread loads dist/graph/scan-worker.js, which only exists after the build.
import { buildGraph } from '../dist/index.js';
import { createFixture } from './fixture.js';

describe('buildGraph with a worker thread', () => {
  it('builds the same graph as one thread', () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 1600; index++) {
      files[`src/f${index}.ts`] =
        index === 0 ? 'export {};\n' : `import './f${index - 1}.js';\nexport const x${index} = ${index};\n`;
    }
    const root = createFixture(files);
    const single = buildGraph({ root, useGit: false, cache: false, workers: 0 });
    const parallel = buildGraph({ root, useGit: false, cache: false, workers: 1, waitForWorkers: true });
    expect(single.stats.threads).toBe(1);
    expect(parallel.stats.threads).toBe(2);
    expect(parallel.stats.parsed).toBe(1600);
    expect([...parallel.imports]).toEqual([...single.imports]);
  });
});
