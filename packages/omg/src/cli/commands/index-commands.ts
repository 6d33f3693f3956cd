import { defineCommand } from '@venom/core';
import type { RefreshReport, SourceState } from '../../index/open-package-index.js';
import { databasePathOption, omgPaths, openService, rootOption, warnAboutSources } from '../open-service.js';

export const indexRebuildCommand = defineCommand({
  name: 'index rebuild',
  summary: 'Rebuild the package index (from scratch with --full; otherwise only changed sources)',
  options: {
    full: { type: 'boolean', description: 'drop the index and read every source again' },
    root: rootOption,
  },
  input: (z) =>
    z.object({
      full: z.boolean().default(false),
      root: z.string().optional(),
      dbpath: z.string().optional(),
    }),
  async run(input, context): Promise<RefreshReport & { index: string }> {
    const paths = omgPaths(context, input.root, input.dbpath);
    const { service, report } = await openService(paths);
    try {
      const result = input.full ? await service.index.rebuild() : report;
      warnAboutSources(context, result);
      return { ...result, index: paths.indexFile };
    } finally {
      await service.index.close();
    }
  },
  render(result, output) {
    output.line(
      `${result.rebuilt.length} sources read, ${result.unchanged.length} unchanged, ${result.failed.length} failed (${result.index})`,
    );
  },
  exitCode: (result) => (result.failed.length > 0 ? 1 : 0),
});

export const indexStatusCommand = defineCommand({
  name: 'index status',
  summary: 'Show the sources in the index, their package counts and errors',
  options: { root: rootOption, dbpath: databasePathOption },
  input: (z) => z.object({ root: z.string().optional(), dbpath: z.string().optional() }),
  async run(input, context): Promise<{ index: string; sources: SourceState[] }> {
    const paths = omgPaths(context, input.root, input.dbpath);
    const { service, report } = await openService(paths);
    try {
      warnAboutSources(context, report);
      return { index: paths.indexFile, sources: service.index.sources() };
    } finally {
      await service.index.close();
    }
  },
  render(result, output) {
    output.line(result.index);
    for (const source of result.sources) {
      output.line(
        `${source.repository.padEnd(28)} ${String(source.packageCount).padStart(6)}  ${source.error?.message ?? source.path}`,
      );
    }
  },
});
