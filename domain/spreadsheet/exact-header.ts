import { badUserInput } from '../errors.js';

/**
 * Where each expected column sits in a file's header row. The header must hold exactly the
 * expected columns, in any order: a missing column would silently blank a field, an extra one
 * means the file is not what its sender thinks it is, and a repeated one is ambiguous.
 */
export function readExactHeader<Field extends string>(
  cells: readonly string[],
  line: number,
  columns: Readonly<Record<Field, string>>,
): Map<Field, number> {
  const expected = Object.values(columns) as string[];
  const names = cells.map((cell) => cell.trim());
  const missing = expected.filter((column) => !names.includes(column));
  const extra = names.filter((name) => !expected.includes(name));
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (missing.length > 0 || extra.length > 0 || repeated.length > 0) {
    const problems = [
      missing.length > 0 ? `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` : '',
      extra.length > 0 ? `unexpected column${extra.length > 1 ? 's' : ''} ${extra.map((name) => name || '(blank)').join(', ')}` : '',
      repeated.length > 0 ? `repeated column ${repeated.join(', ')}` : '',
    ].filter(Boolean);
    throw badUserInput('file', `line ${line} (the header): ${problems.join('; ')}. The columns are: ${expected.join(', ')}`, {
      line,
      missingColumns: missing,
      extraColumns: extra,
    });
  }
  return new Map((Object.keys(columns) as Field[]).map((field) => [field, names.indexOf(columns[field])]));
}
