import { Migration } from '@mikro-orm/migrations';

export class Migration20261123104244_cases_and_calendar extends Migration {
  override name = 'Migration20261123104244_cases_and_calendar';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "calendar_day" ("date" date not null, "kind" text not null, "name" varchar(50) not null, "recorded_by" varchar(100) not null, "recorded_at" timestamptz not null, primary key ("date"));`,
    );

    this.addSql(
      `create table "service_case" ("id" uuid not null, "case_no" varchar(64) not null, "matter_code" varchar(64) not null, "matter_version_id" uuid not null, "department_id" uuid not null, "applicant_code" varchar(18) not null, "applicant_code_type" text not null, "applicant_name" varchar(200) not null, "channel" text not null, "division_code" varchar(6) not null, "accepted_at" timestamptz not null, "accepted_on" date not null, "status" text not null default 'ACCEPTED', "legal_limit_days" int not null, "promised_limit_days" int not null, "due_on" date not null, "legal_due_on" date not null, "suspensions" jsonb not null, "missing_materials" text[] not null, "missing_materials_due_on" date null, "missing_materials_received_on" date null, "completed_at" timestamptz null, "completed_on" date null, "working_days_taken" int null, "last_day_alerted_for" date null, "overdue_alerted_for" date null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "service_case" add constraint "service_case_case_no_unique" unique ("case_no");`);
    this.addSql(`create index "service_case_matter_version_id_index" on "service_case" ("matter_version_id");`);
    this.addSql(`create index "service_case_division_code_index" on "service_case" ("division_code");`);
    this.addSql(`create index "service_case_matter_code_index" on "service_case" ("matter_code");`);
    this.addSql(`create index "service_case_status_due_on_index" on "service_case" ("status", "due_on");`);
    this.addSql(`create index "service_case_department_id_accepted_at_id_index" on "service_case" ("department_id", "accepted_at", "id");`);
    this.addSql(`create index "service_case_completed_on_department_id_index" on "service_case" ("completed_on", "department_id");`);
    this.addSql(`create index "service_case_accepted_on_department_id_index" on "service_case" ("accepted_on", "department_id");`);

    this.addSql(
      `create table "case_status_change" ("id" uuid not null, "service_case_id" uuid not null, "from_status" text null, "to_status" text not null, "reason" text null, "changed_at" timestamptz not null, "changed_by" varchar(100) not null, "recorded_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "case_status_change_service_case_id_changed_at_index" on "case_status_change" ("service_case_id", "changed_at");`,
    );

    this.addSql(`alter table "calendar_day" add constraint "calendar_day_kind_check" check ("kind" in ('HOLIDAY', 'MAKEUP_WORKDAY'));`);

    this.addSql(
      `alter table "service_case" add constraint "service_case_matter_version_id_foreign" foreign key ("matter_version_id") references "matter_version" ("id");`,
    );
    this.addSql(
      `alter table "service_case" add constraint "service_case_department_id_foreign" foreign key ("department_id") references "department" ("id");`,
    );
    this.addSql(
      `alter table "service_case" add constraint "service_case_completed_after_accepted" check (completed_at is null or completed_at >= accepted_at);`,
    );
    this.addSql(
      `alter table "service_case" add constraint "service_case_applicant_code_type_check" check ("applicant_code_type" in ('USCC', 'RESIDENT_ID'));`,
    );
    this.addSql(
      `alter table "service_case" add constraint "service_case_channel_check" check ("channel" in ('WINDOW', 'ONLINE', 'TOWNSHIP_CENTRE', 'VILLAGE_POINT'));`,
    );
    this.addSql(
      `alter table "service_case" add constraint "service_case_status_check" check ("status" in ('ACCEPTED', 'IN_PROGRESS', 'SUSPENDED', 'COMPLETED', 'REJECTED', 'WITHDRAWN'));`,
    );

    this.addSql(
      `alter table "case_status_change" add constraint "case_status_change_service_case_id_foreign" foreign key ("service_case_id") references "service_case" ("id");`,
    );
    this.addSql(
      `alter table "case_status_change" add constraint "case_status_change_from_status_check" check ("from_status" in ('ACCEPTED', 'IN_PROGRESS', 'SUSPENDED', 'COMPLETED', 'REJECTED', 'WITHDRAWN'));`,
    );
    this.addSql(
      `alter table "case_status_change" add constraint "case_status_change_to_status_check" check ("to_status" in ('ACCEPTED', 'IN_PROGRESS', 'SUSPENDED', 'COMPLETED', 'REJECTED', 'WITHDRAWN'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "case_status_change" drop constraint "case_status_change_service_case_id_foreign";`);

    this.addSql(`drop table if exists "calendar_day" cascade;`);
    this.addSql(`drop table if exists "service_case" cascade;`);
    this.addSql(`drop table if exists "case_status_change" cascade;`);
  }
}
