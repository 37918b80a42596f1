import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { HolderCodeType } from '../entities/holder-code-type.js';
import { LicenceStatus } from '../entities/licence-status.js';
import { VerificationOutcome } from '../domain/licence/verify-licence.js';
import { Licence } from '../entities/licence.js';
import { LicenceUse } from '../entities/licence-use.js';
import { ConnectionType } from './connection.js';

registerEnumType(VerificationOutcome, { name: 'VerificationOutcome', description: 'Why a licence verifies or does not.' });

@InputType({ description: 'A licence to issue; its type decides the issuer, holders, default validity and fields.' })
export class IssueLicenceInput {
  @Field({ description: 'e.g. CONSTRUCTION_PERMIT (see licenceTypes).' })
  licenceTypeCode!: string;

  @Field({ description: 'USCC of an enterprise or resident ID number of a citizen, check character verified.' })
  holderCode!: string;

  @Field()
  holderName!: string;

  @Field(() => String, { nullable: true, description: 'The licence number; a new serial when omitted.' })
  number?: string | null;

  @Field(() => String, { nullable: true, description: 'First valid day YYYY-MM-DD; today when omitted.' })
  validFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Last valid day; the type’s default validity when omitted.' })
  validTo?: string | null;

  @Field(() => String, { nullable: true, description: 'The matter (事项) it is issued under.' })
  matterCode?: string | null;

  @Field(() => GraphQLJSONObject, { description: 'The type’s own fields, checked against its JSON Schema.' })
  fields!: Record<string, unknown>;
}

@InputType({ description: 'A renewal (换证): a new version; omitted parts are kept or take the type’s default validity.' })
export class RenewLicenceInput {
  @Field(() => String, { nullable: true })
  validFrom?: string | null;

  @Field(() => String, { nullable: true })
  validTo?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  fields?: Record<string, unknown> | null;

  @Field()
  reason!: string;
}

@InputType({ description: 'Which licences to list; every condition given must hold.' })
export class LicenceFilter {
  @Field(() => String, { nullable: true })
  holderCode?: string | null;

  @Field(() => String, { nullable: true })
  licenceTypeCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Department code of the issuer.' })
  issuerCode?: string | null;

  @Field(() => LicenceStatus, { nullable: true, description: 'Status as of today (a valid licence past its last day is EXPIRED).' })
  status?: LicenceStatus | null;

  @Field(() => Int, { nullable: true, description: 'Valid licences whose last day falls within this many days.' })
  expiringWithinDays?: number | null;
}

@InputType({ description: 'A new licence type (admin).' })
export class CreateLicenceTypeInput {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field({ description: 'GB/T 36904 type code: the defining ministry’s USCC and 3 digits.' })
  typeCode!: string;

  @Field({ description: 'Department code of the issuer.' })
  issuerCode!: string;

  @Field(() => [HolderCodeType])
  holderCodeTypes!: HolderCodeType[];

  @Field(() => Int, { nullable: true })
  defaultValidityMonths?: number | null;

  @Field(() => GraphQLJSONObject)
  fieldsSchema!: Record<string, unknown>;

  @Field(() => [String], { nullable: true })
  publicFields?: string[] | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Source status codes → LicenceStatus names.' })
  sourceStatusCodes?: Record<string, string> | null;

  @Field(() => [String], { nullable: true })
  subscriberDepartmentCodes?: string[] | null;
}

@ObjectType({ description: 'What anyone holding the identifier may see of a licence.' })
export class PublicLicence {
  @Field() identifier!: string;
  @Field() name!: string;
  @Field() number!: string;
  @Field() holderName!: string;
  @Field({ description: 'A citizen’s ID number is masked.' }) holderCode!: string;
  @Field() issuerName!: string;
  @Field() validFrom!: string;
  @Field(() => String, { nullable: true }) validTo!: string | null;
  @Field(() => LicenceStatus) status!: LicenceStatus;
  @Field(() => String, { nullable: true }) supersededBy!: string | null;
  @Field(() => GraphQLJSONObject, { description: 'The fields its type makes public.' }) publicFields!: Record<string, unknown>;
}

@ObjectType({ description: 'The answer of verifyLicence, as of checkedAt.' })
export class LicenceVerificationResult {
  @Field() identifier!: string;
  @Field() valid!: boolean;
  @Field(() => VerificationOutcome) outcome!: VerificationOutcome;
  @Field() message!: string;
  @Field() checkedAt!: Date;
  @Field(() => PublicLicence, { nullable: true }) licence!: PublicLicence | null;
}

@ObjectType({ description: 'A licence as a signed document: verifiable offline with the hub’s public keys.' })
export class SignedLicence {
  @Field(() => GraphQLJSONObject, { description: 'Flattened JWS JSON serialisation { protected, payload, signature } (EdDSA).' })
  json!: Record<string, unknown>;

  @Field({ description: 'Compact JWS: the QR-code payload.' })
  compact!: string;

  @Field({ description: 'Where the public keys are (JWKS).' })
  jwksPath!: string;
}

@ObjectType()
export class LicenceTypeCount {
  @Field() licenceTypeCode!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Licences issued on one day (Asia/Shanghai).' })
export class LicenceCountsType {
  @Field() date!: string;
  @Field(() => Int) issued!: number;
  @Field(() => [LicenceTypeCount]) issuedByType!: LicenceTypeCount[];
}

export const LicenceConnection = ConnectionType('Licence', Licence);
export const LicenceUseConnection = ConnectionType('LicenceUse', LicenceUse);
