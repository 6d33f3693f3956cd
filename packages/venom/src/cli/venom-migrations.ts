import { eventLogMigrations, type Migration } from '@venom/core';
import { memoryMigrations } from '../memory/index.js';
import { budgetMigrations, modelsMigrations } from '../models/index.js';
import { planMigrations } from '../plan/index.js';
import { routerMigrations } from '../router/index.js';

/** Every migration namespace of venom's database; each subsystem owns its own tables. */
export const venomMigrations: Record<string, readonly Migration[]> = {
  'event-log': eventLogMigrations,
  memory: memoryMigrations,
  models: modelsMigrations,
  budget: budgetMigrations,
  router: routerMigrations,
  plan: planMigrations,
};
