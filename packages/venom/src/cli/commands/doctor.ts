import { defineCommand } from '@venom/core';
import type { DoctorCheck } from '../doctor-checks.js';

interface DoctorResult {
  checks: DoctorCheck[];
  summary: { ok: number; warn: number; fail: number };
}

export const doctorCommand = defineCommand({
  name: 'doctor',
  summary:
    'Check that venom can run here: Node, config, database, git, bubblewrap, ripgrep, Redis, providers',
  description: 'Each line is ok, warn or fail, with the fix. Exits 1 when any check fails.',
  async run(_input, context): Promise<DoctorResult> {
    const progress = context.progress('checking');
    const { runDoctorChecks } = await import('../doctor-checks.js');
    const report = await runDoctorChecks(context, process.versions.node);
    try {
      const count = (status: DoctorCheck['status']): number =>
        report.checks.filter((check) => check.status === status).length;
      const summary = { ok: count('ok'), warn: count('warn'), fail: count('fail') };
      report.eventLog?.append({ type: 'doctor-run', payload: summary });
      progress.done();
      return { checks: report.checks, summary };
    } finally {
      report.close();
    }
  },
  render(result, output) {
    const { style } = output;
    const badge = { ok: style.green('ok  '), warn: style.yellow('warn'), fail: style.red('fail') };
    for (const check of result.checks) {
      output.line(`${badge[check.status]} ${check.name.padEnd(11)} ${check.message}`);
      if (check.fix !== undefined && check.status !== 'ok')
        output.line(`     ${''.padEnd(11)} ${style.dim(`fix: ${check.fix}`)}`);
    }
    const { ok, warn, fail } = result.summary;
    output.line();
    output.line(`${ok} ok, ${warn} warning${warn === 1 ? '' : 's'}, ${fail} failed`);
  },
  exitCode: (result) => (result.summary.fail > 0 ? 1 : 0),
});
