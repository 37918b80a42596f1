import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { CaseStatus } from './case-status.js';
import { ServiceCase } from './case.js';

/** One step of a case's life (accepted, started, suspended, resumed, decided, withdrawn): append-only. */
@Entity({ tableName: 'case_status_change' })
@Index({ properties: ['serviceCase', 'changedAt'] })
@ObjectType('CaseStatusChange', { description: 'A step in the status history of a case.' })
export class CaseStatusChange {
  [OptionalProps]?: 'id' | 'recordedAt';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @ManyToOne(() => ServiceCase)
  serviceCase!: Rel<ServiceCase>;

  @Enum({ items: () => CaseStatus, nullable: true })
  @Field(() => CaseStatus, { nullable: true, description: 'Null for the first step (the case was accepted).' })
  fromStatus?: CaseStatus | null;

  @Enum({ items: () => CaseStatus })
  @Field(() => CaseStatus)
  toStatus!: CaseStatus;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Why: what is to be corrected (补正), why refused or withdrawn.' })
  reason?: string | null;

  @Property({ type: 'timestamptz' })
  @Field({ description: 'When it happened, as the department system reports it.' })
  changedAt!: Date;

  @Property({ length: 100 })
  // Nullable in the API: who at the department acted is internal to it (NOT_SHARED).
  @Field(() => String, {
    nullable: true,
    description: 'Who reported it: the clerk, or the department system; only for the department of the case.',
  })
  changedBy!: string;

  @Property({ type: 'timestamptz' })
  @Field({ description: 'When the hub recorded it.' })
  recordedAt: Date = new Date();
}
