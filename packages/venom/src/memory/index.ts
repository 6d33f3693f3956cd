export {
  createSessionStore,
  memoryMigrations,
  type Session,
  type SessionMessage,
  type SessionStore,
} from './session-store.js';
