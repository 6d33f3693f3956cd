import { VenomError } from '@venom/core';
import type { PackageIndex } from '../index/open-package-index.js';
import type { TransactionResolver } from '../plan/transaction-plan.js';

/** The resolver for an index's backend: apt's or pacman's rules (each loaded only when used). */
export async function createResolver(index: PackageIndex): Promise<TransactionResolver> {
  switch (index.backend.kind) {
    case 'apt': {
      const { createAptResolver } = await import('./apt/create-apt-resolver.js');
      return createAptResolver(index);
    }
    case 'pacman': {
      const { createPacmanResolver } = await import('./pacman/create-pacman-resolver.js');
      return createPacmanResolver(index);
    }
    default:
      throw new VenomError({
        code: 'BACKEND_UNSUPPORTED',
        category: 'usage',
        message: `omg cannot plan transactions for the '${index.backend.kind}' backend`,
        hint: 'install, remove and update work on apt and pacman systems.',
      });
  }
}
