import { Migration } from '@mikro-orm/migrations';

/**
 * Imports started through the API run as jobs: the request returns the job, and any hub instance
 * answers `importJob` from this table while the import runs and after it ends.
 */
export class Migration20261205200000_import_jobs extends Migration {
  override name = 'Migration20261205200000_import_jobs';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "import_job" ("id" uuid not null, "kind" text check ("kind" in ('MATTER_CATALOG')) not null, "status" text check ("status" in ('RUNNING', 'SUCCEEDED', 'FAILED')) not null default 'RUNNING', "started_by_credential_id" uuid not null, "started_by" varchar(100) not null, "rows_read" int not null default 0, "rejected" int not null default 0, "started_at" timestamptz not null, "updated_at" timestamptz not null, "finished_at" timestamptz null, "report" jsonb null, "failure" jsonb null, primary key ("id"));`,
    );
    this.addSql(`create index "import_job_started_by_credential_id_index" on "import_job" ("started_by_credential_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "import_job" cascade;`);
  }
}
