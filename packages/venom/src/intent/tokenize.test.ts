import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.js';

const kinds = (text: string) => tokenize(text).map((token) => [token.kind, token.raw]);

describe('tokenize', () => {
  it('classifies tokens from their characters', () => {
    expect(
      kinds(
        'show HEAD~3 a1b2c3d 2026-11-01 v1.2.0 3.12 42 *.ts src/app.ts README.md ana@example.com -n main',
      ),
    ).toEqual([
      ['word', 'show'],
      ['ref', 'HEAD~3'],
      ['ref', 'a1b2c3d'],
      ['date', '2026-11-01'],
      ['version', 'v1.2.0'],
      ['version', '3.12'],
      ['number', '42'],
      ['glob', '*.ts'],
      ['path', 'src/app.ts'],
      ['path', 'README.md'],
      ['email', 'ana@example.com'],
      ['flag', '-n'],
      ['word', 'main'],
    ]);
  });

  it('keeps quoted text whole, with its inner spacing and apostrophes', () => {
    const tokens = tokenize(`commit -m "fix: it's  done" and 'x' and \`npm test\``);
    expect(tokens.filter((token) => token.kind === 'quoted').map((token) => token.raw)).toEqual([
      "fix: it's  done",
      'x',
      'npm test',
    ]);
  });

  it('does not open a quote on an apostrophe inside a word', () => {
    expect(kinds("what's in ana's branch")).toEqual([
      ['word', "what's"],
      ['word', 'in'],
      ['word', 'ana'],
      ['word', 'branch'],
    ]);
    expect(tokenize("ana's")[0]?.possessive).toBe(true);
  });

  it('turns ; && and a trailing comma into separators and drops trailing punctuation', () => {
    expect(kinds('status; diff && log, then show?')).toEqual([
      ['word', 'status'],
      ['separator', ';'],
      ['word', 'diff'],
      ['separator', '&&'],
      ['word', 'log'],
      ['separator', ','],
      ['word', 'then'],
      ['word', 'show'],
    ]);
  });

  it('reads number words and keeps "." as a path', () => {
    const [five] = tokenize('five');
    expect(five?.number).toBe(5);
    expect(kinds('ls .')).toEqual([
      ['word', 'ls'],
      ['path', '.'],
    ]);
  });

  it('records offsets into the request', () => {
    const text = 'run  `make build`';
    const quoted = tokenize(text)[1];
    expect(text.slice(quoted?.start, quoted?.end)).toBe('`make build`');
  });
});
