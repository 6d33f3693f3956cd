import type { ApprovalRequestInfo } from './plan-run.js';

/**
 * The text of an approval prompt (and of `venom approvals show`): what will run, the exact command and
 * paths, the risk, and why the policy asks. The CLI adds the choices (allow once / allow always / deny).
 */
export function formatApprovalPrompt(request: ApprovalRequestInfo): string[] {
  const lines = [
    `Step ${request.stepId} wants to ${request.summary}`,
    `  action   ${request.skill}.${request.action}`,
  ];
  if (request.command !== undefined) lines.push(`  command  ${request.command}`);
  if (request.paths !== undefined && request.paths.length > 0) {
    lines.push(
      `  paths    ${request.paths[0]}`,
      ...request.paths.slice(1).map((path) => `           ${path}`),
    );
  }
  lines.push(`  risk     ${request.risk}`, `  why      ${request.reason}`);
  return lines;
}
