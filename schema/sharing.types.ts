import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SharingLevel } from '../entities/sharing-level.js';
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

  @Field(() => SharingLevel, {
    description: 'Any field may be restricted; where it cannot be null, personal data shows masked and other data is an error.',
  })
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
  @Field({ description: 'ALTERED, REMOVED, INSERTED, or FORGED_CHECKPOINT (a checkpoint line whose signature is wrong).' })
  kind!: string;

  @Field({ description: 'The entry (position) where the chain shows it.' })
  seq!: string;

  @Field()
  message!: string;
}

@ObjectType({ description: 'A signed checkpoint of the access log, as read from the checkpoint file.' })
export class AccessLogCheckpointType {
  @Field({ description: 'The last entry the checkpoint signed.' })
  seq!: string;

  @Field()
  hash!: string;

  @Field({ description: 'How many entries the log held.' })
  count!: string;

  @Field({ description: 'When it was signed (ISO 8601, UTC).' })
  at!: string;
}

@ObjectType({ description: 'A checkpoint that no longer matches the log.' })
export class AccessLogCheckpointProblemType {
  @Field({
    description: 'MISSING (its entry is gone: cut from the end), MISMATCH (its entry has another hash), COUNT, or FORGED (bad signature).',
  })
  kind!: string;

  @Field(() => Int, { description: 'Line of the checkpoint file.' })
  line!: number;

  @Field({ description: 'The entry the checkpoint names.' })
  seq!: string;

  @Field({ description: 'When the checkpoint was signed.' })
  at!: string;

  @Field()
  message!: string;
}

@ObjectType({ description: 'What comparing the access log with its signed checkpoints (kept outside the database) found.' })
export class AccessLogCheckpointCheckType {
  @Field({ description: 'The checkpoint file read.' })
  file!: string;

  @Field(() => Int, { description: "Checkpoints of this log, under this hub's key, in the file." })
  found!: number;

  @Field(() => Int, { description: 'Of those, the ones inside the range, compared with the log.' })
  checked!: number;

  @Field(() => Int, { description: 'Lines of other databases, not judged.' })
  foreign!: number;

  @Field(() => Int, { description: "Checkpoints of this log signed with another key than this hub's, not judged." })
  otherKey!: number;

  @Field(() => Int, { description: 'Lines that are no checkpoint (e.g. cut short by a crash).' })
  unreadable!: number;

  @Field(() => AccessLogCheckpointType, {
    nullable: true,
    description: 'The checked checkpoint naming the latest entry; entries after it are not anchored yet.',
  })
  latest!: AccessLogCheckpointType | null;

  @Field(() => AccessLogCheckpointProblemType, { nullable: true, description: 'The first checkpoint that does not match, in file order.' })
  problem!: AccessLogCheckpointProblemType | null;
}

@ObjectType({ description: 'The result of checking the keyed chain of the access log and its checkpoints.' })
export class AccessLogVerificationType {
  @Field()
  valid!: boolean;

  @Field(() => Int)
  checked!: number;

  @Field(() => String, { nullable: true, description: 'Keep with lastHash as the anchor of a later verification.' })
  lastSeq!: string | null;

  @Field(() => String, { nullable: true })
  lastHash!: string | null;

  @Field(() => Int, { description: 'Of the entries checked, those written before the log was keyed (format 1).' })
  legacyEntries!: number;

  @Field(() => AccessLogProblemType, {
    nullable: true,
    description: "The first problem: the chain's in log order, else the first checkpoint that does not match.",
  })
  problem!: AccessLogProblemType | null;

  @Field(() => AccessLogCheckpointCheckType, { nullable: true, description: 'The comparison with the signed checkpoints.' })
  checkpoints!: AccessLogCheckpointCheckType | null;
}

export const SharingPolicyConnection = ConnectionType('SharingPolicy', SharingPolicy);
export const SharingGrantConnection = ConnectionType('SharingGrant', SharingGrant);
export const AccessLogEntryConnection = ConnectionType('AccessLogEntry', AccessLogEntry);
