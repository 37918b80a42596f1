import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { Department } from './department.js';
import { Licence } from './licence.js';

/**
 * A use of a licence by a department (用证): for which matter and case, and why. Refused uses
 * (a revoked or expired licence) are kept too, so the holder sees every attempt.
 */
@Entity({ tableName: 'licence_use' })
@Index({ properties: ['licence', 'usedAt'] })
@ObjectType({ description: 'A department’s use of a licence (用证), accepted or refused.' })
export class LicenceUse {
  [OptionalProps]?: 'id' | 'usedAt' | 'refusalReason';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @ManyToOne(() => Licence)
  licence!: Rel<Licence>;

  @ManyToOne(() => Department)
  @Index()
  @Field(() => Department)
  department!: Rel<Department>;

  @Property({ length: 100 })
  // Nullable in the API: which clerk used it is internal to the using department (NOT_SHARED).
  @Field(() => String, { nullable: true, description: 'Department code and clerk or system that used it; only for the using department.' })
  usedBy!: string;

  @Property({ length: 64 })
  @Field({ description: 'The matter (事项) the licence was used for.' })
  matterCode!: string;

  @Property({ length: 64 })
  @Field({ description: 'The case (办件) number.' })
  caseNo!: string;

  @Property({ length: 200 })
  @Field({ description: 'The stated reason (申请事由).' })
  purpose!: string;

  @Property()
  @Field()
  accepted!: boolean;

  @Property({ length: 200, nullable: true })
  @Field(() => String, { nullable: true })
  refusalReason?: string | null = null;

  @Property({ type: 'timestamptz' })
  @Field()
  usedAt: Date = new Date();
}
