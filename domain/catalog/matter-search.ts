import { escapeLike, normalise, queryGrams, searchGrams } from '../search-grams.js';
import type { MatterState } from './matter-state.js';

/**
 * The search columns of a version: the grams of the name and of the legal basis (taken apart, so
 * no pair straddles the two), and both texts normalised, joined by a line break that no
 * normalised query contains.
 */
export function searchColumns(state: Pick<MatterState, 'name' | 'legalBasis'>): { searchGrams: string[]; searchText: string } {
  return {
    searchGrams: [...new Set([...searchGrams(state.name), ...searchGrams(state.legalBasis)])],
    searchText: `${normalise(state.name)}\n${normalise(state.legalBasis)}`,
  };
}

/**
 * The condition for "name or legal basis contains `text`": the GIN-indexed gram containment finds
 * the candidates, the LIKE drops rows whose grams are present but not adjacent. Undefined when
 * the text is empty after normalising (no condition).
 */
export function searchCondition(text: string): { searchGrams: { $contains: string[] }; searchText: { $like: string } } | undefined {
  const query = normalise(text);
  if (query.length === 0) return undefined;
  return { searchGrams: { $contains: queryGrams(query) }, searchText: { $like: `%${escapeLike(query)}%` } };
}
