import type { ConfigSource } from './config-source.js';
import { valueAtPath } from './get-config-value.js';
import type { LoadedConfig } from './load-config.js';

/** One leaf of a loaded configuration with its value and where that came from. */
export interface ExplainedValue {
  key: string;
  value: unknown;
  source: ConfigSource;
}

/** Every leaf key of the schema, sorted by key, with its value and source: the data of `config explain`. */
export function explainConfig<T>(loaded: LoadedConfig<T>): ExplainedValue[] {
  return Object.keys(loaded.sources)
    .sort()
    .map((key) => ({
      key,
      value: valueAtPath(loaded.value, key),
      source: loaded.sources[key] ?? { layer: 'default' },
    }));
}
