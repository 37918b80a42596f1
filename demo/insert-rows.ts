import type { EntityManager } from '@mikro-orm/sql';
import { sql } from 'kysely';

/**
 * Inserts plain rows (keys are column names) into `table` in one statement: the rows travel as one
 * bound JSON parameter and PostgreSQL turns them into the table's row type, so a few thousand rows
 * cost one round trip on PostgreSQL and PGlite alike. Columns a row leaves out are null (not their
 * default): give every NOT NULL column.
 */
export async function insertRows(em: EntityManager, table: string, rows: Array<Record<string, unknown>>, chunkSize = 2000): Promise<void> {
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    await sql`insert into ${sql.table(table)} select * from jsonb_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(chunk)}::jsonb)`.execute(
      em.getKysely(),
    );
  }
}
