// Bundles the CLI so start-up parses one module graph (see docs/decisions/2026-11-21-bundle-the-cli.md).
import { defineConfig } from 'rolldown';

export default defineConfig({
  input: { omg: 'dist/cli/main.js', omgd: 'dist/cli/omgd-main.js' },
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('@venom/'),
  output: {
    dir: 'dist/bundle',
    format: 'esm',
    sourcemap: true,
    cleanDir: true,
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
  },
});
