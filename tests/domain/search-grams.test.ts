import { describe, expect, it } from 'vitest';
import { escapeLike, queryGrams, searchGrams } from '../../domain/search-grams.js';

describe('search grams', () => {
  it('indexes every character and adjacent pair of a Chinese name', () => {
    expect(searchGrams('昭化建工')).toEqual(['昭', '化', '建', '工', '昭化', '化建', '建工']);
  });

  it('asks for the pairs of a longer query, or the character of a one-character query', () => {
    expect(queryGrams('化建工')).toEqual(['化建', '建工']);
    expect(queryGrams('建')).toEqual(['建']);
    expect(queryGrams('  ')).toEqual([]);
  });

  it('finds a substring: its query grams are all among the text grams', () => {
    const grams = new Set(searchGrams('广元市昭化区建筑工程有限公司'));
    expect(queryGrams('建筑工程').every((gram) => grams.has(gram))).toBe(true);
    expect(queryGrams('建工').every((gram) => grams.has(gram))).toBe(false);
  });

  it('folds width and case', () => {
    expect(searchGrams('ＡＢ')).toEqual(['a', 'b', 'ab']);
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});
