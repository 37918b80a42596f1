import { Migration } from '@mikro-orm/migrations';

export class Migration20261123102520_matters_catalog extends Migration {
  override name = 'Migration20261123102520_matters_catalog';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "matter" ("id" uuid not null, "code" varchar(64) not null, "added_on" date not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "matter" add constraint "matter_code_unique" unique ("code");`);

    this.addSql(
      `create table "matter_version" ("id" uuid not null, "matter_id" uuid not null, "code" varchar(64) not null, "sequence" int not null, "adjustment_type" text not null, "document_number" varchar(100) not null, "valid_from" date not null, "valid_until" date null, "changed_fields" text[] not null, "recorded_by" varchar(100) not null, "recorded_at" timestamptz not null, "name" varchar(200) not null, "category" text not null, "department_id" uuid not null, "legal_basis" text not null, "conditions" text not null, "materials" jsonb not null, "fees" jsonb not null, "legal_time_limit_days" int not null, "promised_time_limit_days" int not null, "kind" text not null, "levels" text[] not null, "lower_levels_accept_on_behalf" boolean not null, "online_available" boolean not null, "status" text not null, "search_grams" text[] not null, "search_text" text not null, primary key ("id"));`,
    );
    this.addSql(`create index "matter_version_matter_id_index" on "matter_version" ("matter_id");`);
    this.addSql(`create index "matter_version_department_id_index" on "matter_version" ("department_id");`);
    this.addSql(`create index "matter_version_code_valid_from_index" on "matter_version" ("code", "valid_from");`);
    this.addSql(`create index "matter_version_valid_from_valid_until_index" on "matter_version" ("valid_from", "valid_until");`);
    this.addSql(`create index "matter_version_search_grams_index" on "matter_version" using gin ("search_grams");`);
    this.addSql(`create unique index "matter_version_one_open_per_matter" on "matter_version" ("matter_id") where "valid_until" is null;`);
    this.addSql(`alter table "matter_version" add constraint "matter_version_matter_id_sequence_unique" unique ("matter_id", "sequence");`);

    this.addSql(
      `alter table "matter_version" add constraint "matter_version_matter_id_foreign" foreign key ("matter_id") references "matter" ("id");`,
    );
    this.addSql(
      `alter table "matter_version" add constraint "matter_version_department_id_foreign" foreign key ("department_id") references "department" ("id");`,
    );
    this.addSql(
      `alter table "matter_version" add constraint "matter_version_period" check (valid_until is null or valid_until >= valid_from);`,
    );
    this.addSql(
      `alter table "matter_version" add constraint "matter_version_promised_within_legal" check (promised_time_limit_days <= legal_time_limit_days);`,
    );
    this.addSql(
      `alter table "matter_version" add constraint "matter_version_adjustment_type_check" check ("adjustment_type" in ('ADD', 'CANCEL', 'DELEGATE', 'ADJUST'));`,
    );
    this.addSql(
      `alter table "matter_version" add constraint "matter_version_category_check" check ("category" in ('ADMINISTRATIVE_LICENSING', 'ADMINISTRATIVE_PENALTY', 'ADMINISTRATIVE_LEVY', 'ADMINISTRATIVE_COERCION', 'ADMINISTRATIVE_CONFIRMATION', 'ADMINISTRATIVE_ADJUDICATION', 'ADMINISTRATIVE_PAYMENT', 'ADMINISTRATIVE_INSPECTION', 'ADMINISTRATIVE_REWARD', 'OTHER_ADMINISTRATIVE_POWER', 'PUBLIC_SERVICE'));`,
    );
    this.addSql(`alter table "matter_version" add constraint "matter_version_kind_check" check ("kind" in ('ON_THE_SPOT', 'PROMISED'));`);
    this.addSql(`alter table "matter_version" add constraint "matter_version_status_check" check ("status" in ('IN_FORCE', 'CANCELLED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "matter_version" drop constraint "matter_version_matter_id_foreign";`);

    this.addSql(`drop table if exists "matter" cascade;`);
    this.addSql(`drop table if exists "matter_version" cascade;`);
  }
}
