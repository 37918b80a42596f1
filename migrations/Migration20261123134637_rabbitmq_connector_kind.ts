import { Migration } from '@mikro-orm/migrations';

/** Lets a connector be of the new kind RABBITMQ. */
export class Migration20261123134637_rabbitmq_connector_kind extends Migration {
  override name = 'Migration20261123134637_rabbitmq_connector_kind';

  override up(): void | Promise<void> {
    this.addSql(`alter table "connector" drop constraint "connector_kind_check";`);
    this.addSql(
      `alter table "connector" add constraint "connector_kind_check" check ("kind" in ('WEBHOOK', 'SQL_TABLE', 'NATS', 'RABBITMQ', 'INBOUND_WEBHOOK', 'REST_PULL', 'SQL_PULL', 'FILE_IMPORT'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "connector" drop constraint "connector_kind_check";`);
    this.addSql(
      `alter table "connector" add constraint "connector_kind_check" check ("kind" in ('WEBHOOK', 'SQL_TABLE', 'NATS', 'INBOUND_WEBHOOK', 'REST_PULL', 'SQL_PULL', 'FILE_IMPORT'));`,
    );
  }
}
