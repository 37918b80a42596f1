/** Department systems keep local times without a zone; their connector says which one (default China Standard Time). */
export const CHINA_STANDARD_TIME = '+08:00';

const ZONELESS_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(:\d{2}(\.\d+)?)?)$/;

/** `2026-11-16 09:30:00` → `2026-11-16T09:30:00+08:00`: a zoneless date-time as the instant it means; anything else unchanged. */
export function withZone(value: unknown, offset: string = CHINA_STANDARD_TIME): unknown {
  const match = typeof value === 'string' ? ZONELESS_DATE_TIME.exec(value.trim()) : null;
  return match ? `${match[1]}T${match[2]}${offset}` : value;
}
