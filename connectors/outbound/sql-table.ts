import type { Connector } from '../../entities/connector.js';
import type { SqlTableConfig } from '../../domain/connectors/connector-config.js';
import type { OutboundMessage } from '../../domain/connectors/outbound-payload.js';
import { openSqlPeer, type SqlPeer } from '../sql-peer.js';
import { DeliveryFailure, type OutboundTransport } from './transport.js';

/** The value a mapped column takes from the message: `$id`, `$type`, … or `data.<path>`. */
export function valueFor(message: OutboundMessage, source: string): unknown {
  if (source.startsWith('$')) {
    const key = source.slice(1) as keyof OutboundMessage;
    return message[key];
  }
  let value: unknown = message;
  for (const part of source.split('.')) {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  if (value === undefined) return null;
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
}

/**
 * Upserts each event as one row of a table in the department's own database (MariaDB/MySQL or
 * PostgreSQL), keyed by the mapped key columns: a resent event rewrites the same row, so
 * duplicates are harmless. Per-record order is kept by the worker, so the row ends at the latest.
 */
export function sqlTableTransport(connector: Connector): OutboundTransport {
  const config = connector.config as SqlTableConfig;
  let peer: SqlPeer | undefined;
  return {
    async deliver(message) {
      peer ??= openSqlPeer(config, connector.secrets.password);
      const columns = Object.keys(config.columns);
      const values = columns.map((column) => valueFor(message, config.columns[column]));
      try {
        await peer.upsert(config.table, columns, values, config.keyColumns);
      } catch (error) {
        throw classifySqlError(error);
      }
      return {};
    },
    async close() {
      await peer?.close();
    },
  };
}

/** Schema and data errors will not pass by retrying; lost connections, locks and deadlocks will. */
const PERMANENT_SQL_ERRORS = new Set([
  // MySQL / MariaDB
  'ER_NO_SUCH_TABLE',
  'ER_BAD_FIELD_ERROR',
  'ER_DATA_TOO_LONG',
  'ER_TRUNCATED_WRONG_VALUE',
  'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD',
  'ER_BAD_NULL_ERROR',
  'ER_NO_DEFAULT_FOR_FIELD',
  'ER_PARSE_ERROR',
  'ER_WRONG_VALUE_COUNT_ON_ROW',
  'ER_ACCESS_DENIED_ERROR',
  'ER_TABLEACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'WARN_DATA_TRUNCATED',
  // PostgreSQL (SQLSTATE)
  '42P01',
  '42703',
  '22001',
  '22P02',
  '23502',
  '42601',
  '42501',
  '3D000',
  '42P10',
  '28P01',
]);

function classifySqlError(error: unknown): DeliveryFailure {
  const code = String((error as { code?: string }).code ?? '');
  const message = (error as Error).message ?? String(error);
  return new DeliveryFailure(`${code ? `${code}: ` : ''}${message}`, { permanent: PERMANENT_SQL_ERRORS.has(code) });
}
