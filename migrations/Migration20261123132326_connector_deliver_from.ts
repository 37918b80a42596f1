import { Migration } from '@mikro-orm/migrations';

export class Migration20261123132326_connector_deliver_from extends Migration {
  override name = 'Migration20261123132326_connector_deliver_from';

  override up(): void | Promise<void> {
    this.addSql(`alter table "connector" add "deliver_from" timestamptz null;`);
    // Existing outbound connectors keep what they had: the events recorded from their creation on.
    this.addSql(`update "connector" set "deliver_from" = "created_at" where "direction" = 'OUT';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "connector" drop column "deliver_from";`);
  }
}
