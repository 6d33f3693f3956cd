import type { FileScan } from '../parse/scan-file.js';
import {
  IMPORT_KINDS,
  type ImportKind,
  type ImportRecord,
  type ScanProblem,
  type UnresolvedSpecifier,
} from '../parse/scan-imports.js';

/** Kinds by the low 3 bits of a record's flags (native/scan.cc emits the first six). */
export const PACKED_KINDS = IMPORT_KINDS;
export const PACKED_TYPE_ONLY = 8;
export const PACKED_PATTERN = 16;
export const PACKED_VALUE_USED = 64;

/** The empty list shared by the many files with nothing in one (frozen, so none is added to by mistake). */
export const NONE = Object.freeze([]) as unknown as never[];

/**
 * A natively scanned file's imports, left in its batch's numbers (native-scan.ts): per record three
 * at `numbers[offset + 3i]`: flags, the index of the file a relative specifier resolved to (or -1),
 * and the specifier's number in the scan job's table of distinct specifiers. Record objects are
 * built only when `imports` or `valueUsed` is read (to write the cache, say); a cold build resolves
 * from the numbers, so the collector has two objects fewer per import to copy, and a specifier
 * written in a thousand files is one string.
 */
export class PackedScan implements FileScan {
  readonly unresolved: UnresolvedSpecifier[];
  readonly problems: ScanProblem[];
  private built: { imports: ImportRecord[]; valueUsed: boolean[] } | undefined;

  constructor(
    readonly count: number,
    private readonly numbers: Int32Array,
    private readonly offset: number,
    private readonly specifiers: readonly string[],
    unresolved: UnresolvedSpecifier[],
    problems: ScanProblem[],
  ) {
    this.unresolved = unresolved.length === 0 ? NONE : unresolved;
    this.problems = problems.length === 0 ? NONE : problems;
  }

  flagsAt(index: number): number {
    return this.numbers[this.offset + 3 * index] as number;
  }

  /** The index (in the file list the scanner was given) of the file record `index` resolved to, or -1. */
  targetAt(index: number): number {
    return this.numbers[this.offset + 3 * index + 1] as number;
  }

  specifierAt(index: number): string {
    return this.specifiers[this.numbers[this.offset + 3 * index + 2] as number] as string;
  }

  /** Record `index` as an object (a new one each call). */
  recordAt(index: number): ImportRecord {
    const flags = this.flagsAt(index);
    return {
      specifier: this.specifierAt(index),
      kind: PACKED_KINDS[flags & 7] as ImportKind,
      typeOnly: (flags & PACKED_TYPE_ONLY) !== 0,
      pattern: (flags & PACKED_PATTERN) !== 0,
    };
  }

  get imports(): ImportRecord[] {
    return this.records().imports;
  }

  get valueUsed(): boolean[] {
    return this.records().valueUsed;
  }

  private records(): { imports: ImportRecord[]; valueUsed: boolean[] } {
    if (this.built === undefined) {
      const imports: ImportRecord[] = new Array(this.count);
      const valueUsed: boolean[] = new Array(this.count);
      for (let index = 0; index < this.count; index++) {
        imports[index] = this.recordAt(index);
        valueUsed[index] = (this.flagsAt(index) & PACKED_VALUE_USED) !== 0;
      }
      this.built = { imports, valueUsed };
    }
    return this.built;
  }
}
