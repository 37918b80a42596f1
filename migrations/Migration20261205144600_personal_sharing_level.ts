import { Migration } from '@mikro-orm/migrations';

/** Lets a field of the sharing policy be PERSONAL (个人信息), a level of its own. */
export class Migration20261205144600_personal_sharing_level extends Migration {
  override name = 'Migration20261205144600_personal_sharing_level';

  override up(): void | Promise<void> {
    this.addSql(`alter table "sharing_policy" drop constraint "sharing_policy_level_check";`);
    this.addSql(
      `alter table "sharing_policy" add constraint "sharing_policy_level_check" check ("level" in ('UNCONDITIONAL', 'CONDITIONAL', 'PERSONAL', 'NOT_SHARED'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`update "sharing_policy" set "level" = 'CONDITIONAL' where "level" = 'PERSONAL';`);
    this.addSql(`alter table "sharing_policy" drop constraint "sharing_policy_level_check";`);
    this.addSql(
      `alter table "sharing_policy" add constraint "sharing_policy_level_check" check ("level" in ('UNCONDITIONAL', 'CONDITIONAL', 'NOT_SHARED'));`,
    );
  }
}
