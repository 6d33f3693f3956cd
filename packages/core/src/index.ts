/**
 * @venom/core: the shared core of the venom suite.
 *
 * Importing this entry must stay cheap (it is on every CLI start-up path): no module below may
 * import zod, yaml or better-sqlite3 at the top level. Load them inside the function that needs them.
 */
export * from './cli-kit/index.js';
export * from './config/index.js';
export * from './errors/index.js';
export * from './fs/index.js';
export * from './logging/index.js';
export * from './net/index.js';
export * from './process/index.js';
export * from './secrets/index.js';
export * from './store/index.js';
export * from './text/index.js';
