import { maskResidentId } from '../resident-id.js';

const RESIDENT_ID_SHAPE = /^\d{15}$|^\d{17}[\dXx]$/;

/**
 * How personal data looks to a reader who may not see it whole (GB/T 35273 去标识化 by masking):
 * a resident ID keeps its division and last four characters (`510811********2223`), a name its
 * first character (`张*`), any other text its first and last. Non-text values cannot be masked
 * partly and are withheld (null).
 */
export function maskPersonalValue(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value !== 'string') return null;
  if (RESIDENT_ID_SHAPE.test(value)) return maskResidentId(value);
  const characters = [...value];
  if (characters.length <= 1) return '*';
  if (characters.length <= 3) return characters[0] + '*'.repeat(characters.length - 1);
  return characters[0] + '*'.repeat(characters.length - 2) + characters[characters.length - 1];
}

/**
 * A licence's own fields with those its type's JSON Schema marks `"personal": true` masked: the
 * licence stays usable to departments that need the rest of it.
 */
export function maskPersonalEntries(fields: Record<string, unknown>, personalFields: readonly string[]): Record<string, unknown> {
  if (personalFields.length === 0) return fields;
  const masked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) masked[name] = personalFields.includes(name) ? maskPersonalValue(value) : value;
  return masked;
}
