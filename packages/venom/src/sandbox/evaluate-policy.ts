import { isDestructiveCommand, normalizeCommand } from './command-words.js';
import { globLiteralLength, globToRegExp, isExactGlob } from './glob-to-regexp.js';
import { splitCompoundCommand } from './split-compound-command.js';
import type {
  Policy,
  PolicyDecision,
  PolicyDecisionKind,
  PolicyRequest,
  PolicyRule,
  RiskLevel,
} from './types.js';

/**
 * The built-in policy: reading is allowed; writing, running commands, network access and
 * destructive actions ask. Network asks rather than denies so that a step needing it becomes an
 * approval request (never a silent failure or a retry without the sandbox).
 */
export const defaultPolicy: Policy = Object.freeze({
  rules: [],
  defaults: Object.freeze({ read: 'allow', write: 'ask', exec: 'ask', network: 'ask', destructive: 'ask' }),
}) as Policy;

const decisionWeight: Record<PolicyDecisionKind, number> = { allow: 0, ask: 1, deny: 2 };

/** `shell.run` for `{ skill: 'shell', action: 'run' }`; an action holding a dot is already full. */
export function fullActionName(request: Pick<PolicyRequest, 'skill' | 'action'>): string {
  return request.action.includes('.') ? request.action : `${request.skill}.${request.action}`;
}

/**
 * Decides whether an action may run: `allow`, `ask` the user, or `deny`.
 *
 * - The subjects are the parts of `command` (see splitCompoundCommand), else `paths`, else the action
 *   alone. Each subject is judged by the most specific matching rule (a rule with a pattern beats one
 *   without; then more literal characters in pattern and action); deny beats ask beats allow at equal
 *   specificity. Without a matching rule, `policy.defaults[risk]` applies.
 * - Every part must be allowed for `allow`; any denied part gives `deny`; otherwise `ask`.
 * - Destructive risk, or a destructive part (`rm`, `git push --force`, `git reset --hard`…), is at least
 *   `ask` unless allowed by a rule whose pattern names it exactly (no wildcard).
 */
export function evaluatePolicy(request: PolicyRequest, policy: Policy): PolicyDecision {
  const action = fullActionName(request);
  const command = request.command?.trim();
  const kind: 'command' | 'path' | undefined =
    command !== undefined && command !== '' ? 'command' : request.paths?.length ? 'path' : undefined;
  const subjects: Array<string | undefined> =
    kind === 'command'
      ? (() => {
          const parts = splitCompoundCommand(command as string);
          return parts.length > 0 ? parts : [command as string];
        })()
      : kind === 'path'
        ? (request.paths as string[])
        : [undefined];

  const parts = subjects.map((subject) => judgeSubject(action, request.risk, subject, kind, policy));
  const denied = parts.find((part) => part.decision === 'deny');
  const asked = parts.find((part) => part.decision === 'ask');
  const deciding = denied ?? asked ?? parts[0];
  const decision: PolicyDecisionKind = denied ? 'deny' : asked ? 'ask' : 'allow';
  const where = kind === undefined || subjects.length === 1 ? '' : ` (part '${deciding?.part}')`;
  const decisionOut: PolicyDecision = {
    decision,
    reason: `${action}: ${deciding?.reason ?? decision}${where}`,
  };
  if (deciding?.rule !== undefined) decisionOut.rule = deciding.rule;
  if (kind !== undefined) {
    decisionOut.parts = parts.map((part) => {
      const entry: { part: string; decision: PolicyDecisionKind; rule?: PolicyRule } = {
        part: part.part as string,
        decision: part.decision,
      };
      if (part.rule !== undefined) entry.rule = part.rule;
      return entry;
    });
  }
  return decisionOut;
}

interface SubjectJudgement {
  part: string | undefined;
  decision: PolicyDecisionKind;
  rule?: PolicyRule;
  reason: string;
}

function judgeSubject(
  action: string,
  risk: RiskLevel,
  subject: string | undefined,
  kind: 'command' | 'path' | undefined,
  policy: Policy,
): SubjectJudgement {
  const normalized =
    subject === undefined ? undefined : kind === 'command' ? normalizeCommand(subject) : subject;
  const destructive =
    risk === 'destructive' || (kind === 'command' && isDestructiveCommand(normalized as string));
  let best: { rule: PolicyRule; specificity: number } | undefined;
  for (const rule of policy.rules) {
    if (!globToRegExp(rule.action, 'command').test(action)) continue;
    if (rule.pattern !== undefined) {
      if (normalized === undefined) continue;
      if (!globToRegExp(rule.pattern, kind === 'path' ? 'path' : 'command').test(normalized)) continue;
    }
    const specificity =
      (rule.pattern === undefined ? 0 : 1_000_000 + globLiteralLength(rule.pattern) * 1000) +
      globLiteralLength(rule.action);
    if (
      best === undefined ||
      specificity > best.specificity ||
      (specificity === best.specificity && decisionWeight[rule.decision] > decisionWeight[best.rule.decision])
    ) {
      best = { rule, specificity };
    }
  }
  if (best === undefined) {
    const level: RiskLevel = destructive ? 'destructive' : risk;
    return {
      part: subject,
      // A risk level the policy leaves out asks: the policy fails closed.
      decision: strictest(policy.defaults[level] ?? 'ask', destructive ? 'ask' : 'allow'),
      reason: `no rule matches; default for ${level} actions`,
    };
  }
  const { rule } = best;
  const described = `rule ${rule.action}${rule.pattern === undefined ? '' : ` '${rule.pattern}'`} (${rule.source ?? 'config'})`;
  if (
    rule.decision === 'allow' &&
    destructive &&
    !(rule.pattern !== undefined && isExactGlob(rule.pattern))
  ) {
    return {
      part: subject,
      decision: 'ask',
      rule,
      reason: `destructive; ${described} is too broad to approve it`,
    };
  }
  return { part: subject, decision: rule.decision, rule, reason: `${rule.decision} by ${described}` };
}

function strictest(a: PolicyDecisionKind, b: PolicyDecisionKind): PolicyDecisionKind {
  return decisionWeight[a] >= decisionWeight[b] ? a : b;
}
