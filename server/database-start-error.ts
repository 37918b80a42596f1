import type { HubConfig } from './config.js';

/**
 * What an operator reads when the hub cannot open its database at start: which setting to fix, the
 * address it pointed at (without its password) and the driver's short reason — no stack trace.
 */
export function databaseStartMessage(database: HubConfig['database'], error: unknown): string {
  const reason = shortReason(error);
  if (database.driver === 'postgresql') {
    return [
      `Cannot open the database named by DATABASE_URL (${withoutPassword(database.url)}): ${reason}.`,
      'Fix DATABASE_URL so that it names a reachable PostgreSQL server and an existing database,',
      'or unset it to use the embedded database in PGLITE_DATA_DIR.',
    ].join('\n');
  }
  return [
    `Cannot open the embedded database in PGLITE_DATA_DIR (${database.dataDir}): ${reason}.`,
    'Fix PGLITE_DATA_DIR so that it names a directory this process may write, or set DATABASE_URL.',
  ].join('\n');
}

function shortReason(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error; current && parts.length < 3; current = (current as { cause?: unknown }).cause) {
    const message = current instanceof Error ? current.message : String(current);
    const firstLine = message.split('\n')[0].trim();
    if (firstLine && !parts.some((part) => part.includes(firstLine))) parts.push(firstLine);
    if (current instanceof AggregateError && current.errors.length)
      parts.push(...current.errors.slice(0, 2).map((inner) => String((inner as Error)?.message ?? inner)));
    if (!(current instanceof Error)) break;
  }
  const code = (error as { code?: unknown })?.code;
  const text = parts.join(': ') || 'unknown error';
  return typeof code === 'string' && !text.includes(code) ? `${text} (${code})` : text;
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an unreadable URL';
  }
}
