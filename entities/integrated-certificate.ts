import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { EnterpriseKind } from './enterprise-kind.js';
import { Department } from './department.js';

/**
 * A certificate the business licence replaces (三证合一 → 五证合一 → 多证合一), and the department
 * that must still receive the registration in its own system. The list grew by decree and differs
 * by province, so it is data with effective dates, not schema.
 */
@Entity({ tableName: 'integrated_certificate' })
@ObjectType({ description: 'A certificate integrated into the business licence (多证合一), and who receives it.' })
export class IntegratedCertificate {
  [OptionalProps]?: 'id' | 'effectiveTo';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @Property({ length: 64 })
  @Field({ description: 'Stable code, e.g. TAX_REGISTRATION.' })
  code!: string;

  @Property({ length: 50 })
  @Field({ description: 'e.g. 税务登记证' })
  name!: string;

  @ManyToOne(() => Department)
  @Index()
  @Field(() => Department, { description: 'The department responsible for it, which receives every registration.' })
  department!: Rel<Department>;

  @Enum({ items: () => EnterpriseKind, array: true })
  @Field(() => [EnterpriseKind], { description: 'The kinds of entity whose licence integrates it.' })
  kinds!: EnterpriseKind[];

  @Property({ type: 'date' })
  @Field()
  effectiveFrom!: string;

  @Property({ type: 'date', nullable: true })
  @Field(() => String, { nullable: true })
  effectiveTo?: string | null = null;

  @Property({ length: 100 })
  @Field({ description: 'The document that integrated it, e.g. 国办发〔2015〕50号.' })
  basis!: string;
}
