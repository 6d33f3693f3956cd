import { describe, expect, it } from 'vitest';
import { parseDeb822, stripClearsignature } from './parse-deb822.js';
import { parseReleaseText } from './read-release-file.js';

describe('parseDeb822', () => {
  it('reads stanzas, joins continuation lines and turns a lone dot into an empty line', () => {
    const text =
      'Package: a\nVersion: 1\nDescription: short\n line one\n .\n line two\n\n\nPackage: b\r\nVersion: 2\r\n';
    const { stanzas, problems } = parseDeb822(text, 'Packages');
    expect(problems).toEqual([]);
    expect(stanzas.map((stanza) => stanza.fields)).toEqual([
      { Package: 'a', Version: '1', Description: 'short\nline one\n\nline two' },
      { Package: 'b', Version: '2' },
    ]);
    expect(stanzas[1]?.line).toBe(9);
  });

  it('keeps only the requested fields but still skips their continuation lines', () => {
    const { stanzas } = parseDeb822(
      'Package: a\nConffiles:\n /etc/a 123\nVersion: 1\n',
      'status',
      new Set(['Package', 'Version']),
    );
    expect(stanzas[0]?.fields).toEqual({ Package: 'a', Version: '1' });
  });

  it('reports malformed lines with file and line, and gives up after 20', () => {
    const { stanzas, problems } = parseDeb822(
      'Package: a\nthis is not a field\nVersion: 1\n',
      'lists/x_Packages',
    );
    expect(stanzas[0]?.fields).toEqual({ Package: 'a', Version: '1' });
    expect(problems).toEqual([
      { file: 'lists/x_Packages', line: 2, message: expect.stringContaining("expected 'Field: value'") },
    ]);
    const garbage = parseDeb822('\u0000\u0001garbage\n'.repeat(1000), 'bin');
    expect(garbage.problems).toHaveLength(21);
    expect(garbage.problems.at(-1)?.message).toContain('rest of the file was skipped');
  });

  it('handles a 20 MB description', () => {
    const long = ` ${'x'.repeat(1000)}\n`.repeat(20_000);
    const { stanzas } = parseDeb822(
      `Package: big\nVersion: 1\nDescription: huge\n${long}\nPackage: next\nVersion: 2\n`,
      'Packages',
    );
    expect(stanzas).toHaveLength(2);
    expect(stanzas[0]?.fields.Description?.length).toBeGreaterThan(20_000_000);
  });
});

describe('Release files', () => {
  it('strips a clearsignature and reads suite, codename and origin', () => {
    const text =
      '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nOrigin: Debian\nSuite: oldstable\nCodename: bookworm\nSHA256:\n abc 12 main/x\n- --dash\n-----BEGIN PGP SIGNATURE-----\n\nxyz\n-----END PGP SIGNATURE-----\n';
    expect(stripClearsignature(text)).toContain('--dash');
    expect(parseReleaseText(text, 'InRelease')).toEqual({
      origin: 'Debian',
      suite: 'oldstable',
      codename: 'bookworm',
    });
  });
});
