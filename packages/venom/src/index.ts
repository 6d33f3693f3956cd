/**
 * The venom orchestrator's library entry. Other packages never import venom (see DESIGN.md);
 * this entry exists for embedding and tests.
 */
export { findProvider, type ProviderInfo, providerCatalog } from './models/index.js';
