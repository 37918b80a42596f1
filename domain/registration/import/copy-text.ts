/**
 * One row in COPY's text format: tab-separated, `\N` for null, a backslash, tab, newline or carriage
 * return in a value escaped, arrays as PostgreSQL array literals with every element quoted.
 */
export function copyTextRow(values: readonly unknown[]): string {
  let line = '';
  for (let index = 0; index < values.length; index++) {
    if (index > 0) line += '\t';
    line += copyTextValue(values[index]);
  }
  return line + '\n';
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

function copyTextValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = Array.isArray(value) ? arrayLiteral(value) : String(value);
  return NEEDS_ESCAPE.test(text) ? text.replace(/[\\\t\n\r]/g, escapeCharacter) : text;
}

function escapeCharacter(character: string): string {
  switch (character) {
    case '\\':
      return '\\\\';
    case '\t':
      return '\\t';
    case '\n':
      return '\\n';
    default:
      return '\\r';
  }
}

/** `{"a","b"}`: quoted, with `"` and `\` escaped, so commas, braces and spaces stay in their element. */
function arrayLiteral(values: readonly unknown[]): string {
  return `{${values.map((value) => (value === null ? 'NULL' : `"${String(value).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}
