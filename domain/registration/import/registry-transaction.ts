import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { EntityManager } from '@mikro-orm/sql';
import { CompiledQuery } from 'kysely';
import { Pool, type PoolClient } from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import { withoutQueryDeadline } from '../../../support/query-deadline.js';
import { MARK_BULK_WRITE } from '../../row-count-store.js';
import { copyTextRow } from './copy-text.js';
import {
  CREATE_STAGING,
  STAGING_COLUMNS,
  stagingValues,
  writeStagedRows,
  type RegistryWriteOutcome,
  type RunStatement,
  type StagedRow,
} from './registry-staging.js';

/** The import's one transaction: checked rows are staged and written into the registry. */
export interface RegistryTransaction {
  /** Stages checked rows; resolves when the database may be given more (memory stays bounded). */
  stage(rows: StagedRow[]): Promise<void>;
  /** Writes what is still staged into `enterprise`; the outcome of every row staged. */
  finish(): Promise<RegistryWriteOutcome>;
}

export interface RegistryTarget {
  /** The registering authority the rows are imported under. */
  authorityId: string;
  /** Rows staged per COPY on the server, per INSERT on the embedded database. */
  batchSize: number;
  /** How many refused rows are reported by line. */
  refusalLimit: number;
}

class RollBack extends Error {}

/**
 * Runs `work` in one transaction and commits when it returns true; anything else (false, an error,
 * the process killed half way) leaves the registry as it was. On the PostgreSQL server the rows are
 * streamed by `COPY … FROM STDIN` on a connection of the import's own; on the embedded database,
 * which has no COPY from a client stream, they go in JSON batches.
 */
export async function inRegistryTransaction(
  em: EntityManager,
  target: RegistryTarget,
  work: (tx: RegistryTransaction) => Promise<boolean>,
): Promise<boolean> {
  const native = await em.getConnection().getNativeClient();
  if (native instanceof Pool) return inCopyTransaction(native, target, work);
  try {
    await em.transactional(async (tx) => {
      await tx.getConnection().execute(MARK_BULK_WRITE, [], 'run', tx.getTransactionContext());
      if (!(await work(batchTransaction(tx, target)))) throw new RollBack();
    });
    return true;
  } catch (error) {
    if (error instanceof RollBack) return false;
    throw error;
  }
}

async function inCopyTransaction(
  pool: Pool,
  target: RegistryTarget,
  work: (tx: RegistryTransaction) => Promise<boolean>,
): Promise<boolean> {
  const client = await pool.connect();
  let broken: Error | undefined;
  let transaction: CopyTransaction | undefined;
  // An import runs as long as its file takes: the pool's limits on statements and answers are for requests.
  const restoreDeadline = withoutQueryDeadline(client);
  try {
    await client.query('begin');
    await client.query(`set local statement_timeout = 0; ${MARK_BULK_WRITE}`);
    await client.query(CREATE_STAGING);
    transaction = copyTransaction(client, target);
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
    restoreDeadline();
    // A connection an error left in an unknown state is closed, not given back to the pool.
    client.release(broken);
  }
}

/** The most bytes of COPY text one chunk holds, whatever its row count. */
const MAX_CHUNK_BYTES = 8 * 1024 * 1024;

interface CopyTransaction extends RegistryTransaction {
  /** Ends an unfinished COPY with CopyFail and waits for the chunk in flight, so nothing more is sent. */
  abort(): Promise<void>;
}

/**
 * Rows go to the server a chunk at a time: a COPY into the staging table, one INSERT … SELECT into
 * the registry, then the staging table is emptied. While the server writes one chunk into the
 * registry's indexes, the next is read and checked here, so the two sides work side by side
 * instead of in turn; at most two chunks are held in memory.
 */
function copyTransaction(client: PoolClient, target: RegistryTarget): CopyTransaction {
  const run: RunStatement = async (text, params) => {
    const result = await client.query(text, params);
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  };
  const outcome: RegistryWriteOutcome = { imported: 0, unchanged: 0, refused: 0, refusals: [] };
  let text: Buffer[] = [];
  let rows = 0;
  let textBytes = 0;
  let copy: CopyStreamQuery | null = null;
  let writing: Promise<void> | null = null;
  let failure: unknown = null;

  const writeChunk = async (chunk: Buffer[], count: number) => {
    copy = client.query(copyFrom(`copy registry_staging (${STAGING_COLUMNS.join(', ')}) from stdin`));
    // Its failure surfaces where the import waits on it (drain, finished); never unobserved.
    copy.on('error', () => undefined);
    for (const part of chunk) if (!copy.write(part)) await once(copy, 'drain');
    copy.end();
    await finished(copy);
    copy = null;
    const written = await writeStagedRows(run, target.authorityId, count, target.refusalLimit - outcome.refusals.length);
    outcome.imported += written.imported;
    outcome.unchanged += written.unchanged;
    outcome.refused += written.refused;
    outcome.refusals.push(...written.refusals);
    await client.query('truncate registry_staging');
  };
  const settle = async () => {
    if (writing) await writing;
    writing = null;
    if (failure) throw failure;
  };
  const takeChunk = (): [Buffer[], number] => {
    const chunk: [Buffer[], number] = [text, rows];
    text = [];
    rows = 0;
    textBytes = 0;
    return chunk;
  };

  return {
    async stage(staged) {
      let encoded = '';
      for (const row of staged) encoded += copyTextRow(stagingValues(row));
      // As UTF-8 bytes at once: the string built above is a tree of every piece it was joined from,
      // some thirty objects a row, which a chunk waiting for its turn would hold.
      const bytes = Buffer.from(encoded);
      text.push(bytes);
      rows += staged.length;
      textBytes += bytes.length;
      // A chunk ends at its row count, or sooner when its rows are long (a registry whose 经营范围 run
      // to pages), so what two chunks hold stays bounded in bytes too.
      if (rows < target.batchSize && textBytes < MAX_CHUNK_BYTES) return;
      // One chunk in flight at a time; the next waits here, and with it the reading of the file.
      await settle();
      writing = writeChunk(...takeChunk()).catch((error: unknown) => {
        failure = error;
      });
    },
    async finish() {
      await settle();
      if (rows > 0) await writeChunk(...takeChunk());
      return outcome;
    },
    async abort() {
      const open = copy as CopyStreamQuery | null;
      if (open) {
        open.destroy(new Error('registry import abandoned'));
        await finished(open).catch(() => undefined);
      }
      await writing;
    },
  };
}

function batchTransaction(em: EntityManager, target: RegistryTarget): RegistryTransaction {
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
      if (pending.length >= target.batchSize) await flush();
    },
    async finish() {
      await flush();
      return writeStagedRows(run, target.authorityId, staged, target.refusalLimit);
    },
  };
}
