import { describe, expect, it } from 'vitest';
import { formatAptRelation, parseAptRelations } from './parse-apt-relations.js';

describe('parseAptRelations', () => {
  it('keeps architecture qualifiers and operators, drops restriction lists', () => {
    expect(
      parseAptRelations(
        'python3:any (>= 3.11~), libc6 (<< 2.37) | musl [amd64], foo <!nocheck>, bar (< 2), baz (> 1)',
      ),
    ).toEqual([
      [{ name: 'python3', architecture: 'any', operator: '>=', version: '3.11~' }],
      [{ name: 'libc6', operator: '<<', version: '2.37' }, { name: 'musl' }],
      [{ name: 'foo' }],
      [{ name: 'bar', operator: '<', version: '2' }],
      [{ name: 'baz', operator: '>', version: '1' }],
    ]);
  });

  it('returns nothing for an empty field and formats relations back', () => {
    expect(parseAptRelations(undefined)).toEqual([]);
    expect(parseAptRelations('  ')).toEqual([]);
    expect(formatAptRelation({ name: 'a', architecture: 'i386', operator: '=', version: '1' })).toBe(
      'a:i386 (= 1)',
    );
  });
});
