import { describe, expect, it } from 'vitest';
import { parseSearchArguments } from './search-fast-path.js';

describe('parseSearchArguments (the forms `omg search` answers without the CLI kit)', () => {
  it('takes terms, --json, -n/--names-only, --limit, --root and --dbpath in any order', () => {
    expect(parseSearchArguments(['text', 'editor'])).toEqual({
      search: { terms: ['text', 'editor'], namesOnly: false },
      json: false,
      root: undefined,
      databasePath: undefined,
    });
    expect(
      parseSearchArguments([
        '--json',
        'python3',
        '-n',
        '--limit',
        '5',
        '--root=/srv/chroot',
        '--dbpath',
        'db',
      ]),
    ).toEqual({
      search: { terms: ['python3'], namesOnly: true, limit: 5 },
      json: true,
      root: '/srv/chroot',
      databasePath: 'db',
    });
    expect(parseSearchArguments(['--names-only', '--limit=12', 'vim', ''])).toMatchObject({
      search: { terms: ['vim'], namesOnly: true, limit: 12 },
    });
  });

  it('leaves everything else to the full command', () => {
    for (const argv of [
      [],
      [''],
      ['--json'],
      ['--regex', '^py'],
      ['-r', 'py'],
      ['--help'],
      ['vim', '--quiet'],
      ['vim', '--limit'],
      ['vim', '--limit', '0'],
      ['vim', '--limit', 'many'],
      ['vim', '--limit=-1'],
      ['vim', '--root'],
      ['vim', '--root='],
      ['vim', '--root', '--json'],
      ['vim', '--', '-x'],
      ['-nx', 'vim'],
    ])
      expect({ argv, parsed: parseSearchArguments(argv) }).toEqual({ argv, parsed: undefined });
  });
});
