import { Migration } from '@mikro-orm/migrations';

/**
 * Delivery that outlasts a department's night of maintenance: a retry horizon measured from a
 * delivery's first failure (instead of an attempt count), a circuit per connector, deliveries
 * marked "possibly delivered" when an attempt's outcome was never recorded, and receipts that
 * say RETRYING with the next attempt time.
 */
export class Migration20261205144500_delivery_resilience extends Migration {
  override name = 'Migration20261205144500_delivery_resilience';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "delivery" add column "failing_since" timestamptz null, add column "possibly_delivered" boolean not null default false;`,
    );
    this.addSql(
      `alter table "connector" add column "circuit_state" text not null default 'CLOSED', add column "consecutive_failures" int not null default 0, add column "circuit_opened_at" timestamptz null, add column "circuit_probe_at" timestamptz null;`,
    );
    this.addSql(`alter table "connector" add constraint "connector_circuit_state_check" check ("circuit_state" in ('CLOSED', 'OPEN'));`);
    // The attempt count is no longer the rule (the horizon is); a cap stays possible when an admin sets one.
    this.addSql(`alter table "connector" alter column "max_attempts" drop not null, alter column "max_attempts" drop default;`);
    this.addSql(`update "connector" set "max_attempts" = null where "max_attempts" = 8;`);
    this.addSql(`alter table "delivery_attempt" drop constraint "delivery_attempt_outcome_check";`);
    this.addSql(
      `alter table "delivery_attempt" add constraint "delivery_attempt_outcome_check" check ("outcome" in ('DELIVERED', 'RETRY', 'PERMANENT', 'UNKNOWN'));`,
    );
    this.addSql(`alter table "registration_receipt" add column "next_attempt_at" timestamptz null;`);
    this.addSql(`alter table "registration_receipt" drop constraint "registration_receipt_status_check";`);
    this.addSql(
      `alter table "registration_receipt" add constraint "registration_receipt_status_check" check ("status" in ('PENDING', 'RETRYING', 'DELIVERED', 'ACKNOWLEDGED', 'FAILED'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`update "registration_receipt" set "status" = 'PENDING' where "status" = 'RETRYING';`);
    this.addSql(`alter table "registration_receipt" drop constraint "registration_receipt_status_check";`);
    this.addSql(
      `alter table "registration_receipt" add constraint "registration_receipt_status_check" check ("status" in ('PENDING', 'DELIVERED', 'ACKNOWLEDGED', 'FAILED'));`,
    );
    this.addSql(`alter table "registration_receipt" drop column "next_attempt_at";`);
    this.addSql(`update "delivery_attempt" set "outcome" = 'RETRY' where "outcome" = 'UNKNOWN';`);
    this.addSql(`alter table "delivery_attempt" drop constraint "delivery_attempt_outcome_check";`);
    this.addSql(
      `alter table "delivery_attempt" add constraint "delivery_attempt_outcome_check" check ("outcome" in ('DELIVERED', 'RETRY', 'PERMANENT'));`,
    );
    this.addSql(`update "connector" set "max_attempts" = 8 where "max_attempts" is null;`);
    this.addSql(`alter table "connector" alter column "max_attempts" set not null, alter column "max_attempts" set default 8;`);
    this.addSql(`alter table "connector" drop constraint "connector_circuit_state_check";`);
    this.addSql(
      `alter table "connector" drop column "circuit_state", drop column "consecutive_failures", drop column "circuit_opened_at", drop column "circuit_probe_at";`,
    );
    this.addSql(`alter table "delivery" drop column "failing_since", drop column "possibly_delivered";`);
  }
}
