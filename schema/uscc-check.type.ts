import { Field, ObjectType } from 'type-graphql';
import { DivisionType } from './division.type.js';

@ObjectType({ description: 'A coded value with its meaning in Chinese and English.' })
export class CodedValue {
  @Field()
  code!: string;

  @Field(() => String, { nullable: true })
  zh!: string | null;

  @Field(() => String, { nullable: true })
  en!: string | null;
}

@ObjectType({ description: 'The parts of a USCC (GB 32100-2015).' })
export class UsccPartsType {
  @Field(() => CodedValue, { description: 'Position 1: registration authority (登记管理部门).' })
  authority!: CodedValue;

  @Field(() => CodedValue, { description: 'Position 2: organisation type (机构类别).' })
  organisationType!: CodedValue;

  @Field({ description: 'Positions 3–8: GB/T 2260 division of the registration authority.' })
  divisionCode!: string;

  @Field(() => String, { nullable: true })
  divisionName!: string | null;

  @Field(() => DivisionType, {
    nullable: true,
    description:
      'The division code as GB/T 2260 lists it: current, or former and what replaced it; null when no revision since 1980 lists it (or 100000, the central level).',
  })
  division!: DivisionType | null;

  @Field({ description: 'Positions 9–17: the organisation code (GB 11714), its check character last.' })
  organisationCode!: string;

  @Field({ description: 'Position 18.' })
  checkCharacter!: string;
}

@ObjectType({ description: 'A rule a code breaks, and how.' })
export class UsccFailureType {
  @Field({ description: 'LENGTH, CHARACTER, AUTHORITY, ORGANISATION_TYPE, DIVISION, ORGANISATION_CODE_CHECK or USCC_CHECK.' })
  rule!: string;

  @Field()
  message!: string;
}

@ObjectType({ description: 'Whether a unified social credit code is valid, its parts, and why not.' })
export class UsccCheck {
  @Field()
  code!: string;

  @Field()
  valid!: boolean;

  @Field(() => UsccPartsType, { nullable: true, description: 'Present once the code has 18 characters of the USCC alphabet.' })
  parts?: UsccPartsType | null;

  @Field(() => [UsccFailureType])
  failures!: UsccFailureType[];

  @Field({ description: 'Valid only because it is a published code known to break a check rule.' })
  acceptedAsKnownException!: boolean;
}
