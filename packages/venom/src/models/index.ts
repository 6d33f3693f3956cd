export { findProvider, type ProviderInfo, providerCatalog } from './provider-catalog.js';
