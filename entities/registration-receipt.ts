import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { ReceiptStatus } from './receipt-status.js';
import { Department } from './department.js';
import { Registration } from './registration.js';

/** Whether one receiving department has the registration in its own system yet. */
@Entity({ tableName: 'registration_receipt' })
@Unique({ properties: ['registration', 'department'] })
@ObjectType({ description: "A receiving department's receipt of a registration." })
export class RegistrationReceipt {
  [OptionalProps]?: 'id' | 'status' | 'updatedAt' | 'lastError' | 'nextAttemptAt';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  /** Found by the unique (registration, department) index, which leads with it. */
  @ManyToOne(() => Registration)
  registration!: Rel<Registration>;

  @ManyToOne(() => Department)
  @Index()
  @Field(() => Department)
  department!: Rel<Department>;

  @Property({ type: 'json' })
  @Field(() => [String], { description: 'Codes of the certificates this department is responsible for.' })
  certificateCodes!: string[];

  @Enum({ items: () => ReceiptStatus })
  @Field(() => ReceiptStatus)
  status: ReceiptStatus = ReceiptStatus.PENDING;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  lastError?: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'While RETRYING: when the department system is tried next.' })
  nextAttemptAt?: Date | null = null;

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  @Field()
  updatedAt: Date = new Date();
}
