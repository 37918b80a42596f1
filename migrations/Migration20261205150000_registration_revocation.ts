import { Migration } from '@mikro-orm/migrations';

/** Lets a registration record a 吊销 (REVOCATION): revoking the business licence ends the entity's standing. */
export class Migration20261205150000_registration_revocation extends Migration {
  override name = 'Migration20261205150000_registration_revocation';

  override up(): void | Promise<void> {
    this.addSql(`alter table "registration" drop constraint "registration_kind_check";`);
    this.addSql(
      `alter table "registration" add constraint "registration_kind_check" check ("kind" in ('ESTABLISHMENT', 'CHANGE', 'DEREGISTRATION', 'REVOCATION'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "registration" drop constraint "registration_kind_check";`);
    this.addSql(
      `alter table "registration" add constraint "registration_kind_check" check ("kind" in ('ESTABLISHMENT', 'CHANGE', 'DEREGISTRATION'));`,
    );
  }
}
