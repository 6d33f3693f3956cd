import { describe, expect, it } from 'vitest';
import type { PackageBackend } from '../src/backends/package-record.js';

/** A root prepared by a backend's fixture writer, in that backend's own on-disk format. */
export interface ConformanceFixture {
  backend: PackageBackend;
  /** Makes the source that offers `editor-suite` unreadable (truncated/corrupt), returning its path. */
  corruptOneSource(): string;
}

/** What every fixture must contain, written by the backend's own writer. */
export const conformancePackages = {
  available: [
    { name: 'editor-suite', version: '2.0-1', description: 'A text editor suite' },
    { name: 'libfoo', version: '1.2-3', description: 'foo library' },
    { name: 'tool', version: '1:0.9-1', description: 'a tool that needs libfoo', depends: 'libfoo' },
  ],
  other: [{ name: 'other-thing', version: '5.0-1', description: 'in the second repository' }],
  installed: [{ name: 'libfoo', version: '1.0-1', description: 'foo library' }],
  /** Versions in ascending order under both dpkg's and vercmp's rules (backend-specific cases live in their own tests). */
  ordered: ['0.9', '1.0', '1.0.1', '1.1', '1.2', '1.10', '1:0.1'],
};

/**
 * The conformance suite every package backend runs (STYLE.md rule 24): sources are listed, read into
 * records with the contract fields, installed packages come from their own source, versions order
 * by the backend's rules, and a corrupt source fails alone with an error naming its file.
 */
export function describeBackendConformance(name: string, createFixture: () => ConformanceFixture): void {
  describe(`${name} backend conformance`, () => {
    it('lists the repositories and the installed database', async () => {
      const { backend } = createFixture();
      const sources = await backend.listSources();
      expect(sources.filter((source) => source.kind === 'available')).toHaveLength(2);
      expect(sources.filter((source) => source.kind === 'installed')).toHaveLength(1);
      expect(new Set(sources.map((source) => source.id)).size).toBe(sources.length);
    });

    it('reads every available package with name, version, repository and description', async () => {
      const { backend } = createFixture();
      const records = [];
      for (const source of await backend.listSources()) {
        if (source.kind !== 'available') continue;
        const contents = await backend.readSource(source);
        expect(contents.problems).toEqual([]);
        records.push(...contents.packages.map((record) => ({ ...record, listedAs: source.repository })));
      }
      const byName = new Map(records.map((record) => [record.name, record]));
      for (const expected of [...conformancePackages.available, ...conformancePackages.other]) {
        const record = byName.get(expected.name);
        expect(record, expected.name).toBeDefined();
        expect(record?.version).toBe(expected.version);
        expect(record?.description).toBe(expected.description);
        expect(record?.repository).toBe(record?.listedAs);
      }
      expect(byName.get('tool')?.relations.depends).toContain('libfoo');
      expect(new Set(records.map((record) => record.repository)).size).toBe(2);
    });

    it('reads the installed packages from the installed source', async () => {
      const { backend } = createFixture();
      const installed = (await backend.listSources()).find((source) => source.kind === 'installed');
      if (installed === undefined) throw new Error('no installed source');
      const contents = await backend.readSource(installed);
      expect(contents.packages.map((record) => [record.name, record.version])).toEqual([['libfoo', '1.0-1']]);
    });

    it('orders versions by its rules', () => {
      const { backend } = createFixture();
      const shuffled = [...conformancePackages.ordered].reverse();
      expect(shuffled.sort((left, right) => backend.compareVersions(left, right))).toEqual(
        conformancePackages.ordered,
      );
    });

    it('fails a corrupt source alone, with an error naming the file', async () => {
      const fixture = createFixture();
      const path = fixture.corruptOneSource();
      const results = await Promise.allSettled(
        (await fixture.backend.listSources()).map((source) => fixture.backend.readSource(source)),
      );
      const failures = results.filter((result) => result.status === 'rejected');
      expect(failures).toHaveLength(1);
      expect(String((failures[0] as PromiseRejectedResult).reason.message)).toContain(path);
    });
  });
}
