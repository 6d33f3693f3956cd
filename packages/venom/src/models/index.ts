/**
 * models: the provider layer of venom (lowest layer with sandbox; imports only @venom/core and npm
 * packages). Importing this entry is cheap: the AI SDK provider packages load inside
 * `createModelClient().generate`, on first use. See docs/architecture/models.md.
 */
export * from './budget/index.js';
export { type CircuitBreaker, type CircuitState, createCircuitBreaker } from './circuit-breaker.js';
export { costOf, type Usage, worstCaseCost } from './cost-of.js';
export { createModelClient } from './create-model-client.js';
export { estimatePromptTokens, estimateTokens } from './estimate-tokens.js';
export { findPrice, type ModelPrice, pricingTableDate } from './find-price.js';
export type {
  CallAttempt,
  ChatMessage,
  GenerateRequest,
  GenerateResult,
  ModelClient,
  ModelClientOptions,
  ProviderSettings,
  ResponseCache,
} from './model-client.js';
export { formatModelRef, type ModelRef, parseModelRef } from './model-ref.js';
export { findProvider, type ProviderInfo, providerCatalog } from './provider-catalog.js';
export { cacheKey, createResponseCache, modelsMigrations } from './response-cache.js';
export { backoffDelay, parseRetryAfter } from './retry-delay.js';
