import { Collection, OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, OneToMany, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { RegistrationKind } from './registration-kind.js';
import { Clerk } from './clerk.js';
import { Department } from './department.js';
import { Enterprise } from './enterprise.js';
import { RegistrationReceipt } from './registration-receipt.js';

@ObjectType({ description: 'A certificate a registration stands for, and the department that receives it.' })
export class CertificateHandOver {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field()
  departmentCode!: string;
}

/**
 * One registration act at a window (设立, 变更 or 注销): who registered what, which certificates
 * it stands for, and each receiving department's receipt. The idempotency key makes a retried
 * request return this record instead of registering twice.
 */
@Entity({ tableName: 'registration' })
@Unique({ properties: ['department', 'idempotencyKey'] })
@ObjectType({ description: 'A registration act (设立, 变更, 注销) and its hand-over to the departments.' })
export class Registration {
  [OptionalProps]?: 'id' | 'registeredAt' | 'clerk' | 'idempotencyKey' | 'requestHash';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @ManyToOne(() => Enterprise)
  @Index()
  enterprise!: Rel<Enterprise>;

  @Enum({ items: () => RegistrationKind })
  @Field(() => RegistrationKind)
  kind!: RegistrationKind;

  /** The department whose window registered it (found by the unique (department, idempotency key) index). */
  @ManyToOne(() => Department)
  department!: Rel<Department>;

  @ManyToOne(() => Clerk, { nullable: true })
  @Index()
  clerk?: Rel<Clerk> | null = null;

  @Property({ length: 100, nullable: true })
  idempotencyKey?: string | null = null;

  /** SHA-256 of the request, to refuse an idempotency key reused for a different request. */
  @Property({ length: 64, nullable: true })
  requestHash?: string | null = null;

  @Property({ type: 'json' })
  @Field(() => [CertificateHandOver], { description: 'The certificates this registration stands for (多证合一).' })
  certificates!: CertificateHandOver[];

  @Property({ length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'The document the act rests on, e.g. a change approval number.' })
  document?: string | null = null;

  @Property({ type: 'timestamptz' })
  @Field()
  registeredAt: Date = new Date();

  @OneToMany(() => RegistrationReceipt, (receipt) => receipt.registration)
  receipts = new Collection<RegistrationReceipt>(this);
}
