import { defineCommand } from '@venom/core';
import {
  renderTransaction,
  runTransaction,
  type TransactionResult,
  transactionExitCode,
  transactionInput,
  transactionOptions,
} from './install.js';

export const removeCommand = defineCommand({
  name: 'remove',
  summary: 'Remove packages (and what depends on them): show the plan, then hand over to apt-get/pacman',
  description:
    'Installed packages that depend on a removed one with no alternative left are removed too. The plan lists the orphans the removal leaves (installed automatically, needed by nothing); --autoremove removes them as well. Confirmation, --yes, --dry-run, --simulate and --json work as for install.',
  examples: [
    'omg remove nginx',
    'omg remove --autoremove --dry-run nginx',
    'omg remove --json --dry-run curl',
  ],
  positionals: [
    { name: 'names', description: 'installed package names or @groups', required: true, variadic: true },
  ],
  options: {
    ...transactionOptions,
    autoremove: { type: 'boolean', description: 'also remove the orphans the removal leaves' },
  },
  async run(raw: Record<string, unknown>, context): Promise<TransactionResult> {
    return runTransaction(context, transactionInput(raw), 'remove');
  },
  render: renderTransaction,
  exitCode: transactionExitCode,
});
