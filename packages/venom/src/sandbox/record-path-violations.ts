import type { EventCorrelation, EventLog } from '@venom/core';
import type { PathViolation } from './types.js';

/** The event type of a refused file access, shared with the plan executor's policy denials. */
export const pathViolationEventType = 'security-violation';

/**
 * An `onViolation` for createFileGuard that appends each violation to the event log as a
 * `security-violation` event (payload: kind 'path-deny', path, access, reason), with the given correlation ids.
 */
export function recordPathViolations(
  eventLog: Pick<EventLog, 'append'>,
  correlation: EventCorrelation = {},
): (violation: PathViolation) => void {
  return (violation) => {
    eventLog.append({
      type: pathViolationEventType,
      payload: { kind: 'path-deny', ...violation },
      correlation,
    });
  };
}
