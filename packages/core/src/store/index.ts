export {
  type AppendEventInput,
  type CreateEventLogOptions,
  createEventLog,
  type EventCorrelation,
  type EventLog,
  type FollowEventsOptions,
  type ListEventsOptions,
  type StoredEvent,
} from './create-event-log.js';
export { eventLogMigrations } from './event-log-migrations.js';
export { type Migration, type OpenStoreOptions, openStore, type Store } from './open-store.js';
