/**
 * Canonical JSON for signing: object keys sorted by code point, no white space, undefined members
 * dropped — the same bytes for the same value on every machine, so a verifier that rebuilds the
 * document from its fields gets what was signed. (The subset of RFC 8785 that licence documents
 * use: strings, finite numbers, booleans, null, arrays and plain objects.)
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('a signed document cannot hold a non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object') {
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  throw new TypeError(`a signed document cannot hold a ${typeof value}`);
}
