export { configKeys } from './config-keys.js';
export { type ConfigLayer, type ConfigSource, describeSource } from './config-source.js';
export { type ExplainedValue, explainConfig } from './explain-config.js';
export { findProjectConfigFile, findRepositoryRoot } from './find-project-config-file.js';
export { getConfigValue } from './get-config-value.js';
export { initConfigFile } from './init-config-file.js';
export {
  type ConfigSpec,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
} from './load-config.js';
export { resolveToolPaths, type ToolPaths } from './resolve-tool-paths.js';
export { setConfigValue } from './set-config-value.js';
export { unsetConfigValue } from './unset-config-value.js';
