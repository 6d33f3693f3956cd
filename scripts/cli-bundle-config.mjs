// The rolldown configuration every CLI package bundles with (see
// docs/decisions/2026-11-21-bundle-the-cli.md): our own packages are bundled so start-up parses one
// module graph; every npm dependency stays external and loads from node_modules when a command needs it.
import { defineConfig } from 'rolldown';

/**
 * @param {Record<string, string>} input bundle name -> built entry, e.g. `{ venom: 'dist/cli/main.js' }`
 * @param {{ groups?: Array<{ name: string, test: RegExp }> }} [options] chunks to cut out by module
 *   path, so that a hot path loads a small chunk instead of the one every command shares
 */
export function cliBundleConfig(input, options = {}) {
  return defineConfig({
    input,
    platform: 'node',
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('@venom/'),
    output: {
      dir: 'dist/bundle',
      format: 'esm',
      sourcemap: true,
      cleanDir: true,
      entryFileNames: '[name].js',
      chunkFileNames: '[name]-[hash].js',
      ...(options.groups === undefined ? {} : { codeSplitting: { groups: options.groups } }),
    },
  });
}
