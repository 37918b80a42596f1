import { describe, expect, it } from 'vitest';
import { arrayLiteral, numberedPlaceholders } from '../../domain/sql-statements.js';

describe('statement text for bound parameters', () => {
  it('numbers each ? placeholder in order, leaving those inside quoted text and identifiers alone', () => {
    expect(numberedPlaceholders('select ?::jsonb where a = ? and b = ?')).toBe('select $1::jsonb where a = $2 and b = $3');
    expect(numberedPlaceholders(`select '?', 'it''s ?', "col?" from t where x = ?`)).toBe(
      `select '?', 'it''s ?', "col?" from t where x = $1`,
    );
    expect(numberedPlaceholders('select 1')).toBe('select 1');
  });

  it('spells an array as PostgreSQL reads it, every element quoted and its quotes and backslashes escaped', () => {
    expect(arrayLiteral(['91510811MA0000010P', 'a"b', 'c\\d', "e'f", 'g,h}', null])).toBe(
      '{"91510811MA0000010P","a\\"b","c\\\\d","e\'f","g,h}",NULL}',
    );
    expect(arrayLiteral([])).toBe('{}');
  });
});
