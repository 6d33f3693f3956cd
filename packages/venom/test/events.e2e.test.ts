import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { collect, createVenomHome, runVenom, startVenom, waitForOutput } from './run-venom.js';

interface EventJson {
  id: number;
  type: string;
  payload: Record<string, unknown>;
}

const betterSqlitePath = createRequire(import.meta.resolve('@venom/core')).resolve('better-sqlite3');

describe('venom events', () => {
  it('lists what commands recorded, filtered by type', async () => {
    const { env } = createVenomHome();
    await runVenom(['config', 'set', 'log.level', 'debug'], { env });
    await runVenom(['doctor'], { env });
    const all = await runVenom(['events', 'list', '--json'], { env });
    expect(all.exitCode).toBe(0);
    const { events } = JSON.parse(all.stdout) as { events: EventJson[] };
    expect(events.map((event) => event.type)).toEqual(['config-set', 'doctor-run']);
    expect(events[0]?.payload).toMatchObject({ key: 'log.level' });
    const filtered = await runVenom(['events', 'list', '--type', 'doctor-run', '--json'], { env });
    expect((JSON.parse(filtered.stdout) as { events: EventJson[] }).events).toHaveLength(1);
    const human = await runVenom(['events', 'list'], { env });
    expect(human.stdout).toMatch(/#1 .*config-set/);
  });

  it('tails: prints the latest events, follows new ones from other processes, and stops on Ctrl-C', async () => {
    const { env } = createVenomHome();
    await runVenom(['config', 'set', 'log.level', 'warn'], { env });
    const tail = startVenom(['events', 'tail', '--json'], { env });
    const finished = collect(tail);
    await waitForOutput(tail, '"config-set"');
    const followed = waitForOutput(tail, '"config-unset"');
    await runVenom(['config', 'unset', 'log.level'], { env });
    await followed;
    tail.kill('SIGINT');
    const run = await finished;
    expect(run.exitCode).toBe(130);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as EventJson);
    expect(lines.map((event) => event.type)).toEqual(['config-set', 'config-unset']);
  });

  it('exits after the latest events with --no-follow', async () => {
    const { env } = createVenomHome();
    for (const level of ['debug', 'info', 'warn'])
      await runVenom(['config', 'set', 'log.level', level], { env });
    const run = await runVenom(['events', 'tail', '-n', '2', '--no-follow', '--json'], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('rejects a bad --since with exit code 2', async () => {
    const { env } = createVenomHome();
    const run = await runVenom(['events', 'list', '--since', 'yesterdayish'], { env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--since');
  });

  it('several processes creating the database at once all succeed', async () => {
    for (let round = 0; round < 5; round++) {
      const { env } = createVenomHome();
      const runs = await Promise.all([
        runVenom(['events', 'list'], { env }),
        runVenom(['events', 'list'], { env }),
        runVenom(['doctor', '--json'], { env }),
      ]);
      expect(runs.map((run) => run.stderr)).toEqual(['', '', '']);
    }
  });

  it('reports a locked database clearly, and the data survives', async () => {
    const venomHome = createVenomHome();
    const { env } = venomHome;
    await runVenom(['config', 'set', 'log.level', 'warn'], { env });
    const database = join(venomHome.dataDir, 'venom.db');
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const Database = require(${JSON.stringify(betterSqlitePath)});
         const db = new Database(${JSON.stringify(database)});
         db.exec('BEGIN EXCLUSIVE');
         process.stdout.write('locked\\n');
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    onTestFinished(() => {
      holder.kill('SIGKILL');
    });
    await waitForOutput(holder, 'locked');
    const run = await runVenom(['config', 'set', 'log.level', 'error', '--json'], { env });
    // The file write succeeded; recording the event could not, and that is reported, not hidden.
    expect(run.exitCode).toBe(0);
    expect((JSON.parse(run.stdout) as { warning?: string }).warning).toContain(database);
    const doctor = await runVenom(['doctor'], { env });
    expect(doctor.exitCode).toBe(1);
    expect(doctor.stdout).toMatch(/^fail +store .*locked by another process/m);
    expect(doctor.stdout).toContain('another process is writing');
    // WAL mode: readers are not blocked by a writer.
    const list = await runVenom(['events', 'list', '--json'], { env });
    expect(list.exitCode).toBe(0);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.on('close', resolve));
    const after = await runVenom(['events', 'list', '--json'], { env });
    expect((JSON.parse(after.stdout) as { events: EventJson[] }).events.map((event) => event.type)).toEqual([
      'config-set',
    ]);
  });

  it('reports a corrupt database without touching it', async () => {
    const venomHome = createVenomHome();
    mkdirSync(venomHome.dataDir, { recursive: true });
    const database = join(venomHome.dataDir, 'venom.db');
    const garbage = Buffer.from("this is not a database, but it is somebody's file\n".repeat(200));
    writeFileSync(database, garbage);
    const run = await runVenom(['events', 'list'], { env: venomHome.env });
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain(database);
    expect(readFileSync(database).equals(garbage)).toBe(true);
  });
});
