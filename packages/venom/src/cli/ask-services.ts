import { createSessionStore } from '../memory/index.js';
import {
  type BudgetLimits,
  createBudgetLedger,
  createModelClient,
  createResponseCache,
  findProvider,
  type ModelPrice,
  type ProviderSettings,
  providerCatalog,
} from '../models/index.js';
import type { AskDependencies } from '../plan/index.js';
import {
  type Candidate,
  candidatesFromConfig,
  createOutcomeLog,
  createRouter,
  defaultCandidates,
} from '../router/index.js';
import type { VenomConfig } from './config-schema.js';
import type { VenomRuntime } from './runtime.js';

type ProviderConfigKey = keyof VenomConfig['providers'];

function providerConfigKey(provider: string): ProviderConfigKey {
  return provider.replaceAll('-', '_') as ProviderConfigKey;
}

/**
 * The providers venom may call: those with a key, plus local servers (Ollama, an OpenAI-compatible
 * server) that the user pointed venom at in the configuration.
 */
export async function usableProviders(runtime: VenomRuntime): Promise<Set<string>> {
  const usable = new Set<string>();
  for (const provider of providerCatalog) {
    const key = await runtime.secrets.get(provider.name, provider.envVars);
    const baseUrlSource = runtime.config.sources[`providers.${providerConfigKey(provider.name)}.base_url`];
    const pointedAt = baseUrlSource !== undefined && baseUrlSource.layer !== 'default';
    if (key !== undefined || (!provider.keyRequired && pointedAt)) usable.add(provider.name);
  }
  return usable;
}

/** The candidates the router may pick from: configured (or default) ones whose provider is usable. */
export async function routerCandidates(runtime: VenomRuntime): Promise<Candidate[]> {
  const all = candidatesFromConfig(runtime.config.value.router, defaultCandidates);
  const usable = await usableProviders(runtime);
  const pinned = runtime.config.value.models.default;
  const candidates = all.filter((candidate) => usable.has(candidate.provider));
  return pinned === undefined ? candidates : candidates.filter((candidate) => candidate.id === pinned);
}

/** `models.prices` entries as the model client's overrides, keyed `provider/model`. */
export function priceOverridesFrom(prices: VenomConfig['models']['prices']): Record<string, ModelPrice> {
  return Object.fromEntries(
    prices.map((entry) => [
      entry.model,
      {
        inputPerMillionUsd: entry.input_per_million_usd,
        outputPerMillionUsd: entry.output_per_million_usd,
        ...(entry.cached_input_per_million_usd === undefined
          ? {}
          : { cachedInputPerMillionUsd: entry.cached_input_per_million_usd }),
        ...(entry.context_window === undefined ? {} : { contextWindow: entry.context_window }),
        ...(entry.max_output_tokens === undefined ? {} : { maxOutputTokens: entry.max_output_tokens }),
      },
    ]),
  );
}

/** The hard spending limits set in the configuration. */
export function budgetLimitsFrom(config: VenomConfig): BudgetLimits {
  const models = config.models;
  return {
    ...(models.budget_request_usd === undefined ? {} : { perRequestUsd: models.budget_request_usd }),
    ...(models.budget_daily_usd === undefined ? {} : { dailyUsd: models.budget_daily_usd }),
    ...(models.budget_monthly_usd === undefined ? {} : { monthlyUsd: models.budget_monthly_usd }),
    ...(models.velocity_limit_usd === undefined
      ? {}
      : { velocity: { maxUsd: models.velocity_limit_usd, windowMinutes: models.velocity_window_minutes } }),
  };
}

/** Everything `venom ask` needs, built from this run's configuration, credentials and database. */
export async function openAskServices(runtime: VenomRuntime): Promise<AskDependencies> {
  const config = runtime.config.value;
  const store = runtime.store();
  const events = runtime.events();
  const models = config.models;
  const ledger = createBudgetLedger(store, budgetLimitsFrom(config));
  const candidates = await routerCandidates(runtime);
  const settingsFor = async (provider: string): Promise<ProviderSettings> => {
    const info = findProvider(provider);
    const key = info === undefined ? undefined : await runtime.secrets.get(info.name, info.envVars);
    const baseUrl = config.providers[providerConfigKey(provider)]?.base_url;
    return {
      ...(baseUrl === undefined ? {} : { baseUrl }),
      ...(key === undefined ? {} : { apiKey: key.value }),
    };
  };
  const classifierId = config.router.classifier;
  const classifier =
    classifierId === undefined ? undefined : candidates.find((candidate) => candidate.id === classifierId);
  return {
    ...(classifier === undefined ? {} : { classifier }),
    sessions: createSessionStore(store),
    outcomes: createOutcomeLog(store),
    ledger,
    historyMessages: models.history_messages,
    router:
      candidates.length === 0
        ? undefined
        : createRouter({
            store,
            candidates,
            priorStrength: config.router.prior_strength,
            adaptPriorStrength: config.router.adapt_prior_strength,
            costWeight: config.router.cost_weight,
            latencyWeight: config.router.latency_weight,
          }),
    modelClient:
      candidates.length === 0
        ? undefined
        : createModelClient({
            settingsFor,
            timeoutMs: models.timeout_ms,
            retry: {
              maxAttempts: models.retry_max_attempts,
              baseDelayMs: models.retry_base_delay_ms,
              maxDelayMs: models.retry_max_delay_ms,
            },
            circuitBreaker: {
              failureThreshold: models.circuit_failure_threshold,
              cooldownMs: models.circuit_cooldown_ms,
            },
            priceOverrides: priceOverridesFrom(models.prices),
            ...(models.cache_enabled
              ? { cache: createResponseCache(store), cacheTtlMs: models.cache_ttl_ms }
              : {}),
            onEvent: (event) => {
              runtime.logger.info(event.type, event.payload);
              events.append(event);
            },
          }),
  };
}
