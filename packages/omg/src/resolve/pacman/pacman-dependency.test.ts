import { describe, expect, it } from 'vitest';
import {
  formatPacmanDependency,
  type PacmanPackage,
  parsePacmanDependency,
  relationFieldToDependencies,
  satisfies,
  satisfiesByProvision,
} from './pacman-dependency.js';

function item(name: string, version: string, provides: string[] = []): PacmanPackage {
  return {
    name,
    version,
    repository: 'core',
    record: {
      name,
      version,
      architecture: 'any',
      repository: 'core',
      description: '',
      longDescription: '',
      relations: {},
    },
    depends: [],
    optionalDepends: [],
    provides: provides.map(parsePacmanDependency),
    conflicts: [],
    replaces: [],
    groups: [],
    automatic: false,
  };
}

describe('pacman dependencies', () => {
  it('parses and formats name, operator and version, dropping an optdepends description', () => {
    expect(parsePacmanDependency('glibc>=2.39')).toEqual({ name: 'glibc', operator: '>=', version: '2.39' });
    expect(parsePacmanDependency('python: for scripts')).toEqual({ name: 'python' });
    expect(parsePacmanDependency('a<1:2-3')).toEqual({ name: 'a', operator: '<', version: '1:2-3' });
    expect(formatPacmanDependency({ name: 'a', operator: '<=', version: '2' })).toBe('a<=2');
  });

  it('reads the Debian-form fields the backend stores back into pacman operators', () => {
    expect(relationFieldToDependencies('a (>= 1), b (<< 2), c (>> 3), d (= 4), e')).toEqual([
      { name: 'a', operator: '>=', version: '1' },
      { name: 'b', operator: '<', version: '2' },
      { name: 'c', operator: '>', version: '3' },
      { name: 'd', operator: '=', version: '4' },
      { name: 'e' },
    ]);
  });

  it('matches versions with vercmp, and versioned dependencies only through versioned provisions', () => {
    expect(satisfies(item('foo', '1.10-1'), parsePacmanDependency('foo>1.9'))).toBe(true);
    expect(satisfies(item('foo', '1:1.0-1'), parsePacmanDependency('foo>2.0'))).toBe(true);
    expect(satisfies(item('foo', '2.0-3'), parsePacmanDependency('foo=2.0'))).toBe(true);
    expect(satisfies(item('foo', '2.0-3'), parsePacmanDependency('foo=2.0-2'))).toBe(false);
    expect(satisfiesByProvision(item('jre', '1', ['java']), parsePacmanDependency('java'))).toBe(true);
    expect(satisfiesByProvision(item('jre', '1', ['java']), parsePacmanDependency('java>=17'))).toBe(false);
    expect(satisfiesByProvision(item('jre', '1', ['java=21']), parsePacmanDependency('java>=17'))).toBe(true);
    expect(satisfiesByProvision(item('jre', '1', ['java=11']), parsePacmanDependency('java>=17'))).toBe(
      false,
    );
  });
});
