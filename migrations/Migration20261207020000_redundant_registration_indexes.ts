import { Migration } from '@mikro-orm/migrations';

/**
 * Drops two indexes that a unique index on the same table already serves: a registration's
 * department leads (department_id, idempotency_key), a receipt's registration leads
 * (registration_id, department_id). Lookups and foreign-key checks use the unique index; every
 * registration wrote five entries into the two spare ones.
 */
export class Migration20261207020000_redundant_registration_indexes extends Migration {
  override name = 'Migration20261207020000_redundant_registration_indexes';

  override up(): void | Promise<void> {
    this.addSql(`drop index if exists "registration_department_id_index";`);
    this.addSql(`drop index if exists "registration_receipt_registration_id_index";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`create index "registration_department_id_index" on "registration" ("department_id");`);
    this.addSql(`create index "registration_receipt_registration_id_index" on "registration_receipt" ("registration_id");`);
  }
}
