import type { SearchResult } from './search-table.js';

/** One result as `omg search` prints it, pacman-style: `name version (repository) [installed]`, then the summary indented. */
export function searchResultText(result: SearchResult): string {
  return `${result.name} ${result.version} (${result.repository})${result.installed ? ' [installed]' : ''}\n    ${result.description}\n`;
}

/** One result as an element of `omg search --json`'s array (the same bytes as JSON.stringify of the array element). */
export function searchResultJson(result: SearchResult): string {
  return JSON.stringify({
    name: result.name,
    version: result.version,
    repository: result.repository,
    installed: result.installed,
    description: result.description,
  });
}
