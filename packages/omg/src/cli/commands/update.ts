import { defineCommand } from '@venom/core';
import {
  renderTransaction,
  runTransaction,
  type TransactionResult,
  transactionExitCode,
  transactionInput,
  transactionOptions,
} from './install.js';

export const updateCommand = defineCommand({
  name: 'update',
  summary: 'Upgrade installed packages: refresh the lists, show the plan, then hand over',
  description:
    "apt: runs 'apt-get update' first (not with --dry-run or --simulate, which plan on the current lists), then plans 'apt-get upgrade': installed packages with a newer candidate, no new packages and no removals; upgrades that would need either are kept back. pacman: pacman -Su. Confirmation, --yes and --json work as for install.",
  examples: ['omg update --dry-run', 'omg update --yes', 'omg update --json --dry-run'],
  options: transactionOptions,
  async run(raw: Record<string, unknown>, context): Promise<TransactionResult> {
    return runTransaction(context, transactionInput({ ...raw, names: [] }), 'update');
  },
  render: renderTransaction,
  exitCode: transactionExitCode,
});
