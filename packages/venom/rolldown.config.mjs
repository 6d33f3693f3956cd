// Bundles the CLI into a few files so start-up parses one module graph instead of ~80 small ones
// (see docs/decisions/2026-11-21-bundle-the-cli.md). Our own packages are bundled; every npm
// dependency stays external and loads from node_modules when (and only when) a command needs it.
import { defineConfig } from 'rolldown';

export default defineConfig({
  input: { venom: 'dist/cli/main.js' },
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
