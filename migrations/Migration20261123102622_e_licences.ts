import { Migration } from '@mikro-orm/migrations';

export class Migration20261123102622_e_licences extends Migration {
  override name = 'Migration20261123102622_e_licences';

  override up(): void | Promise<void> {
    // Licence serials: unique under concurrency without a table lock.
    this.addSql(`create sequence "licence_serial_seq";`);
    this.addSql(
      `create table "licence_status_change" ("id" uuid not null, "licence_id" uuid not null, "from_status" text null, "to_status" text not null, "reason" varchar(500) not null, "document" varchar(100) null, "changed_by" varchar(100) not null, "changed_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "licence_status_change_licence_id_index" on "licence_status_change" ("licence_id");`);

    this.addSql(
      `create table "licence_type" ("id" uuid not null, "code" varchar(64) not null, "name" varchar(50) not null, "type_code" varchar(21) not null, "issuer_id" uuid not null, "holder_code_types" text[] not null, "default_validity_months" int null, "fields_schema" jsonb not null, "public_fields" jsonb not null, "source_status_codes" jsonb not null, "subscriber_department_codes" jsonb not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "licence_type" add constraint "licence_type_code_unique" unique ("code");`);
    this.addSql(`alter table "licence_type" add constraint "licence_type_type_code_unique" unique ("type_code");`);

    this.addSql(
      `create table "licence_use" ("id" uuid not null, "licence_id" uuid not null, "department_id" uuid not null, "used_by" varchar(100) not null, "matter_code" varchar(64) not null, "case_no" varchar(64) not null, "purpose" varchar(200) not null, "accepted" boolean not null, "refusal_reason" varchar(200) null, "used_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "licence_use_department_id_index" on "licence_use" ("department_id");`);
    this.addSql(`create index "licence_use_licence_id_used_at_index" on "licence_use" ("licence_id", "used_at");`);

    this.addSql(
      `create table "signing_key" ("kid" varchar(64) not null, "public_jwk" jsonb not null, "private_key_pem" text not null, "created_at" timestamptz not null, "retired_at" timestamptz null, primary key ("kid"));`,
    );

    this.addSql(`alter table "licence" drop constraint "licence_licence_type_code_number_unique";`);
    this.addSql(
      `alter table "licence" add "identifier" varchar(128) not null, add "serial" varchar(64) not null, add "licence_version" int not null default 1, add "holder_code_type" text not null, add "matter_code" varchar(64) null, add "signature" text not null, add "signing_key_id" varchar(64) not null, add "superseded_by" varchar(128) null;`,
    );
    this.addSql(`alter table "licence" add constraint "licence_identifier_unique" unique ("identifier");`);
    this.addSql(`create index "licence_status_valid_to_index" on "licence" ("status", "valid_to");`);
    this.addSql(`create index "licence_licence_type_code_number_index" on "licence" ("licence_type_code", "number");`);
    this.addSql(
      `alter table "licence" add constraint "licence_holder_code_type_check" check ("holder_code_type" in ('USCC', 'RESIDENT_ID'));`,
    );

    this.addSql(
      `alter table "licence_status_change" add constraint "licence_status_change_licence_id_foreign" foreign key ("licence_id") references "licence" ("id");`,
    );
    this.addSql(
      `alter table "licence_status_change" add constraint "licence_status_change_from_status_check" check ("from_status" in ('VALID', 'SUSPENDED', 'REVOKED', 'EXPIRED', 'CANCELLED'));`,
    );
    this.addSql(
      `alter table "licence_status_change" add constraint "licence_status_change_to_status_check" check ("to_status" in ('VALID', 'SUSPENDED', 'REVOKED', 'EXPIRED', 'CANCELLED'));`,
    );

    this.addSql(
      `alter table "licence_type" add constraint "licence_type_issuer_id_foreign" foreign key ("issuer_id") references "department" ("id");`,
    );
    this.addSql(
      `alter table "licence_type" add constraint "licence_type_holder_code_types_check" check ("holder_code_types" <@ array['USCC'::text, 'RESIDENT_ID'::text]);`,
    );

    this.addSql(
      `alter table "licence_use" add constraint "licence_use_licence_id_foreign" foreign key ("licence_id") references "licence" ("id");`,
    );
    this.addSql(
      `alter table "licence_use" add constraint "licence_use_department_id_foreign" foreign key ("department_id") references "department" ("id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop sequence if exists "licence_serial_seq";`);
    this.addSql(`drop table if exists "licence_status_change" cascade;`);
    this.addSql(`drop table if exists "licence_type" cascade;`);
    this.addSql(`drop table if exists "licence_use" cascade;`);
    this.addSql(`drop table if exists "signing_key" cascade;`);

    this.addSql(`alter table "licence" drop constraint "licence_identifier_unique";`);
    this.addSql(`drop index "licence_status_valid_to_index";`);
    this.addSql(`drop index "licence_licence_type_code_number_index";`);
    this.addSql(`alter table "licence" drop constraint "licence_holder_code_type_check";`);
    this.addSql(
      `alter table "licence" drop column "identifier", drop column "serial", drop column "licence_version", drop column "holder_code_type", drop column "matter_code", drop column "signature", drop column "signing_key_id", drop column "superseded_by";`,
    );
    this.addSql(`alter table "licence" add constraint "licence_licence_type_code_number_unique" unique ("licence_type_code", "number");`);
  }
}
