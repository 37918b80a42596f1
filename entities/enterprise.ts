import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { EnterpriseKind } from './enterprise-kind.js';
import { EnterpriseStatus } from './enterprise-status.js';
import { Department } from './department.js';

/**
 * A market entity (市场主体) registered once at the window and read by every department by its
 * unified social credit code. Names are unique among the active entities of one registering
 * authority (a partial unique index, so a deregistered name can be used again).
 */
@Entity({ tableName: 'enterprise' })
@Unique({
  name: 'enterprise_active_name_unique',
  expression: `create unique index "enterprise_active_name_unique" on "enterprise" ("registering_authority_id", "name") where "status" = 'ACTIVE'`,
})
@Index({ name: 'enterprise_name_grams_index', properties: ['nameGrams'], type: 'gin' })
@Index({ properties: ['kind', 'status'] })
@Index({ properties: ['divisionCode'] })
@Index({ properties: ['establishedOn'] })
@ObjectType({ description: 'A market entity (市场主体): enterprise, co-operative or individual business.' })
export class Enterprise {
  [OptionalProps]?: 'id' | 'createdAt' | 'updatedAt' | 'version' | 'status' | 'deregisteredAt' | 'parentUscc';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @Property({ length: 18 })
  @Unique()
  @Field({ description: 'Unified social credit code (统一社会信用代码).' })
  uscc!: string;

  @Property({ length: 100 })
  @Field()
  name!: string;

  /**
   * Unigrams and bigrams of the name, so a substring search of a Chinese name uses a GIN index.
   * Lazy: searched in SQL, never read back, so no query selects (and parses) the array.
   */
  @Property({ type: 'text[]', lazy: true })
  nameGrams!: string[];

  /** The name folded as the grams are (width, case, spaces), for the LIKE that confirms a gram match. */
  @Property({ length: 100, lazy: true })
  searchName!: string;

  @Enum({ items: () => EnterpriseKind })
  @Field(() => EnterpriseKind)
  kind!: EnterpriseKind;

  @Property({ length: 50 })
  @Field({ description: 'Legal representative (法定代表人), or operator of an individual business.' })
  legalRepresentative!: string;

  /**
   * The legal representative's resident ID number: conditional data under the sharing policy, so
   * nullable in the API (a department without a grant gets null and a FORBIDDEN error for it).
   */
  @Property({ length: 18, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: "The legal representative's resident ID number (conditional: needs a grant and X-Purpose).",
  })
  legalRepresentativeIdNumber?: string | null;

  @Property({ type: 'decimal', precision: 20, scale: 6 })
  @Field({ description: 'Registered capital in 万元, exact (up to 6 decimals, i.e. 0.01 元).' })
  registeredCapitalWanYuan!: string;

  @Property({ length: 200 })
  @Field()
  address!: string;

  @Property({ length: 6 })
  @Field({ description: 'GB/T 2260 division code of the address.' })
  divisionCode!: string;

  @Property({ length: 5 })
  @Field({ description: 'GB/T 4754 industry code, e.g. I6510 or C.' })
  industryCode!: string;

  @Property({ type: 'text' })
  @Field()
  businessScope!: string;

  @Property({ type: 'date' })
  @Field({ description: 'Date of establishment (成立日期), YYYY-MM-DD.' })
  establishedOn!: string;

  /** A branch's parent company, which may be registered in any province, so a code and not a link. */
  @Property({ length: 18, nullable: true })
  @Field(() => String, { nullable: true, description: "A branch's parent company (USCC)." })
  parentUscc?: string | null = null;

  @ManyToOne(() => Department)
  @Index()
  registeringAuthority!: Rel<Department>;

  @Enum({ items: () => EnterpriseStatus })
  @Field(() => EnterpriseStatus)
  status: EnterpriseStatus = EnterpriseStatus.ACTIVE;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  deregisteredAt?: Date | null = null;

  /** Optimistic lock: a change names the version it was made against. */
  @Property({ version: true })
  @Field(() => Int, { description: 'Increases with every change; pass it back to changeEnterprise.' })
  version!: number;

  @Property({ type: 'timestamptz' })
  @Field()
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  @Field()
  updatedAt: Date = new Date();
}
