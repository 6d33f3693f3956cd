/** closed: calls flow; open: calls are refused until the cooldown ends; half-open: one trial call is let through. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** A circuit breaker per key (provider name), driven by an injected clock. */
export interface CircuitBreaker {
  /** Whether a call to `key` may go ahead now. Moves an open circuit whose cooldown ended to half-open. */
  allow(key: string): boolean;
  /** A call succeeded: the circuit closes. Returns the state before. */
  recordSuccess(key: string): CircuitState;
  /** A call failed: returns true when this failure opened (or re-opened) the circuit. */
  recordFailure(key: string): boolean;
  /** A call ended in a way that says nothing about the provider's health (bad key, bad request): frees a half-open trial slot. */
  release(key: string): void;
  state(key: string): CircuitState;
  /** Consecutive failures counted for `key`. */
  failures(key: string): number;
}

interface Entry {
  state: CircuitState;
  failures: number;
  openedAt: number;
  trialInFlight: boolean;
}

/**
 * Opens a key's circuit after `failureThreshold` consecutive failures; after `cooldownMs` one trial
 * call is allowed (half-open): success closes the circuit, failure opens it for another cooldown.
 */
export function createCircuitBreaker(options: {
  failureThreshold: number;
  cooldownMs: number;
  clock: () => number;
}): CircuitBreaker {
  const entries = new Map<string, Entry>();
  const entryFor = (key: string): Entry => {
    let entry = entries.get(key);
    if (entry === undefined) {
      entry = { state: 'closed', failures: 0, openedAt: 0, trialInFlight: false };
      entries.set(key, entry);
    }
    return entry;
  };
  const refresh = (entry: Entry): void => {
    if (entry.state === 'open' && options.clock() - entry.openedAt >= options.cooldownMs) {
      entry.state = 'half-open';
      entry.trialInFlight = false;
    }
  };
  return {
    allow(key) {
      const entry = entryFor(key);
      refresh(entry);
      if (entry.state === 'closed') return true;
      if (entry.state === 'half-open' && !entry.trialInFlight) {
        entry.trialInFlight = true;
        return true;
      }
      return false;
    },
    recordSuccess(key) {
      const entry = entryFor(key);
      const before = entry.state;
      entry.state = 'closed';
      entry.failures = 0;
      entry.trialInFlight = false;
      return before;
    },
    recordFailure(key) {
      const entry = entryFor(key);
      entry.failures += 1;
      if (
        entry.state === 'half-open' ||
        (entry.state === 'closed' && entry.failures >= options.failureThreshold)
      ) {
        entry.state = 'open';
        entry.openedAt = options.clock();
        entry.trialInFlight = false;
        return true;
      }
      return false;
    },
    release(key) {
      entryFor(key).trialInFlight = false;
    },
    state(key) {
      const entry = entryFor(key);
      refresh(entry);
      return entry.state;
    },
    failures(key) {
      return entryFor(key).failures;
    },
  };
}
