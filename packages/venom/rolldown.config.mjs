import { cliBundleConfig } from '../../scripts/cli-bundle-config.mjs';

export default cliBundleConfig({ venom: 'dist/cli/main.js' });
