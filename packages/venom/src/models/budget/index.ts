/**
 * Hard budgets and spend accounting: per request, per day and per month (UTC), a spend-velocity
 * breaker, reservations shared by every venom process through the store. See docs/architecture/router.md.
 */

export { budgetMigrations } from './budget-migrations.js';
export {
  type ActualCost,
  type BudgetLedger,
  type BudgetLimits,
  type BudgetRefusal,
  type BudgetStats,
  type BudgetStatus,
  type CreateBudgetLedgerOptions,
  createBudgetLedger,
  type Reservation,
  type ReserveResult,
} from './create-budget-ledger.js';
