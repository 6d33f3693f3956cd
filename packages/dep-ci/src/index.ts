/**
 * dep-ci: dependency-aware test selection. The library API behind the `dep-ci` CLI.
 * See docs/architecture/dep-ci.md.
 */
export {
  type AffectedReason,
  type AffectedResult,
  type ComputeAffectedOptions,
  computeAffected,
  type FileChange,
  isGlobalConfig,
} from './affected/compute-affected.js';
export { findImportChain } from './affected/find-import-chain.js';
export {
  type ChangeSource,
  diffManifestFields,
  findGitRoot,
  INERT_MANIFEST_FIELDS,
  parseNameStatus,
  readGitChanges,
} from './git/read-git-changes.js';
export {
  type BuildGraphOptions,
  buildGraph,
  type DependencyGraph,
  type ImportEdge,
  type Semantics,
  type UnresolvedImport,
} from './graph/build-graph.js';
export { listRepoFiles } from './graph/list-repo-files.js';
export { graphToDot, graphToJson } from './graph/render-graph.js';
export { type FileScan, scanFile } from './parse/scan-file.js';
export { type ImportKind, type ImportRecord, type ScanResult, scanImports } from './parse/scan-imports.js';
export { scanPython } from './parse/scan-python.js';
export {
  createResolver,
  matchSubpathMap,
  type Resolution,
  type Resolver,
} from './resolve/create-resolver.js';
export { loadTsconfig, type TsconfigInfo } from './resolve/load-tsconfig.js';
export { detectRunner, narrowCommand, type TestRunner } from './run/runner-command.js';
export { discoverTests, type TestMatcher } from './tests/discover-tests.js';
