import { Migration } from '@mikro-orm/migrations';

export class Migration20261123093801_initial_departments extends Migration {
  override name = 'Migration20261123093801_initial_departments';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "department" ("id" uuid not null, "code" varchar(32) not null, "name" varchar(100) not null, "uscc" varchar(18) null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "department" add constraint "department_code_unique" unique ("code");`);

    this.addSql(
      `create table "clerk" ("id" uuid not null, "department_id" uuid not null, "name" varchar(50) not null, "staff_number" varchar(32) not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "clerk_department_id_index" on "clerk" ("department_id");`);

    this.addSql(
      `create table "api_credential" ("id" uuid not null, "key_id" varchar(32) not null, "secret_sha256" varchar(64) not null, "department_id" uuid not null, "clerk_id" uuid null, "roles" text[] not null, "label" varchar(100) not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`alter table "api_credential" add constraint "api_credential_key_id_unique" unique ("key_id");`);
    this.addSql(`create index "api_credential_department_id_index" on "api_credential" ("department_id");`);
    this.addSql(`create index "api_credential_clerk_id_index" on "api_credential" ("clerk_id");`);

    this.addSql(
      `alter table "clerk" add constraint "clerk_department_id_foreign" foreign key ("department_id") references "department" ("id");`,
    );

    this.addSql(
      `alter table "api_credential" add constraint "api_credential_department_id_foreign" foreign key ("department_id") references "department" ("id");`,
    );
    this.addSql(
      `alter table "api_credential" add constraint "api_credential_clerk_id_foreign" foreign key ("clerk_id") references "clerk" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "api_credential" add constraint "api_credential_roles_check" check ("roles" <@ array['ADMIN'::text, 'CLERK'::text, 'SYSTEM'::text, 'DASHBOARD'::text]);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "clerk" drop constraint "clerk_department_id_foreign";`);
    this.addSql(`alter table "api_credential" drop constraint "api_credential_department_id_foreign";`);
    this.addSql(`alter table "api_credential" drop constraint "api_credential_clerk_id_foreign";`);

    this.addSql(`drop table if exists "department" cascade;`);
    this.addSql(`drop table if exists "clerk" cascade;`);
    this.addSql(`drop table if exists "api_credential" cascade;`);
  }
}
