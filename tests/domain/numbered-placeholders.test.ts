import { describe, expect, it } from 'vitest';
import { numberedPlaceholders } from '../../domain/sql-statements.js';

describe('numberedPlaceholders', () => {
  it('numbers each ? placeholder in order, leaving those inside quoted text and identifiers alone', () => {
    expect(numberedPlaceholders('select ?::jsonb where a = ? and b = ?')).toBe('select $1::jsonb where a = $2 and b = $3');
    expect(numberedPlaceholders(`select '?', 'it''s ?', "col?" from t where x = ?`)).toBe(
      `select '?', 'it''s ?', "col?" from t where x = $1`,
    );
    expect(numberedPlaceholders('select 1')).toBe('select 1');
  });
});
