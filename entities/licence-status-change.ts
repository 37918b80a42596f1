import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { LicenceStatus } from './licence-status.js';
import { Licence } from './licence.js';

/** One step in a licence's life (issued, suspended, revoked …), with its reason and document. */
@Entity({ tableName: 'licence_status_change' })
@ObjectType({ description: 'A change of a licence’s status, with why and on what authority.' })
export class LicenceStatusChange {
  [OptionalProps]?: 'id' | 'changedAt' | 'fromStatus' | 'document';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @ManyToOne(() => Licence)
  @Index()
  licence!: Rel<Licence>;

  @Enum({ items: () => LicenceStatus, nullable: true })
  @Field(() => LicenceStatus, { nullable: true, description: 'Null for the issue itself.' })
  fromStatus?: LicenceStatus | null = null;

  @Enum({ items: () => LicenceStatus })
  @Field(() => LicenceStatus)
  toStatus!: LicenceStatus;

  @Property({ length: 500 })
  @Field()
  reason!: string;

  @Property({ length: 100, nullable: true })
  @Field(() => String, { nullable: true })
  document?: string | null = null;

  @Property({ length: 100 })
  // Nullable in the API: who at the issuer acted is internal to the issuer (NOT_SHARED).
  @Field(() => String, {
    nullable: true,
    description: 'Who changed it: department code and clerk or system; only for the issuing department.',
  })
  changedBy!: string;

  @Property({ type: 'timestamptz' })
  @Field()
  changedAt: Date = new Date();
}
