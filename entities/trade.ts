import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { TradeCategory } from './trade-category.js';
import { TradeMethod } from './trade-method.js';
import { TradeStatus } from './trade-status.js';
import { Department } from './department.js';

/**
 * A public-resource trade (公共资源交易): a tender, a purchase or a transfer of rights, run by the
 * trading centre. Winner and agency are kept by USCC and name, not by a foreign key: a winner from
 * another province is rarely in this district's registry, and one that registers later is linked
 * by its code without touching the trade.
 */
@Entity({ tableName: 'trade' })
@Index({ properties: ['status', 'dealOn'] })
@Index({ properties: ['category', 'dealOn'] })
@Index({ properties: ['divisionCode'] })
@Index({ properties: ['winnerUscc'] })
@Index({ properties: ['agencyUscc'] })
@Index({ properties: ['announcedOn', 'id'] })
@ObjectType({ description: 'A public-resource trade (公共资源交易): tender, procurement or transfer of rights.' })
export class Trade {
  [OptionalProps]?: 'id' | 'createdAt' | 'updatedAt' | 'version' | 'status';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @Property({ length: 64 })
  @Unique()
  @Field({ description: 'Project code (项目编号) given by the trading centre, e.g. ZHGC-2015-001.' })
  code!: string;

  @Property({ length: 200 })
  @Field({ description: 'Project name (项目名称).' })
  name!: string;

  @Enum({ items: () => TradeCategory })
  @Field(() => TradeCategory)
  category!: TradeCategory;

  @Enum({ items: () => TradeMethod })
  @Field(() => TradeMethod)
  method!: TradeMethod;

  /** 预算 or 控制价 (最高限价) of a tender or purchase, 元. */
  @Property({ type: 'decimal', precision: 20, scale: 2, nullable: true })
  @Field(() => String, { nullable: true, description: 'Budget or control price (预算/控制价) in 元, exact, e.g. "66801300.00".' })
  budget?: string | null;

  /** 底价 / 起始价 of a transfer, 元. */
  @Property({ type: 'decimal', precision: 20, scale: 2, nullable: true })
  @Field(() => String, { nullable: true, description: 'Reserve price (底价/起始价) of a transfer in 元, exact.' })
  reservePrice?: string | null;

  @Property({ type: 'decimal', precision: 20, scale: 2, nullable: true })
  @Field(() => String, { nullable: true, description: 'Deal amount (成交金额/中标价) in 元, exact; set when awarded.' })
  dealAmount?: string | null;

  @Property({ length: 18, nullable: true })
  @Field(() => String, { nullable: true, description: 'USCC of the winner (中标人/受让人); links to the registry when registered there.' })
  winnerUscc?: string | null;

  @Property({ length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'Name of the winner as awarded.' })
  winnerName?: string | null;

  @Property({ length: 18, nullable: true })
  @Field(() => String, { nullable: true, description: 'USCC of the tendering agency (招标代理机构).' })
  agencyUscc?: string | null;

  @Property({ length: 200, nullable: true })
  @Field(() => String, { nullable: true })
  agencyName?: string | null;

  @Property({ length: 6 })
  @Field({ description: 'GB/T 2260 division code of the project.' })
  divisionCode!: string;

  @Property({ type: 'date' })
  @Field({ description: 'Announcement date (公告日期), YYYY-MM-DD.' })
  announcedOn!: string;

  @Property({ type: 'date', nullable: true })
  @Field(() => String, { nullable: true, description: 'Bid opening or auction date (开标/竞价日期), YYYY-MM-DD.' })
  openingOn?: string | null;

  @Property({ type: 'date', nullable: true })
  @Field(() => String, { nullable: true, description: 'Deal date (成交日期), YYYY-MM-DD; the date statistics count by.' })
  dealOn?: string | null;

  @Enum({ items: () => TradeStatus })
  @Field(() => TradeStatus)
  status: TradeStatus = TradeStatus.ANNOUNCED;

  /** The trading centre that runs it (the only writer). */
  @ManyToOne(() => Department)
  @Index()
  recordedBy!: Rel<Department>;

  @Property({ version: true })
  @Field(() => Int)
  version!: number;

  @Property({ type: 'timestamptz' })
  @Field()
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  @Field()
  updatedAt: Date = new Date();
}
