import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SharingLevel } from '../domain/sharing/sharing-level.js';
import { AccessLogEntry } from '../entities/access-log-entry.js';
import { SharingGrant } from '../entities/sharing-grant.js';
import { SharingPolicy } from '../entities/sharing-policy.js';
import { ConnectionType } from './connection.js';

registerEnumType(SharingLevel, {
  name: 'SharingLevel',
  description: 'Sharing level of a field (政务信息资源共享): 无条件共享, 有条件共享, 不予共享.',
});

@InputType({ description: 'The owner and level of one field of the API.' })
export class SetFieldSharingInput {
  @Field({ description: 'A GraphQL object type, e.g. Enterprise.' })
  typeName!: string;

  @Field({ description: 'One of its fields, e.g. legalRepresentativeIdNumber.' })
  fieldName!: string;

  @Field(() => SharingLevel, { description: 'Any field may be restricted; where it cannot be null, personal data shows masked and other data is an error.' })
  level!: SharingLevel;

  @Field({ description: 'The department that owns (alone writes) the field.' })
  ownerDepartmentCode!: string;
}

@InputType({ description: 'A grant of conditional fields of one type to a department, for stated purposes.' })
export class GrantSharingInput {
  @Field()
  departmentCode!: string;

  @Field()
  typeName!: string;

  @Field(() => [String])
  fieldNames!: string[];

  @Field(() => [String], { description: 'Purposes a request may state in X-Purpose to use the grant (exact match).' })
  purposes!: string[];

  @Field({ description: 'When the grant stops applying; in the future, at most five years ahead.' })
  expiresAt!: Date;
}

@InputType({ description: 'An entry verified before (lastSeq, lastHash of an earlier verification), kept outside the database.' })
export class AccessLogAnchorInput {
  @Field()
  seq!: string;

  @Field()
  hash!: string;
}

@ObjectType({ description: 'Where the access log chain breaks.' })
export class AccessLogProblemType {
  @Field({ description: 'ALTERED, REMOVED or INSERTED.' })
  kind!: string;

  @Field({ description: 'The entry (position) where the chain shows it.' })
  seq!: string;

  @Field()
  message!: string;
}

@ObjectType({ description: 'The result of checking the hash chain of the access log.' })
export class AccessLogVerificationType {
  @Field()
  valid!: boolean;

  @Field(() => Int)
  checked!: number;

  @Field(() => String, { nullable: true, description: 'Keep with lastHash as the anchor of a later verification.' })
  lastSeq!: string | null;

  @Field(() => String, { nullable: true })
  lastHash!: string | null;

  @Field(() => AccessLogProblemType, { nullable: true, description: 'The first problem, in log order.' })
  problem!: AccessLogProblemType | null;
}

export const SharingPolicyConnection = ConnectionType('SharingPolicy', SharingPolicy);
export const SharingGrantConnection = ConnectionType('SharingGrant', SharingGrant);
export const AccessLogEntryConnection = ConnectionType('AccessLogEntry', AccessLogEntry);
