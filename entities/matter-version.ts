import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { AdjustmentType, MatterStatus } from './adjustment-type.js';
import { MatterCategory } from './matter-category.js';
import { MatterKind } from './matter-kind.js';
import { MatterLevel } from './matter-level.js';
import type { FeeState, MaterialState } from './matter-requirements.js';
import { Department } from './department.js';
import { Matter } from './matter.js';
import { MatterFee } from './matter-fee.js';
import { MatterMaterial } from './matter-material.js';

/**
 * A matter as one adjustment (新增, 取消, 下放, 调整) left it: the adjustment's document and
 * effective date, and the matter's complete state from that day until the next adjustment's
 * (`validUntil`, null while in force). The state columns are written once and never changed;
 * appending the next version only closes `validUntil`, the way SQL:2011 system-versioned tables
 * close a row's period, so "the catalog on day D" is one indexed range condition.
 */
@Entity({ tableName: 'matter_version' })
@Unique({ properties: ['matter', 'sequence'] })
// At most one open version per matter: two concurrent adjustments cannot both leave theirs in force.
@Unique({
  name: 'matter_version_one_open_per_matter',
  expression: `create unique index "matter_version_one_open_per_matter" on "matter_version" ("matter_id") where "valid_until" is null`,
})
@Index({ name: 'matter_version_search_grams_index', properties: ['searchGrams'], type: 'gin' })
@Index({ properties: ['validFrom', 'validUntil'] })
@Index({ properties: ['code', 'validFrom'] })
@Check({ name: 'matter_version_promised_within_legal', expression: 'promised_time_limit_days <= legal_time_limit_days' })
@Check({ name: 'matter_version_period', expression: 'valid_until is null or valid_until >= valid_from' })
@ObjectType('Matter', {
  description:
    'A matter of the catalog (事项) as it stood on the day asked for: what the department may do, at which levels, on what legal basis, with which materials, fees and time limits.',
})
export class MatterVersion {
  [OptionalProps]?: 'id' | 'recordedAt' | 'validUntil';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'This version of the matter; the matter itself is named by its code.' })
  id: string = uuidv7();

  @ManyToOne(() => Matter)
  @Index()
  matter!: Rel<Matter>;

  /** A copy of the matter's code, so lists page by code without a join. */
  @Property({ length: 64 })
  @Field({ description: 'The stable catalog code (事项编码) cases refer to.' })
  code!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '1 for the adjustment that added the matter, then 2, 3 …' })
  sequence!: number;

  @Enum({ items: () => AdjustmentType })
  @Field(() => AdjustmentType, { description: 'The adjustment that produced this version.' })
  adjustmentType!: AdjustmentType;

  @Property({ length: 100 })
  @Field({ description: 'The document that ordered the adjustment, e.g. 国发〔2015〕11号.' })
  documentNumber!: string;

  @Property({ type: 'date' })
  @Field({ description: 'The adjustment took effect on this day (YYYY-MM-DD); the version is valid from it.' })
  validFrom!: string;

  @Property({ type: 'date', nullable: true })
  @Field(() => String, { nullable: true, description: 'The day the next adjustment took effect; null while this version is in force.' })
  validUntil: string | null = null;

  @Property({ type: 'text[]' })
  @Field(() => [String], { description: 'The fields this adjustment changed (all of them for an addition).' })
  changedFields!: string[];

  @Property({ length: 100 })
  @Field({ description: 'Who recorded the adjustment: the department system, the administrator or the import.' })
  recordedBy!: string;

  @Property({ type: 'timestamptz' })
  @Field()
  recordedAt: Date = new Date();

  @Property({ length: 200 })
  @Field()
  name!: string;

  @Enum({ items: () => MatterCategory })
  @Field(() => MatterCategory)
  category!: MatterCategory;

  @ManyToOne(() => Department)
  @Index()
  department!: Rel<Department>;

  @Property({ type: 'text' })
  @Field({ description: 'The legal basis (设定依据).' })
  legalBasis!: string;

  @Property({ type: 'text' })
  @Field({ description: 'Conditions of acceptance (受理条件).' })
  conditions!: string;

  @Property({ type: 'json' })
  @Field(() => [MatterMaterial])
  materials!: MaterialState[];

  @Property({ type: 'json' })
  @Field(() => [MatterFee], { description: 'Empty when the matter is free of charge (不收费).' })
  fees!: FeeState[];

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Legal time limit (法定时限) in working days.' })
  legalTimeLimitDays!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, {
    description: 'Promised time limit (承诺时限) in working days; at most the legal limit, 0 for an on-the-spot matter.',
  })
  promisedTimeLimitDays!: number;

  @Enum({ items: () => MatterKind })
  @Field(() => MatterKind)
  kind!: MatterKind;

  @Property({ type: 'text[]' })
  @Field(() => [MatterLevel], { description: 'The levels that implement the matter, highest first.' })
  levels!: MatterLevel[];

  @Property()
  @Field({
    description: 'Whether lower levels (township centres, village agency points) accept on behalf of the implementing level (代办).',
  })
  lowerLevelsAcceptOnBehalf!: boolean;

  @Property()
  @Field({ description: 'Whether an application can be made online.' })
  onlineAvailable!: boolean;

  @Enum({ items: () => MatterStatus })
  @Field(() => MatterStatus)
  status!: MatterStatus;

  /** Unigrams and bigrams of the name and legal basis, so a Chinese substring search uses the GIN index. */
  @Property({ type: 'text[]' })
  searchGrams!: string[];

  /** The normalised name and legal basis, which the LIKE that confirms a gram match reads. */
  @Property({ type: 'text' })
  searchText!: string;
}
