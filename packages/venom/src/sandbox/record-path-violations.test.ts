import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventLog, eventLogMigrations, openStore } from '@venom/core';
import { describe, expect, it } from 'vitest';
import { createFileGuard } from './create-file-guard.js';
import { recordPathViolations } from './record-path-violations.js';

describe('recordPathViolations', () => {
  it('logs each denied path as a security-violation event with its correlation', () => {
    const workspace = realpathSync(mkdtempSync(join(tmpdir(), 'venom-violations-')));
    const store = openStore({ path: ':memory:', migrations: { 'event-log': eventLogMigrations } });
    try {
      const eventLog = createEventLog(store);
      const guard = createFileGuard({
        roots: [workspace],
        home: workspace,
        onViolation: recordPathViolations(eventLog, { planId: 'p1' }),
      });
      expect(() => guard.check('../../etc/passwd', 'read')).toThrow(/denied/);
      guard.check('ok.txt', 'write');
      const events = eventLog.list();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'security-violation',
        payload: {
          kind: 'path-deny',
          path: '../../etc/passwd',
          access: 'read',
          reason: expect.stringContaining('outside'),
        },
        correlation: { planId: 'p1' },
      });
    } finally {
      store.close();
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
