import { describe, expect, it } from 'vitest';
import { parseAptPreferences } from './read-apt-preferences.js';

describe('parseAptPreferences', () => {
  it('reads release, version and origin pins with their priorities', () => {
    const { pins, problems } = parseAptPreferences(
      [
        'Explanation: prefer backports for the kernel',
        'Package: linux-image-* /^firmware-/',
        'Pin: release n=bookworm-backports, c=main',
        'Pin-Priority: 990',
        '',
        'Package: *',
        'Pin: release a=experimental',
        'Pin-Priority: -10',
        '',
        'Package: nodejs',
        'Pin: origin "deb.nodesource.com"',
        'Pin-Priority: 600',
        '',
        'Package: bash',
        'Pin: version 5.2*',
        'Pin-Priority: 1001',
        '',
        'Package: bare',
        'Pin: release stable',
        'Pin-Priority: 700',
      ].join('\n'),
      'preferences',
    );
    expect(problems).toEqual([]);
    expect(pins.map((pin) => [pin.packages, pin.target, pin.priority])).toEqual([
      [
        ['linux-image-*', '/^firmware-/'],
        { kind: 'release', conditions: { n: 'bookworm-backports', c: 'main' } },
        990,
      ],
      [['*'], { kind: 'release', conditions: { a: 'experimental' } }, -10],
      [['nodejs'], { kind: 'origin', host: 'deb.nodesource.com' }, 600],
      [['bash'], { kind: 'version', pattern: '5.2*' }, 1001],
      [['bare'], { kind: 'release', conditions: { a: 'stable' } }, 700],
    ]);
    expect(pins[0]?.origin).toBe('preferences:1');
  });

  it('reports incomplete stanzas and unreadable pins, keeping the rest', () => {
    const { pins, problems } = parseAptPreferences(
      'Package: a\nPin-Priority: 5\n\nPackage: b\nPin: label x\nPin-Priority: 5\n\nPackage: c\nPin: version 1\nPin-Priority: high\n\nPackage: d\nPin: version 1\nPin-Priority: 5\n',
      'p',
    );
    expect(pins.map((pin) => pin.packages[0])).toEqual(['d']);
    expect(problems.map((problem) => problem.line)).toEqual([1, 4, 8]);
  });
});
