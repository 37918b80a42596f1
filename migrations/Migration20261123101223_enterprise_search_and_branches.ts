import { Migration } from '@mikro-orm/migrations';

export class Migration20261123101223_enterprise_search_and_branches extends Migration {
  override name = 'Migration20261123101223_enterprise_search_and_branches';

  override up(): void | Promise<void> {
    this.addSql(`alter table "enterprise" add "search_name" varchar(100) not null, add "parent_uscc" varchar(18) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "enterprise" drop column "search_name", drop column "parent_uscc";`);
  }
}
