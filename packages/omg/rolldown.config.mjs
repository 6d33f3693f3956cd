import { cliBundleConfig } from '../../scripts/cli-bundle-config.mjs';

export default cliBundleConfig({ omg: 'dist/cli/main.js', omgd: 'dist/cli/omgd-main.js' });
