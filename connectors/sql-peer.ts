import mysql from 'mysql2/promise';
import pg from 'pg';

export interface SqlPeerSettings {
  dialect: 'mysql' | 'postgresql';
  host: string;
  port?: number;
  database: string;
  user: string;
}

/** A department's own database, reached with a small pool of its own. */
export interface SqlPeer {
  /** Insert, or update the row with the same key columns. */
  upsert(table: string, columns: string[], values: unknown[], keyColumns: string[]): Promise<void>;
  /** Rows of a parameterised query (`?` placeholders in either dialect). */
  query<T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]>;
  quote(identifier: string): string;
  close(): Promise<void>;
}

const POOL_SIZE = 2;
const CONNECT_TIMEOUT_MS = 5_000;

export function openSqlPeer(settings: SqlPeerSettings, password: string | undefined): SqlPeer {
  return settings.dialect === 'mysql' ? mysqlPeer(settings, password) : postgresPeer(settings, password);
}

function mysqlPeer(settings: SqlPeerSettings, password: string | undefined): SqlPeer {
  const pool = mysql.createPool({
    host: settings.host,
    port: settings.port ?? 3306,
    database: settings.database,
    user: settings.user,
    password: password ?? '',
    connectionLimit: POOL_SIZE,
    connectTimeout: CONNECT_TIMEOUT_MS,
    timezone: 'Z',
    dateStrings: true,
  });
  const quote = (identifier: string) => `\`${identifier}\``;
  return {
    quote,
    async upsert(table, columns, values, keyColumns) {
      const updates = columns.filter((column) => !keyColumns.includes(column));
      const assignments = (updates.length ? updates : keyColumns).map((column) => `${quote(column)} = values(${quote(column)})`).join(', ');
      await pool.execute(
        `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values (${columns.map(() => '?').join(', ')}) on duplicate key update ${assignments}`,
        values as never[],
      );
    },
    async query<T>(sql: string, params: unknown[]) {
      const [rows] = await pool.query(sql, params);
      return rows as T[];
    },
    close: () => pool.end(),
  };
}

function postgresPeer(settings: SqlPeerSettings, password: string | undefined): SqlPeer {
  const pool = new pg.Pool({
    host: settings.host,
    port: settings.port ?? 5432,
    database: settings.database,
    user: settings.user,
    password,
    max: POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // An idle connection dropped by the peer must not crash the hub.
  pool.on('error', () => {});
  const quote = (identifier: string) => `"${identifier}"`;
  const numbered = (sql: string) => {
    let index = 0;
    return sql.replace(/\?/g, () => `$${++index}`);
  };
  return {
    quote,
    async upsert(table, columns, values, keyColumns) {
      const updates = columns.filter((column) => !keyColumns.includes(column));
      const onConflict = updates.length
        ? `do update set ${updates.map((column) => `${quote(column)} = excluded.${quote(column)}`).join(', ')}`
        : 'do nothing';
      await pool.query(
        `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values (${columns.map((_, index) => `$${index + 1}`).join(', ')})
         on conflict (${keyColumns.map(quote).join(', ')}) ${onConflict}`,
        values,
      );
    },
    async query<T>(sql: string, params: unknown[]) {
      const result = await pool.query(numbered(sql), params);
      return result.rows as T[];
    },
    close: () => pool.end(),
  };
}
