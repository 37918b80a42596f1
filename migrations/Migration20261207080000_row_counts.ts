import { Migration } from '@mikro-orm/migrations';

/**
 * An exact count of a table's rows that a page's `totalCount` reads in one lookup instead of
 * counting the whole table: unfiltered, a registry page counted every enterprise (an index-only
 * scan of each entry), most of the page's database time at 20 000 entities and all of it at a
 * county's millions.
 *
 * Triggers keep it, in the transaction that inserts or deletes, so every reader's snapshot sees the
 * count of exactly the rows it sees, whoever wrote them (a registration, an import, an operator's
 * SQL). The count is the sum of the table's shards, one per connection that ever wrote (below,
 * at most 2 048): a single row would make every registration wait for the one before it to commit. A writer adds
 * to its shard in one upsert. Taking any free shard with SKIP LOCKED instead ran sixteen times
 * fewer one-row insert transactions per second at 32 concurrent writers (pgbench, against the
 * upsert, on the same PostgreSQL server).
 */
const SHARDS = 1024;

/**
 * The shard a writer adds to: its connection's own, so the open transactions of a pool's
 * connections never wait for each other. A bulk writer (the registry import, which sets
 * `hub.row_count_bulk` for its transaction) takes one of a range of its own, so that a
 * registration never waits minutes for an import to commit.
 */
const WRITERS_SHARD = `case when current_setting('hub.row_count_bulk', true) = 'on' then -1 - pg_backend_pid() % ${SHARDS} else pg_backend_pid() % ${SHARDS} end`;

export class Migration20261207080000_row_counts extends Migration {
  override name = 'Migration20261207080000_row_counts';

  override up(): void | Promise<void> {
    this.addSql(`create table "row_count" (
      "table_name" text not null,
      "shard" int not null,
      "row_total" bigint not null,
      constraint "row_count_pkey" primary key ("table_name", "shard")
    );`);
    this.addSql(`create function "row_count_changed"() returns trigger language plpgsql as $$
      declare
        delta bigint;
      begin
        if tg_op = 'TRUNCATE' then
          delete from row_count where table_name = tg_table_name;
          return null;
        end if;
        select case when tg_op = 'INSERT' then count(*) else -count(*) end into delta from changed_rows;
        if delta <> 0 then
          insert into row_count (table_name, shard, row_total) values (tg_table_name, ${WRITERS_SHARD}, delta)
            on conflict (table_name, shard) do update set row_total = row_count.row_total + excluded.row_total;
        end if;
        return null;
      end
    $$;`);
    // Writers wait from the count until the triggers exist, so no row committed between them goes uncounted.
    this.addSql(`lock table "enterprise" in share row exclusive mode;`);
    this.addSql(`insert into "row_count" ("table_name", "shard", "row_total") select 'enterprise', 0, count(*) from "enterprise";`);
    this.addSql(
      `create trigger "enterprise_rows_inserted" after insert on "enterprise" referencing new table as changed_rows for each statement execute function "row_count_changed"();`,
    );
    this.addSql(
      `create trigger "enterprise_rows_deleted" after delete on "enterprise" referencing old table as changed_rows for each statement execute function "row_count_changed"();`,
    );
    this.addSql(
      `create trigger "enterprise_truncated" after truncate on "enterprise" for each statement execute function "row_count_changed"();`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger "enterprise_truncated" on "enterprise";`);
    this.addSql(`drop trigger "enterprise_rows_deleted" on "enterprise";`);
    this.addSql(`drop trigger "enterprise_rows_inserted" on "enterprise";`);
    this.addSql(`drop function "row_count_changed"();`);
    this.addSql(`drop table "row_count";`);
  }
}
