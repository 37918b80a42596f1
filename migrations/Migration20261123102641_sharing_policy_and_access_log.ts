import { Migration } from '@mikro-orm/migrations';

export class Migration20261123102641_sharing_policy_and_access_log extends Migration {
  override name = 'Migration20261123102641_sharing_policy_and_access_log';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "access_log_entry" ("seq" bigint not null, "occurred_at" timestamptz not null, "action" varchar(8) not null, "department_code" varchar(32) not null, "actor" varchar(200) not null, "credential_id" uuid null, "operation" varchar(200) not null, "type_name" varchar(64) not null, "record_id" varchar(64) null, "subject_uscc" varchar(18) null, "fields" text[] not null, "purpose" varchar(200) null, "request_id" varchar(64) not null, "previous_hash" varchar(64) not null, "hash" varchar(64) not null, primary key ("seq"));`,
    );
    this.addSql(`create index "access_log_entry_occurred_at_index" on "access_log_entry" ("occurred_at");`);
    this.addSql(`create index "access_log_entry_subject_uscc_seq_index" on "access_log_entry" ("subject_uscc", "seq");`);

    this.addSql(
      `create table "sharing_grant" ("id" uuid not null, "department_id" uuid not null, "type_name" varchar(64) not null, "field_names" text[] not null, "purposes" text[] not null, "expires_at" timestamptz not null, "granted_by" varchar(200) not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "sharing_grant_department_id_type_name_index" on "sharing_grant" ("department_id", "type_name");`);

    this.addSql(
      `create table "sharing_policy" ("id" uuid not null, "type_name" varchar(64) not null, "field_name" varchar(64) not null, "owner_id" uuid not null, "level" text not null, "updated_by" varchar(200) not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "sharing_policy_owner_id_index" on "sharing_policy" ("owner_id");`);
    this.addSql(
      `alter table "sharing_policy" add constraint "sharing_policy_type_name_field_name_unique" unique ("type_name", "field_name");`,
    );

    this.addSql(`alter table "api_credential" drop constraint "api_credential_roles_check";`);
    this.addSql(`alter table "api_credential" add "enterprise_uscc" varchar(18) null;`);
    this.addSql(
      `alter table "api_credential" add constraint "api_credential_roles_check" check ("roles" <@ array['ADMIN'::text, 'CLERK'::text, 'SYSTEM'::text, 'DASHBOARD'::text, 'ENTERPRISE'::text]);`,
    );

    this.addSql(
      `alter table "sharing_grant" add constraint "sharing_grant_department_id_foreign" foreign key ("department_id") references "department" ("id");`,
    );

    this.addSql(
      `alter table "sharing_policy" add constraint "sharing_policy_owner_id_foreign" foreign key ("owner_id") references "department" ("id");`,
    );
    this.addSql(
      `alter table "sharing_policy" add constraint "sharing_policy_level_check" check ("level" in ('UNCONDITIONAL', 'CONDITIONAL', 'NOT_SHARED'));`,
    );

    // The access log is append-only for everyone, the hub's own role included: the database, not
    // the application, refuses to change or remove an entry. Only a superuser or the table owner
    // disabling the trigger can get past it, and the hash chain then shows where.
    this.addSql(`alter table "access_log_entry" add constraint "access_log_entry_action_check" check ("action" in ('READ', 'WRITE'));`);
    this.addSql(`create function "access_log_entry_append_only"() returns trigger language plpgsql as $$
begin
  raise exception 'access_log_entry is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
end
$$;`);
    this.addSql(
      `create trigger "access_log_entry_no_update_or_delete" before update or delete on "access_log_entry" for each row execute function "access_log_entry_append_only"();`,
    );
    this.addSql(
      `create trigger "access_log_entry_no_truncate" before truncate on "access_log_entry" for each statement execute function "access_log_entry_append_only"();`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "access_log_entry" cascade;`);
    this.addSql(`drop function if exists "access_log_entry_append_only"();`);
    this.addSql(`drop table if exists "sharing_grant" cascade;`);
    this.addSql(`drop table if exists "sharing_policy" cascade;`);

    this.addSql(`alter table "api_credential" drop constraint "api_credential_roles_check";`);
    this.addSql(`alter table "api_credential" drop column "enterprise_uscc";`);
    this.addSql(
      `alter table "api_credential" add constraint "api_credential_roles_check" check (roles <@ ARRAY['ADMIN'::text, 'CLERK'::text, 'SYSTEM'::text, 'DASHBOARD'::text]);`,
    );
  }
}
