import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@venom/core';
import { describe, expect, it } from 'vitest';
import { createSessionStore, memoryMigrations } from './session-store.js';

function openSessions(path = join(mkdtempSync(join(tmpdir(), 'venom-sessions-')), 'venom.db')) {
  const store = openStore({ path, migrations: { memory: memoryMigrations } });
  return { path, store, sessions: createSessionStore(store) };
}

describe('session store', () => {
  it('continues the current session across reopenings, and starts a new one on request', () => {
    const first = openSessions();
    const session = first.sessions.current({ title: 'show the log' });
    first.sessions.append(session.id, { role: 'user', content: 'show the log', model: null, costUsd: null });
    first.sessions.append(session.id, {
      role: 'assistant',
      content: 'here it is',
      model: 'ollama/llama3',
      costUsd: 0,
    });
    first.store.close();

    const reopened = openSessions(first.path);
    expect(reopened.sessions.current().id).toBe(session.id);
    expect(reopened.sessions.recent(session.id, 10).map((message) => message.content)).toEqual([
      'show the log',
      'here it is',
    ]);
    const fresh = reopened.sessions.current({ fresh: true, title: 'other' });
    expect(fresh.id).not.toBe(session.id);
    expect(reopened.sessions.current().id).toBe(fresh.id);
    expect(
      reopened.sessions
        .list(10)
        .map((entry) => entry.messages)
        .sort(),
    ).toEqual([0, 2]);
  });

  it('keeps only the most recent messages when asked for a window, oldest first', () => {
    const { sessions } = openSessions();
    const session = sessions.current();
    for (let index = 0; index < 5; index++) {
      sessions.append(session.id, { role: 'user', content: `m${index}`, model: null, costUsd: null });
    }
    expect(sessions.recent(session.id, 2).map((message) => message.content)).toEqual(['m3', 'm4']);
  });

  it('stores no secrets pasted into a conversation', () => {
    const { sessions } = openSessions();
    const session = sessions.current({ title: 'key sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345' });
    sessions.append(session.id, {
      role: 'user',
      content: 'my key is sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345',
      model: null,
      costUsd: null,
    });
    expect(JSON.stringify(sessions.recent(session.id, 1))).not.toContain('abcdefghijklmnopqrstuvwxyz012345');
    expect(JSON.stringify(sessions.list(1))).not.toContain('abcdefghijklmnopqrstuvwxyz012345');
  });
});
