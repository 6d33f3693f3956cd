import { describe, expect, it } from 'vitest';
import { defaultPolicy, evaluatePolicy } from './evaluate-policy.js';
import { rememberRule } from './remember-rule.js';
import type { Policy, PolicyRequest, PolicyRule } from './types.js';

const shell = (command: string): PolicyRequest => ({ skill: 'shell', action: 'run', risk: 'exec', command });

function policyWith(rules: PolicyRule[], defaults: Partial<Policy['defaults']> = {}): Policy {
  return { rules, defaults: { ...defaultPolicy.defaults, ...defaults } };
}

const gitAllowedRmDenied = policyWith([
  { action: 'shell.run', pattern: 'git *', decision: 'allow' },
  { action: 'shell.run', pattern: 'rm *', decision: 'deny' },
  { action: 'shell.run', pattern: 'npm test', decision: 'allow' },
]);

describe('evaluatePolicy', () => {
  it('uses the defaults per risk level when no rule matches', () => {
    expect(evaluatePolicy({ skill: 'files', action: 'read', risk: 'read' }, defaultPolicy).decision).toBe(
      'allow',
    );
    for (const risk of ['write', 'exec', 'network', 'destructive'] as const) {
      expect(evaluatePolicy({ skill: 'x', action: 'y', risk }, defaultPolicy).decision).toBe('ask');
    }
    expect(evaluatePolicy(shell('make'), defaultPolicy).reason).toMatch(/no rule matches/);
  });

  it('asks for a risk level the policy leaves out (fails closed)', () => {
    const partial = { rules: [], defaults: { read: 'allow' } } as unknown as Policy;
    expect(
      evaluatePolicy({ skill: 'shell', action: 'run', risk: 'exec', command: 'echo hi' }, partial).decision,
    ).toBe('ask');
  });

  it('allows `git *` and denies `rm *`', () => {
    expect(evaluatePolicy(shell('git log --oneline'), gitAllowedRmDenied)).toMatchObject({
      decision: 'allow',
      rule: { pattern: 'git *' },
    });
    expect(evaluatePolicy(shell('git'), gitAllowedRmDenied).decision).toBe('allow');
    expect(evaluatePolicy(shell('gitk'), gitAllowedRmDenied).decision).toBe('ask');
    expect(evaluatePolicy(shell('rm notes.txt'), gitAllowedRmDenied).decision).toBe('deny');
  });

  it('allows a compound command whose every part is allowed, without asking again', () => {
    const decision = evaluatePolicy(
      shell('npm test && git add -A && git commit -m "wip; && done"'),
      gitAllowedRmDenied,
    );
    expect(decision.decision).toBe('allow');
    expect(decision.parts?.map((part) => part.decision)).toEqual(['allow', 'allow', 'allow']);
  });

  it('asks when one part is unknown and denies when any part is denied', () => {
    const asked = evaluatePolicy(shell('git status && make'), gitAllowedRmDenied);
    expect(asked.decision).toBe('ask');
    expect(asked.reason).toMatch(/part 'make'/);
    expect(evaluatePolicy(shell('git status; make; rm -f x'), gitAllowedRmDenied).decision).toBe('deny');
  });

  it('judges command substitutions and leading assignments as their own commands', () => {
    expect(evaluatePolicy(shell('git commit -m "$(rm -f notes)"'), gitAllowedRmDenied).decision).toBe('deny');
    expect(evaluatePolicy(shell('GIT_PAGER=cat git log'), gitAllowedRmDenied).decision).toBe('allow');
  });

  it('keeps destructive parts at ask under a broad allow rule', () => {
    const broad = policyWith([{ action: '*', decision: 'allow' }]);
    expect(evaluatePolicy(shell('ls -la'), broad).decision).toBe('allow');
    for (const command of [
      'rm -rf build',
      'git push --force origin main',
      'git push origin +main',
      'git reset --hard HEAD~1',
      'git clean -fdx',
      'find . -name "*.o" -delete',
      'sudo rm x',
    ]) {
      const decision = evaluatePolicy(shell(command), broad);
      expect(decision.decision, command).toBe('ask');
      expect(decision.reason).toMatch(/destructive/);
    }
    expect(evaluatePolicy(shell('git push --force'), gitAllowedRmDenied).decision).toBe('ask');
    expect(
      evaluatePolicy({ skill: 'files', action: 'delete', risk: 'destructive', paths: ['a.txt'] }, broad)
        .decision,
    ).toBe('ask');
  });

  it('allows a destructive command named exactly by a rule', () => {
    const exact = policyWith([{ action: 'shell.run', pattern: 'rm -rf dist', decision: 'allow' }]);
    expect(evaluatePolicy(shell('rm -rf dist'), exact).decision).toBe('allow');
    expect(evaluatePolicy(shell('rm -rf dist src'), exact).decision).toBe('ask');
  });

  it('lets the most specific rule win and deny beat allow at equal specificity', () => {
    const policy = policyWith([
      { action: 'shell.run', pattern: 'git *', decision: 'allow' },
      { action: 'shell.run', pattern: 'git push *', decision: 'ask' },
      { action: 'shell.run', pattern: 'npm *', decision: 'allow' },
      { action: 'shell.run', pattern: 'npm *', decision: 'deny' },
      { action: 'shell.*', decision: 'deny' },
    ]);
    expect(evaluatePolicy(shell('git status'), policy).decision).toBe('allow');
    expect(evaluatePolicy(shell('git push origin main'), policy).decision).toBe('ask');
    expect(evaluatePolicy(shell('npm install'), policy).decision).toBe('deny');
    expect(evaluatePolicy(shell('make'), policy).decision).toBe('deny');
  });

  it('matches file actions by action glob and path glob', () => {
    const policy = policyWith([
      { action: 'files.*', pattern: 'src/**', decision: 'allow' },
      { action: 'files.write', pattern: 'src/generated/*', decision: 'deny' },
    ]);
    const write = (paths: string[]): PolicyRequest => ({
      skill: 'files',
      action: 'write',
      risk: 'write',
      paths,
    });
    expect(evaluatePolicy(write(['src/a/b.ts', 'src/c.ts']), policy).decision).toBe('allow');
    expect(evaluatePolicy(write(['src/a.ts', 'README.md']), policy).decision).toBe('ask');
    expect(evaluatePolicy(write(['src/generated/api.ts']), policy).decision).toBe('deny');
    expect(
      evaluatePolicy({ skill: 'files', action: 'files.write', risk: 'write', paths: ['src/x.ts'] }, policy)
        .decision,
    ).toBe('allow');
  });

  it('turns an "allow always" answer into narrow rules that stop the prompt for that command only', () => {
    const request = shell('npm run build && git log --oneline | head -5');
    const remembered = rememberRule(request);
    expect(remembered.map((rule) => rule.pattern)).toEqual(['npm run build *', 'git log *', 'head *']);
    const policy = policyWith(remembered);
    expect(evaluatePolicy(request, policy).decision).toBe('allow');
    expect(evaluatePolicy(shell('git log -p && head -1 x'), policy).decision).toBe('allow');
    expect(evaluatePolicy(shell('git push'), policy).decision).toBe('ask');
    expect(evaluatePolicy(shell('npm run deploy'), policy).decision).toBe('ask');
  });
});

describe('rememberRule', () => {
  it('never remembers a wildcard for destructive commands or interpreters', () => {
    expect(rememberRule(shell('rm -rf dist')).map((rule) => rule.pattern)).toEqual(['rm -rf dist']);
    expect(rememberRule(shell('bash -c "make all"')).map((rule) => rule.pattern)).toEqual([
      'bash -c "make all"',
    ]);
    expect(rememberRule(shell('sudo apt install x')).map((rule) => rule.pattern)).toEqual([
      'sudo apt install x',
    ]);
  });

  it('keeps the tool and subcommand, marks the rules remembered, and handles paths and bare actions', () => {
    expect(rememberRule(shell('ls -la src'))).toEqual([
      { action: 'shell.run', pattern: 'ls *', decision: 'allow', source: 'remembered' },
    ]);
    expect(rememberRule(shell('git -C sub status'))[0]?.pattern).toBe('git *');
    expect(
      rememberRule({ skill: 'files', action: 'write', risk: 'write', paths: ['src/a.ts', 'src/a.ts'] }),
    ).toEqual([{ action: 'files.write', pattern: 'src/a.ts', decision: 'allow', source: 'remembered' }]);
    expect(rememberRule({ skill: 'web', action: 'fetch', risk: 'network' })).toEqual([
      { action: 'web.fetch', decision: 'allow', source: 'remembered' },
    ]);
  });
});
