import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { HolderCodeType } from './holder-code-type.js';
import { LicenceStatus } from './licence-status.js';
import { Department } from './department.js';
import { Enterprise } from './enterprise.js';

/**
 * An e-licence (电子证照) with the metadata of GB/T 36903, identified by its GB/T 36904
 * identifier and signed by the hub when issued. Validity dates are calendar dates in
 * Asia/Shanghai; a null `validTo` is 长期 (no end). A renewal is a new row with the next version,
 * so every identifier ever issued still verifies (as superseded).
 */
@Entity({ tableName: 'licence' })
@Index({ properties: ['licenceTypeCode', 'number'] })
@Index({ properties: ['status', 'validTo'] })
@ObjectType({ description: 'An e-licence (电子证照) issued to an enterprise or a citizen.' })
export class Licence {
  [OptionalProps]?: 'id' | 'status' | 'issuedAt' | 'validTo' | 'enterprise' | 'licenceVersion' | 'matterCode' | 'supersededBy';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @Property({ length: 128 })
  @Unique()
  @Field({ description: 'GB/T 36904 identifier (证照标识), with its ISO 7064 MOD 37,36 check character.' })
  identifier!: string;

  @Property({ length: 64 })
  @Field({ description: 'The licence type, e.g. BUSINESS_LICENCE.' })
  licenceTypeCode!: string;

  @Property({ length: 50 })
  @Field({ description: 'The licence name, e.g. 营业执照.' })
  name!: string;

  @Property({ length: 64 })
  @Field({ description: 'The licence number (证照编号); for a business licence, the USCC.' })
  number!: string;

  /** The serial part of the identifier, kept across renewals. */
  @Property({ length: 64 })
  serial!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Version in the identifier: 1 when issued, +1 with each renewal.' })
  licenceVersion: number = 1;

  @Property({ length: 18 })
  @Index()
  @Field({ description: 'The holder: USCC of an enterprise, or resident ID number of a citizen.' })
  holderCode!: string;

  @Enum({ items: () => HolderCodeType })
  @Field(() => HolderCodeType)
  holderCodeType!: HolderCodeType;

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
  @Field({ description: 'First valid day, YYYY-MM-DD.' })
  validFrom!: string;

  @Property({ type: 'date', nullable: true })
  @Field(() => String, { nullable: true, description: 'Last valid day; null means 长期 (no end).' })
  validTo?: string | null = null;

  /** As recorded; `status` in the API is the status at the instant of the query (expiry included). */
  @Enum({ items: () => LicenceStatus })
  status: LicenceStatus = LicenceStatus.VALID;

  @Property({ length: 64, nullable: true })
  @Field(() => String, { nullable: true, description: 'The matter (事项) it was issued under.' })
  matterCode?: string | null = null;

  @Property({ type: 'json' })
  @Field(() => GraphQLJSONObject, { description: 'The type’s own fields, valid against its schema.' })
  fields!: Record<string, unknown>;

  /** Ed25519 over the canonical signed document; `signingKeyId` names the key in the JWKS. */
  @Property({ type: 'text' })
  signature!: string;

  @Property({ length: 64 })
  signingKeyId!: string;

  @Property({ length: 128, nullable: true })
  @Field(() => String, { nullable: true, description: 'The identifier of the renewal that replaced it.' })
  supersededBy?: string | null = null;
}
