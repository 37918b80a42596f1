import type { Connector } from '../../entities/connector.js';
import type { SqlPullConfig } from '../../domain/connectors/connector-config.js';
import type { SqlPeer } from '../sql-peer.js';
import { withZone } from './local-date-time.js';
import type { PullPage } from './rest-pull.js';

const ROWS_PER_PAGE = 200;
const MAX_PAGES_PER_PASS = 20;

interface SqlCursor {
  value: unknown;
  id: unknown;
}

/**
 * New and changed rows of a department table, in (cursor column, id) order from the saved
 * position (`savedCursor`); the cursor column is an updated-at timestamp or a sequence. A changed
 * row comes back with a new cursor value, and so with a new source id (`table:id:cursor`), while
 * a row read twice keeps its id and is recognised as a duplicate.
 */
export async function* pullSqlPages(connector: Connector, peer: SqlPeer, savedCursor: string | null): AsyncGenerator<PullPage> {
  const config = connector.config as SqlPullConfig;
  const q = peer.quote;
  let cursor: SqlCursor | null = savedCursor ? (JSON.parse(savedCursor) as SqlCursor) : null;
  for (let page = 0; page < MAX_PAGES_PER_PASS; page += 1) {
    const order = `order by ${q(config.cursorColumn)}, ${q(config.idColumn)} limit ${ROWS_PER_PAGE}`;
    const rows = cursor
      ? await peer.query(
          `select * from ${q(config.table)} where ${q(config.cursorColumn)} > ? or (${q(config.cursorColumn)} = ? and ${q(config.idColumn)} > ?) ${order}`,
          [cursor.value, cursor.value, cursor.id],
        )
      : await peer.query(`select * from ${q(config.table)} ${order}`, []);
    if (rows.length === 0) return;
    const records = rows.map((row) => ({
      id: `${config.table}:${String(row[config.idColumn])}:${stringify(row[config.cursorColumn])}`,
      type: config.recordType,
      key: row[config.keyColumn] == null ? undefined : String(row[config.keyColumn]),
      fields: Object.fromEntries(
        Object.entries(config.columns).map(([field, column]) => [field, withZone(row[column] ?? null, config.timeZone)]),
      ),
    }));
    const last = rows.at(-1)!;
    cursor = { value: plain(last[config.cursorColumn]), id: plain(last[config.idColumn]) };
    yield { records, cursor: JSON.stringify(cursor) };
    if (rows.length < ROWS_PER_PAGE) return;
  }
}

const plain = (value: unknown) => (value instanceof Date ? value.toISOString() : typeof value === 'bigint' ? value.toString() : value);
const stringify = (value: unknown) => String(plain(value));
