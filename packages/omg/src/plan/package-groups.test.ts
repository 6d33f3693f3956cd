import { VenomError } from '@venom/core';
import { describe, expect, it } from 'vitest';
import { expandGroupArguments } from './package-groups.js';

describe('expandGroupArguments', () => {
  const groups = [
    { name: 'web', origin: 'config', packages: ['nginx', 'certbot'] },
    { name: 'tools', origin: 'apt', packages: ['ripgrep', 'curl'] },
  ];

  it('replaces @groups by their packages, keeping order and dropping duplicates', () => {
    expect(expandGroupArguments(['curl', '@web', '@tools', 'nginx'], groups)).toEqual([
      'curl',
      'nginx',
      'certbot',
      'ripgrep',
    ]);
  });

  it('rejects an unknown group as a usage error with the closest name', () => {
    let caught: unknown;
    try {
      expandGroupArguments(['@wbe'], groups);
    } catch (error) {
      caught = error;
    }
    expect(VenomError.isInstance(caught)).toBe(true);
    expect((caught as VenomError).exitCode).toBe(2);
    expect((caught as VenomError).hint).toContain("'@web'");
  });
});
