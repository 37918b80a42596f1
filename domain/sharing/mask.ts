import { maskResidentId } from '../resident-id.js';

const RESIDENT_ID_SHAPE = /^\d{15}$|^\d{17}[\dXx]$/;

/**
 * How personal data looks to a reader who may not see it whole (GB/T 35273 去标识化 by masking):
 * a resident ID keeps its division and last four characters (`510811********2223`), a name its
 * first character (`张*`), any other text its first and last. Non-text values cannot be masked
 * partly and are withheld (null).
 */
export function maskPersonalValue(value: unknown): unknown {
  // Stryker disable next-line ConditionalExpression: null skipping this line reaches the non-string branch, which returns null too (undefined passing through is tested)
  if (value === null || value === undefined) return value;
  if (typeof value !== 'string') return null;
  if (RESIDENT_ID_SHAPE.test(value)) return maskResidentId(value);
  const characters = [...value];
  if (characters.length <= 1) return '*';
  if (characters.length <= 3) return characters[0] + '*'.repeat(characters.length - 1);
  return characters[0] + '*'.repeat(characters.length - 2) + characters[characters.length - 1];
}

/**
 * A licence's own fields with those its type's JSON Schema marks `"personal": true` masked, at any
 * depth (paths from personalFieldsOf, `*` for every item of an array): the licence stays usable to
 * departments that need the rest of it.
 */
export function maskPersonalEntries(
  fields: Record<string, unknown>,
  personalPaths: readonly (readonly string[])[],
): Record<string, unknown> {
  let masked: unknown = fields;
  for (const path of personalPaths) masked = maskAt(masked, path);
  return masked as Record<string, unknown>;
}

function maskAt(value: unknown, path: readonly string[]): unknown {
  if (path.length === 0) return maskPersonalValue(value);
  const [head, ...rest] = path;
  if (head === '*') return Array.isArray(value) ? value.map((item) => maskAt(item, rest)) : value;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !(head in value)) return value;
  return { ...(value as Record<string, unknown>), [head]: maskAt((value as Record<string, unknown>)[head], rest) };
}
