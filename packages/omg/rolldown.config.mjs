import { cliBundleConfig } from '../../scripts/cli-bundle-config.mjs';

export default cliBundleConfig(
  { omg: 'dist/cli/main.js', omgd: 'dist/cli/omgd-main.js' },
  {
    // `omg search` (src/cli/search-fast-path.ts) loads one chunk: what a search from omgd or from the
    // search snapshot needs, with the three small core modules it uses, instead of a dozen chunks and
    // the 120 kB chunk the full CLI shares (each chunk is a file the ES module loader reads in turn).
    groups: [
      {
        name: 'search',
        includeDependenciesRecursively: false,
        test: /packages[\\/](omg[\\/]dist[\\/](cli[\\/]search-(fast-path|direct)|daemon[\\/]call-daemon|runtime[\\/]resolve-omg-paths|index[\\/](search-|trigram|render-search-result)|backends[\\/]|versions[\\/])|core[\\/]dist[\\/](config[\\/]resolve-tool-paths|fs[\\/]write-file-atomic|errors[\\/]))/,
      },
    ],
  },
);
