import { Migration } from '@mikro-orm/migrations';

export class Migration20261123101608_connectors extends Migration {
  override name = 'Migration20261123101608_connectors';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "connector" ("id" uuid not null, "name" varchar(100) not null, "kind" text not null, "direction" text not null, "department_id" uuid not null, "event_types" jsonb not null, "config" jsonb not null, "secrets" jsonb not null, "enabled" boolean not null default true, "max_attempts" int not null default 8, "cursor" text null, "last_success_at" timestamptz null, "last_failure_at" timestamptz null, "last_error" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "connector" add constraint "connector_name_unique" unique ("name");`);
    this.addSql(`create index "connector_department_id_index" on "connector" ("department_id");`);

    this.addSql(
      `create table "connector_inbound_record" ("id" uuid not null, "connector_id" uuid not null, "source_event_id" varchar(200) not null, "record_type" varchar(64) not null, "natural_key" varchar(128) null, "payload" jsonb not null, "status" text not null, "reason" text null, "received_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "connector_inbound_record_connector_id_index" on "connector_inbound_record" ("connector_id");`);
    this.addSql(
      `alter table "connector_inbound_record" add constraint "connector_inbound_record_connector_id_source_event_id_unique" unique ("connector_id", "source_event_id");`,
    );

    this.addSql(
      `create table "delivery" ("id" uuid not null, "event_id" uuid not null, "connector_id" uuid not null, "event_type" varchar(64) not null, "aggregate_type" varchar(32) not null, "aggregate_key" varchar(128) not null, "event_sequence" bigint not null, "status" text not null default 'PENDING', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "lease_expires_at" timestamptz null, "claim_token" uuid null, "last_error" text null, "delivered_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "delivery_event_id_index" on "delivery" ("event_id");`);
    this.addSql(`create index "delivery_connector_id_index" on "delivery" ("connector_id");`);
    this.addSql(`create index "delivery_status_next_attempt_at_index" on "delivery" ("status", "next_attempt_at");`);
    this.addSql(
      `create index "delivery_connector_id_aggregate_type_aggregate_key_670f7_index" on "delivery" ("connector_id", "aggregate_type", "aggregate_key", "event_sequence");`,
    );
    this.addSql(`alter table "delivery" add constraint "delivery_event_id_connector_id_unique" unique ("event_id", "connector_id");`);

    this.addSql(
      `create table "delivery_attempt" ("id" uuid not null, "delivery_id" uuid not null, "number" int not null, "started_at" timestamptz not null, "finished_at" timestamptz not null, "outcome" text not null, "status_code" int null, "error" text null, "retry_after_ms" int null, primary key ("id"));`,
    );
    this.addSql(`create index "delivery_attempt_delivery_id_index" on "delivery_attempt" ("delivery_id");`);

    this.addSql(
      `create table "sourced_record" ("id" uuid not null, "record_type" varchar(64) not null, "natural_key" varchar(128) not null, "fields" jsonb not null, "sources" jsonb not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "sourced_record" add constraint "sourced_record_record_type_natural_key_unique" unique ("record_type", "natural_key");`,
    );

    this.addSql(
      `alter table "connector" add constraint "connector_department_id_foreign" foreign key ("department_id") references "department" ("id");`,
    );
    this.addSql(
      `alter table "connector" add constraint "connector_kind_check" check ("kind" in ('WEBHOOK', 'SQL_TABLE', 'NATS', 'INBOUND_WEBHOOK', 'REST_PULL', 'SQL_PULL', 'FILE_IMPORT'));`,
    );
    this.addSql(`alter table "connector" add constraint "connector_direction_check" check ("direction" in ('OUT', 'IN'));`);

    this.addSql(
      `alter table "connector_inbound_record" add constraint "connector_inbound_record_connector_id_foreign" foreign key ("connector_id") references "connector" ("id");`,
    );
    this.addSql(
      `alter table "connector_inbound_record" add constraint "connector_inbound_record_status_check" check ("status" in ('APPLIED', 'REJECTED'));`,
    );

    this.addSql(
      `alter table "delivery" add constraint "delivery_event_id_foreign" foreign key ("event_id") references "outbox_event" ("id");`,
    );
    this.addSql(
      `alter table "delivery" add constraint "delivery_connector_id_foreign" foreign key ("connector_id") references "connector" ("id");`,
    );
    this.addSql(
      `alter table "delivery" add constraint "delivery_status_check" check ("status" in ('PENDING', 'IN_FLIGHT', 'DELIVERED', 'DEAD'));`,
    );

    this.addSql(
      `alter table "delivery_attempt" add constraint "delivery_attempt_delivery_id_foreign" foreign key ("delivery_id") references "delivery" ("id");`,
    );
    this.addSql(
      `alter table "delivery_attempt" add constraint "delivery_attempt_outcome_check" check ("outcome" in ('DELIVERED', 'RETRY', 'PERMANENT'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "connector_inbound_record" drop constraint "connector_inbound_record_connector_id_foreign";`);
    this.addSql(`alter table "delivery" drop constraint "delivery_connector_id_foreign";`);
    this.addSql(`alter table "delivery_attempt" drop constraint "delivery_attempt_delivery_id_foreign";`);

    this.addSql(`drop table if exists "connector" cascade;`);
    this.addSql(`drop table if exists "connector_inbound_record" cascade;`);
    this.addSql(`drop table if exists "delivery" cascade;`);
    this.addSql(`drop table if exists "delivery_attempt" cascade;`);
    this.addSql(`drop table if exists "sourced_record" cascade;`);
  }
}
