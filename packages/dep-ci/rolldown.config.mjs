import { cliBundleConfig } from '../../scripts/cli-bundle-config.mjs';

// The scan worker is its own entry: build-graph starts it by URL next to the bundle.
export default cliBundleConfig({ 'dep-ci': 'dist/cli/main.js', 'scan-worker': 'dist/graph/scan-worker.js' });
