import { Migration } from '@mikro-orm/migrations';

/**
 * Access-log entries name their actor's kind and credential label, and say how they are hashed.
 * Existing entries stay as they were written (format 1, sha256 without a key, no actor kind): the
 * key is not in the database, so a migration cannot re-key them, and rewriting them would be the
 * very change the log must show. They keep verifying in their own format; the first keyed entry
 * commits to the last of them. Adding columns with a constant default fires no row trigger, so the
 * append-only trigger stays in force throughout.
 */
export class Migration20261205150000_access_log_actor_and_keyed_chain extends Migration {
  override name = 'Migration20261205150000_access_log_actor_and_keyed_chain';

  override up(): void | Promise<void> {
    this.addSql(`alter table "access_log_entry" add column "format" smallint not null default 1;`);
    // Every new entry states its format: no default, so a writer that forgets is refused.
    this.addSql(`alter table "access_log_entry" alter column "format" drop default;`);
    this.addSql(`alter table "access_log_entry" add column "actor_kind" text null;`);
    this.addSql(`alter table "access_log_entry" add column "credential_label" varchar(200) null;`);
    this.addSql(
      `alter table "access_log_entry" add constraint "access_log_entry_actor_kind_check" check ("actor_kind" in ('ADMIN', 'CLERK', 'SYSTEM', 'DASHBOARD', 'ENTERPRISE', 'CONNECTOR', 'ANONYMOUS'));`,
    );
    this.addSql(
      `alter table "access_log_entry" add constraint "access_log_entry_format_check" check ("format" = 1 and "actor_kind" is null or "format" = 2 and "actor_kind" is not null);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "access_log_entry" drop constraint "access_log_entry_format_check";`);
    this.addSql(`alter table "access_log_entry" drop constraint "access_log_entry_actor_kind_check";`);
    this.addSql(`alter table "access_log_entry" drop column "credential_label";`);
    this.addSql(`alter table "access_log_entry" drop column "actor_kind";`);
    this.addSql(`alter table "access_log_entry" drop column "format";`);
  }
}
