export {
  createSecretStore,
  type SecretBackend,
  type SecretLookup,
  type SecretStore,
  type SecretStoreOptions,
  type SecretStoreWarning,
} from './create-secret-store.js';
