import { searchResultText } from '../index/render-search-result.js';
import type { SearchResult } from '../index/search-table.js';

/** Human search output, pacman-style: `name version (repository) [installed]` then the summary indented. */
export function renderSearchText(results: readonly SearchResult[]): string {
  let text = '';
  for (const result of results) text += searchResultText(result);
  return text;
}
