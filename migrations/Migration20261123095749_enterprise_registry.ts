import { Migration } from '@mikro-orm/migrations';

export class Migration20261123095749_enterprise_registry extends Migration {
  override name = 'Migration20261123095749_enterprise_registry';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "enterprise" ("id" uuid not null, "uscc" varchar(18) not null, "name" varchar(100) not null, "name_grams" text[] not null, "kind" text not null, "legal_representative" varchar(50) not null, "legal_representative_id_number" varchar(18) null, "registered_capital_wan_yuan" numeric(20,6) not null, "address" varchar(200) not null, "division_code" varchar(6) not null, "industry_code" varchar(5) not null, "business_scope" text not null, "established_on" date not null, "registering_authority_id" uuid not null, "status" text not null default 'ACTIVE', "deregistered_at" timestamptz null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "enterprise" add constraint "enterprise_uscc_unique" unique ("uscc");`);
    this.addSql(`create index "enterprise_registering_authority_id_index" on "enterprise" ("registering_authority_id");`);
    this.addSql(`create index "enterprise_established_on_index" on "enterprise" ("established_on");`);
    this.addSql(`create index "enterprise_division_code_index" on "enterprise" ("division_code");`);
    this.addSql(`create index "enterprise_kind_status_index" on "enterprise" ("kind", "status");`);
    this.addSql(`create index "enterprise_name_grams_index" on "enterprise" using gin ("name_grams");`);
    this.addSql(
      `create unique index "enterprise_active_name_unique" on "enterprise" ("registering_authority_id", "name") where "status" = 'ACTIVE';`,
    );

    this.addSql(
      `create table "integrated_certificate" ("id" uuid not null, "code" varchar(64) not null, "name" varchar(50) not null, "department_id" uuid not null, "kinds" text[] not null, "effective_from" date not null, "effective_to" date null, "basis" varchar(100) not null, primary key ("id"));`,
    );
    this.addSql(`create index "integrated_certificate_department_id_index" on "integrated_certificate" ("department_id");`);

    this.addSql(
      `create table "licence" ("id" uuid not null, "licence_type_code" varchar(64) not null, "name" varchar(50) not null, "number" varchar(64) not null, "holder_code" varchar(18) not null, "holder_name" varchar(100) not null, "enterprise_id" uuid null, "issuer_id" uuid not null, "issued_at" timestamptz not null, "valid_from" date not null, "valid_to" date null, "status" text not null default 'VALID', "fields" jsonb not null, primary key ("id"));`,
    );
    this.addSql(`create index "licence_holder_code_index" on "licence" ("holder_code");`);
    this.addSql(`create index "licence_enterprise_id_index" on "licence" ("enterprise_id");`);
    this.addSql(`create index "licence_issuer_id_index" on "licence" ("issuer_id");`);
    this.addSql(`alter table "licence" add constraint "licence_licence_type_code_number_unique" unique ("licence_type_code", "number");`);

    this.addSql(
      `create table "outbox_event" ("id" uuid not null, "sequence" bigserial, "event_type" varchar(64) not null, "aggregate_type" varchar(32) not null, "aggregate_key" varchar(128) not null, "department_id" uuid not null, "payload" jsonb not null, "payload_version" int not null default 1, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "outbox_event" add constraint "outbox_event_sequence_unique" unique ("sequence");`);
    this.addSql(`create index "outbox_event_department_id_index" on "outbox_event" ("department_id");`);
    this.addSql(
      `create index "outbox_event_aggregate_type_aggregate_key_sequence_index" on "outbox_event" ("aggregate_type", "aggregate_key", "sequence");`,
    );

    this.addSql(
      `create table "registration" ("id" uuid not null, "enterprise_id" uuid not null, "kind" text not null, "department_id" uuid not null, "clerk_id" uuid null, "idempotency_key" varchar(100) null, "request_hash" varchar(64) null, "certificates" jsonb not null, "document" varchar(100) null, "registered_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "registration_enterprise_id_index" on "registration" ("enterprise_id");`);
    this.addSql(`create index "registration_department_id_index" on "registration" ("department_id");`);
    this.addSql(`create index "registration_clerk_id_index" on "registration" ("clerk_id");`);
    this.addSql(
      `alter table "registration" add constraint "registration_department_id_idempotency_key_unique" unique ("department_id", "idempotency_key");`,
    );

    this.addSql(
      `create table "enterprise_change" ("id" uuid not null, "enterprise_id" uuid not null, "registration_id" uuid not null, "field" varchar(64) not null, "old_value" text null, "new_value" text null, "changed_by" varchar(100) not null, "document" varchar(100) null, "changed_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "enterprise_change_enterprise_id_index" on "enterprise_change" ("enterprise_id");`);
    this.addSql(`create index "enterprise_change_registration_id_index" on "enterprise_change" ("registration_id");`);

    this.addSql(
      `create table "registration_receipt" ("id" uuid not null, "registration_id" uuid not null, "department_id" uuid not null, "certificate_codes" jsonb not null, "status" text not null default 'PENDING', "last_error" text null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "registration_receipt_registration_id_index" on "registration_receipt" ("registration_id");`);
    this.addSql(`create index "registration_receipt_department_id_index" on "registration_receipt" ("department_id");`);
    this.addSql(
      `alter table "registration_receipt" add constraint "registration_receipt_registration_id_department_id_unique" unique ("registration_id", "department_id");`,
    );

    this.addSql(
      `alter table "department" add "division_code" varchar(6) null, add "registers_market_entities" boolean not null default false;`,
    );

    // Organisation-code bodies are drawn from a sequence: unique under any concurrency, never reused.
    this.addSql(`create sequence "organisation_code_body_seq" start 1;`);

    this.addSql(
      `alter table "enterprise" add constraint "enterprise_registering_authority_id_foreign" foreign key ("registering_authority_id") references "department" ("id");`,
    );
    this.addSql(
      `alter table "enterprise" add constraint "enterprise_kind_check" check ("kind" in ('COMPANY', 'BRANCH', 'SOLE_PROPRIETORSHIP', 'PARTNERSHIP', 'FARMERS_COOPERATIVE', 'INDIVIDUAL_BUSINESS'));`,
    );
    this.addSql(
      `alter table "enterprise" add constraint "enterprise_status_check" check ("status" in ('ACTIVE', 'DEREGISTERED', 'REVOKED'));`,
    );

    this.addSql(
      `alter table "integrated_certificate" add constraint "integrated_certificate_department_id_foreign" foreign key ("department_id") references "department" ("id");`,
    );
    this.addSql(
      `alter table "integrated_certificate" add constraint "integrated_certificate_kinds_check" check ("kinds" <@ array['COMPANY'::text, 'BRANCH'::text, 'SOLE_PROPRIETORSHIP'::text, 'PARTNERSHIP'::text, 'FARMERS_COOPERATIVE'::text, 'INDIVIDUAL_BUSINESS'::text]);`,
    );

    this.addSql(
      `alter table "licence" add constraint "licence_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "licence" add constraint "licence_issuer_id_foreign" foreign key ("issuer_id") references "department" ("id");`,
    );
    this.addSql(
      `alter table "licence" add constraint "licence_status_check" check ("status" in ('VALID', 'SUSPENDED', 'REVOKED', 'EXPIRED', 'CANCELLED'));`,
    );

    this.addSql(
      `alter table "outbox_event" add constraint "outbox_event_department_id_foreign" foreign key ("department_id") references "department" ("id");`,
    );

    this.addSql(
      `alter table "registration" add constraint "registration_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id");`,
    );
    this.addSql(
      `alter table "registration" add constraint "registration_department_id_foreign" foreign key ("department_id") references "department" ("id");`,
    );
    this.addSql(
      `alter table "registration" add constraint "registration_clerk_id_foreign" foreign key ("clerk_id") references "clerk" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "registration" add constraint "registration_kind_check" check ("kind" in ('ESTABLISHMENT', 'CHANGE', 'DEREGISTRATION'));`,
    );

    this.addSql(
      `alter table "enterprise_change" add constraint "enterprise_change_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id");`,
    );
    this.addSql(
      `alter table "enterprise_change" add constraint "enterprise_change_registration_id_foreign" foreign key ("registration_id") references "registration" ("id");`,
    );

    this.addSql(
      `alter table "registration_receipt" add constraint "registration_receipt_registration_id_foreign" foreign key ("registration_id") references "registration" ("id");`,
    );
    this.addSql(
      `alter table "registration_receipt" add constraint "registration_receipt_department_id_foreign" foreign key ("department_id") references "department" ("id");`,
    );
    this.addSql(
      `alter table "registration_receipt" add constraint "registration_receipt_status_check" check ("status" in ('PENDING', 'DELIVERED', 'ACKNOWLEDGED', 'FAILED'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "licence" drop constraint "licence_enterprise_id_foreign";`);
    this.addSql(`alter table "registration" drop constraint "registration_enterprise_id_foreign";`);
    this.addSql(`alter table "enterprise_change" drop constraint "enterprise_change_enterprise_id_foreign";`);
    this.addSql(`alter table "enterprise_change" drop constraint "enterprise_change_registration_id_foreign";`);
    this.addSql(`alter table "registration_receipt" drop constraint "registration_receipt_registration_id_foreign";`);

    this.addSql(`drop table if exists "enterprise" cascade;`);
    this.addSql(`drop table if exists "integrated_certificate" cascade;`);
    this.addSql(`drop table if exists "licence" cascade;`);
    this.addSql(`drop table if exists "outbox_event" cascade;`);
    this.addSql(`drop table if exists "registration" cascade;`);
    this.addSql(`drop table if exists "enterprise_change" cascade;`);
    this.addSql(`drop table if exists "registration_receipt" cascade;`);

    this.addSql(`alter table "department" drop column "division_code", drop column "registers_market_entities";`);
    this.addSql(`drop sequence if exists "organisation_code_body_seq";`);
  }
}
