import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout; every line about a request carries its `requestId`. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'gov-data-hub' }, timestamp: pino.stdTimeFunctions.isoTime });
}
