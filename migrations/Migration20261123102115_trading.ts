import { Migration } from '@mikro-orm/migrations';

export class Migration20261123102115_trading extends Migration {
  override name = 'Migration20261123102115_trading';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "trade" ("id" uuid not null, "code" varchar(64) not null, "name" varchar(200) not null, "category" text not null, "method" text not null, "budget" numeric(20,2) null, "reserve_price" numeric(20,2) null, "deal_amount" numeric(20,2) null, "winner_uscc" varchar(18) null, "winner_name" varchar(200) null, "agency_uscc" varchar(18) null, "agency_name" varchar(200) null, "division_code" varchar(6) not null, "announced_on" date not null, "opening_on" date null, "deal_on" date null, "status" text not null default 'ANNOUNCED', "recorded_by_id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "trade" add constraint "trade_code_unique" unique ("code");`);
    this.addSql(`create index "trade_recorded_by_id_index" on "trade" ("recorded_by_id");`);
    this.addSql(`create index "trade_announced_on_id_index" on "trade" ("announced_on", "id");`);
    this.addSql(`create index "trade_agency_uscc_index" on "trade" ("agency_uscc");`);
    this.addSql(`create index "trade_winner_uscc_index" on "trade" ("winner_uscc");`);
    this.addSql(`create index "trade_division_code_index" on "trade" ("division_code");`);
    this.addSql(`create index "trade_category_deal_on_index" on "trade" ("category", "deal_on");`);
    this.addSql(`create index "trade_status_deal_on_index" on "trade" ("status", "deal_on");`);

    this.addSql(
      `create table "trade_status_change" ("id" uuid not null, "trade_id" uuid not null, "from_status" text null, "to_status" text not null, "reason" text null, "changed_by" varchar(100) not null, "changed_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "trade_status_change_trade_id_changed_at_index" on "trade_status_change" ("trade_id", "changed_at");`);

    this.addSql(
      `alter table "trade" add constraint "trade_recorded_by_id_foreign" foreign key ("recorded_by_id") references "department" ("id");`,
    );
    this.addSql(
      `alter table "trade" add constraint "trade_category_check" check ("category" in ('CONSTRUCTION', 'PROCUREMENT', 'LAND_USE_RIGHTS', 'MINERAL_RIGHTS', 'STATE_PROPERTY_RIGHTS', 'OTHER'));`,
    );
    this.addSql(
      `alter table "trade" add constraint "trade_method_check" check ("method" in ('OPEN_TENDER', 'INVITED_TENDER', 'COMPETITIVE_NEGOTIATION', 'COMPETITIVE_CONSULTATION', 'REQUEST_FOR_QUOTATION', 'SINGLE_SOURCE', 'AUCTION', 'LISTING', 'AGREEMENT'));`,
    );
    this.addSql(
      `alter table "trade" add constraint "trade_status_check" check ("status" in ('ANNOUNCED', 'OPEN', 'AWARDED', 'FAILED', 'CANCELLED'));`,
    );

    this.addSql(
      `alter table "trade_status_change" add constraint "trade_status_change_trade_id_foreign" foreign key ("trade_id") references "trade" ("id");`,
    );
    this.addSql(
      `alter table "trade_status_change" add constraint "trade_status_change_from_status_check" check ("from_status" in ('ANNOUNCED', 'OPEN', 'AWARDED', 'FAILED', 'CANCELLED'));`,
    );
    this.addSql(
      `alter table "trade_status_change" add constraint "trade_status_change_to_status_check" check ("to_status" in ('ANNOUNCED', 'OPEN', 'AWARDED', 'FAILED', 'CANCELLED'));`,
    );

    // The domain refuses these first, with the field named; the database keeps them true for any other writer.
    this.addSql(
      `alter table "trade" add constraint "trade_amounts_not_negative" check ("budget" >= 0 and "reserve_price" >= 0 and "deal_amount" >= 0);`,
    );
    this.addSql(
      `alter table "trade" add constraint "trade_dates_in_order" check ("opening_on" >= "announced_on" and "deal_on" >= "announced_on");`,
    );
    this.addSql(
      `alter table "trade" add constraint "trade_awarded_has_deal" check ("status" <> 'AWARDED' or ("deal_amount" is not null and "deal_on" is not null and "winner_uscc" is not null and "winner_name" is not null));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "trade_status_change" drop constraint "trade_status_change_trade_id_foreign";`);

    this.addSql(`drop table if exists "trade" cascade;`);
    this.addSql(`drop table if exists "trade_status_change" cascade;`);
  }
}
