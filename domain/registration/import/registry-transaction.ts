import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { EntityManager } from '@mikro-orm/sql';
import { CompiledQuery } from 'kysely';
import { Pool, type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyTextRow } from './copy-text.js';
import { CREATE_STAGING, STAGING_COLUMNS, stagingValues, writeStagedRows, type RegistryWriteOutcome, type RunStatement, type StagedRow } from './registry-staging.js';

/** The import's one transaction: checked rows are staged, then written into the registry at once. */
export interface RegistryTransaction {
  /** Stages checked rows; resolves when the database may be given more (memory stays bounded). */
  stage(rows: StagedRow[]): Promise<void>;
  /** Ends staging and writes the staged rows into `enterprise`; `limit` refusals are reported by line. */
  write(authorityId: string, limit: number): Promise<RegistryWriteOutcome>;
}

class RollBack extends Error {}

/**
 * Runs `work` in one transaction and commits when it returns true; anything else (false, an error,
 * the process killed half way) leaves the registry as it was. On the PostgreSQL server the rows are
 * streamed by `COPY … FROM STDIN` on a connection of the import's own; on the embedded database,
 * which has no COPY from a client stream, they go in JSON batches of `batchSize` rows.
 */
export async function inRegistryTransaction(em: EntityManager, batchSize: number, work: (tx: RegistryTransaction) => Promise<boolean>): Promise<boolean> {
  const native = await em.getConnection().getNativeClient();
  if (native instanceof Pool) return inCopyTransaction(native, work);
  try {
    await em.transactional(async (tx) => {
      if (!(await work(batchTransaction(tx, batchSize)))) throw new RollBack();
    });
    return true;
  } catch (error) {
    if (error instanceof RollBack) return false;
    throw error;
  }
}

async function inCopyTransaction(pool: Pool, work: (tx: RegistryTransaction) => Promise<boolean>): Promise<boolean> {
  const client = await pool.connect();
  let broken: Error | undefined;
  let transaction: CopyTransaction | undefined;
  try {
    await client.query('begin');
    // An import runs as long as its file takes: the pool's statement limits are for requests.
    await client.query('set local statement_timeout = 0');
    await client.query(CREATE_STAGING);
    transaction = copyTransaction(client);
    const commit = await work(transaction);
    // A COPY still open would hold the connection: ROLLBACK would wait behind it for ever.
    await transaction.abort();
    await client.query(commit ? 'commit' : 'rollback');
    return commit;
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    await transaction?.abort();
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    // A connection an error left in an unknown state is closed, not given back to the pool.
    client.release(broken);
  }
}

interface CopyTransaction extends RegistryTransaction {
  /** Ends an unfinished COPY with CopyFail, so that nothing it sent is kept. */
  abort(): Promise<void>;
}

function copyTransaction(client: PoolClient): CopyTransaction {
  const copy = client.query(copyFrom(`copy registry_staging (${STAGING_COLUMNS.join(', ')}) from stdin`));
  // Its failure surfaces where the import waits on it (drain, finished); never unobserved.
  copy.on('error', () => undefined);
  let staged = 0;
  let ended = false;
  return {
    async abort() {
      if (ended) return;
      ended = true;
      copy.destroy(new Error('registry import abandoned'));
      await finished(copy).catch(() => undefined);
    },
    async stage(rows) {
      staged += rows.length;
      let text = '';
      for (const row of rows) text += copyTextRow(stagingValues(row));
      if (!copy.write(text)) await once(copy, 'drain');
    },
    async write(authorityId, limit) {
      ended = true;
      copy.end();
      await finished(copy);
      const run: RunStatement = async (text, params) => {
        const result = await client.query(text, params);
        return { rows: result.rows, rowCount: result.rowCount ?? 0 };
      };
      return writeStagedRows(run, authorityId, staged, limit);
    },
  };
}

function batchTransaction(em: EntityManager, batchSize: number): RegistryTransaction {
  const run: RunStatement = async (text, params = []) => {
    const result = await em.getKysely().executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, params));
    return { rows: result.rows, rowCount: Number(result.numAffectedRows ?? result.rows.length) };
  };
  let created = false;
  let staged = 0;
  let pending: StagedRow[] = [];
  const flush = async () => {
    if (!created) await run(CREATE_STAGING);
    created = true;
    if (pending.length === 0) return;
    // One JSON parameter per batch: set-based, and free of per-row placeholders.
    const records = pending.map((row) => Object.fromEntries(stagingValues(row).map((value, index) => [STAGING_COLUMNS[index], value])));
    await run(
      `insert into registry_staging select * from jsonb_to_recordset($1::jsonb) as t(line int, id uuid, uscc text, name text, name_grams text[],
         search_name text, kind text, legal_representative text, capital numeric, address text, division_code text, industry_code text,
         business_scope text, established_on date, status text)`,
      [JSON.stringify(records)],
    );
    pending = [];
  };
  return {
    async stage(rows) {
      staged += rows.length;
      pending.push(...rows);
      if (pending.length >= batchSize) await flush();
    },
    async write(authorityId, limit) {
      await flush();
      return writeStagedRows(run, authorityId, staged, limit);
    },
  };
}
