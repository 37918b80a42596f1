import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';
import { LicenceStatus } from '../domain/licence/licence-status.js';
import { Department } from './department.js';
import { Enterprise } from './enterprise.js';

/**
 * A licence issued to a holder: the business licence that registration issues, and (with the
 * e-licence work) every other licence type. Validity dates are calendar dates in Asia/Shanghai;
 * a null `validTo` is 长期 (no end).
 */
@Entity({ tableName: 'licence' })
@Unique({ properties: ['licenceTypeCode', 'number'] })
@ObjectType({ description: 'A licence (证照) issued to an enterprise or a person.' })
export class Licence {
  [OptionalProps]?: 'id' | 'status' | 'issuedAt' | 'validTo' | 'enterprise';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @Property({ length: 64 })
  @Field({ description: 'The licence type, e.g. BUSINESS_LICENCE.' })
  licenceTypeCode!: string;

  @Property({ length: 50 })
  @Field({ description: 'The licence name, e.g. 营业执照.' })
  name!: string;

  @Property({ length: 64 })
  @Field({ description: 'The licence number; for a business licence, the USCC.' })
  number!: string;

  @Property({ length: 18 })
  @Index()
  @Field({ description: 'The holder: USCC of an enterprise, or resident ID number of a person.' })
  holderCode!: string;

  @Property({ length: 100 })
  @Field()
  holderName!: string;

  @ManyToOne(() => Enterprise, { nullable: true })
  @Index()
  enterprise?: Rel<Enterprise> | null = null;

  @ManyToOne(() => Department)
  @Index()
  @Field(() => Department, { description: 'The issuing department (颁发机构).' })
  issuer!: Rel<Department>;

  @Property({ type: 'timestamptz' })
  @Field()
  issuedAt: Date = new Date();

  @Property({ type: 'date' })
  @Field()
  validFrom!: string;

  @Property({ type: 'date', nullable: true })
  @Field(() => String, { nullable: true, description: 'Last valid day; null means 长期 (no end).' })
  validTo?: string | null = null;

  @Enum({ items: () => LicenceStatus })
  @Field(() => LicenceStatus)
  status: LicenceStatus = LicenceStatus.VALID;

  @Property({ type: 'json' })
  fields!: Record<string, unknown>;
}
