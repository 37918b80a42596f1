/**
 * Substring search over Chinese text without a database extension or locale: a text is indexed
 * as the set of its single characters and adjacent pairs (in a GIN-indexed `text[]` column). A
 * query of two or more characters matches rows containing all of its pairs; a one-character
 * query, rows containing that character. The pairs narrow the rows through the index; a LIKE on
 * the text itself then removes the rare false match (pairs present but not adjacent in order).
 */
export function searchGrams(text: string): string[] {
  const characters = [...normalise(text)];
  const grams = new Set<string>(characters);
  for (let index = 0; index + 1 < characters.length; index++) grams.add(characters[index] + characters[index + 1]);
  return [...grams];
}

/** The grams a row must contain to match `query`; empty for an empty query. */
export function queryGrams(query: string): string[] {
  const characters = [...normalise(query)];
  if (characters.length <= 1) return characters;
  const pairs = new Set<string>();
  for (let index = 0; index + 1 < characters.length; index++) pairs.add(characters[index] + characters[index + 1]);
  return [...pairs];
}

/** Case and width are folded and white space dropped, so 'ＡＢＣ 公司' finds 'abc公司'. */
export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** Escapes LIKE wildcards in user text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
