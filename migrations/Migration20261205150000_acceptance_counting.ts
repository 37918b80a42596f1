import { Migration } from '@mikro-orm/migrations';

/**
 * The centre's rule for the day an acceptance counts on, the day each case counts from, and a
 * flag on due dates counted Monday–Friday because the calendar lacked the year. Existing cases
 * counted from their acceptance date, which is what the default rule does.
 */
export class Migration20261205150000_acceptance_counting extends Migration {
  override name = 'Migration20261205150000_acceptance_counting';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "acceptance_rule" ("id" int not null, "counting" text check ("counting" in ('CALENDAR_DAY', 'NEXT_WORKING_DAY_AFTER_CLOSING')) not null, "closes_at" varchar(5) null, "recorded_by" varchar(100) not null, "recorded_at" timestamptz not null, primary key ("id"), constraint acceptance_rule_single_row check (id = 1));`,
    );
    this.addSql(
      `alter table "service_case" add column "counts_from" date null, add column "due_on_estimated" boolean not null default false;`,
    );
    this.addSql(`update "service_case" set "counts_from" = "accepted_on";`);
    this.addSql(`alter table "service_case" alter column "counts_from" set not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "service_case" drop column "counts_from", drop column "due_on_estimated";`);
    this.addSql(`drop table if exists "acceptance_rule" cascade;`);
  }
}
