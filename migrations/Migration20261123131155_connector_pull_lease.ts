import { Migration } from '@mikro-orm/migrations';

export class Migration20261123131155_connector_pull_lease extends Migration {
  override name = 'Migration20261123131155_connector_pull_lease';

  override up(): void | Promise<void> {
    this.addSql(`alter table "connector" add "pull_lease_owner" text null, add "pull_lease_until" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "connector" drop column "pull_lease_owner", drop column "pull_lease_until";`);
  }
}
