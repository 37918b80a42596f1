import { Field, InputType } from 'type-graphql';
import { EnterpriseKind } from '../entities/enterprise-kind.js';
import { EnterpriseStatus } from '../entities/enterprise-status.js';

@InputType({ description: 'The facts a registration clerk enters once (设立登记).' })
export class RegisterEnterpriseInput {
  @Field({ description: 'Registered name, 1–100 characters, unique among active entities of the authority.' })
  name!: string;

  @Field(() => EnterpriseKind)
  kind!: EnterpriseKind;

  @Field({ description: 'Legal representative (法定代表人), or the operator of an individual business.' })
  legalRepresentative!: string;

  @Field(() => String, { nullable: true, description: 'Resident ID number (GB 11643) of the legal representative.' })
  legalRepresentativeIdNumber?: string | null;

  @Field({ description: 'Registered capital in 万元 as a decimal string, at most 6 decimals (0.01 元), e.g. "50.5".' })
  registeredCapitalWanYuan!: string;

  @Field()
  address!: string;

  @Field({ description: 'GB/T 2260 code of the current division of the address.' })
  divisionCode!: string;

  @Field({ description: 'GB/T 4754 industry code, e.g. F5211.' })
  industryCode!: string;

  @Field()
  businessScope!: string;

  @Field(() => String, { nullable: true, description: 'Date of establishment YYYY-MM-DD; today (Asia/Shanghai) when omitted.' })
  establishedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'For a BRANCH only, and required for it: the USCC of its company.' })
  parentUscc?: string | null;
}

@InputType({ description: 'The facts a change registration (变更) changes; omitted fields stay as they are.' })
export class EnterpriseChangesInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  legalRepresentative?: string | null;

  @Field(() => String, { nullable: true })
  legalRepresentativeIdNumber?: string | null;

  @Field(() => String, { nullable: true, description: '万元, at most 6 decimals.' })
  registeredCapitalWanYuan?: string | null;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => String, { nullable: true })
  divisionCode?: string | null;

  @Field(() => String, { nullable: true })
  industryCode?: string | null;

  @Field(() => String, { nullable: true })
  businessScope?: string | null;
}

@InputType({ description: 'Which market entities to list; every condition given must hold.' })
export class EnterpriseFilter {
  @Field(() => EnterpriseKind, { nullable: true })
  kind?: EnterpriseKind | null;

  @Field(() => EnterpriseStatus, { nullable: true })
  status?: EnterpriseStatus | null;

  @Field(() => String, {
    nullable: true,
    description: 'GB/T 2260 division; a province or city code (e.g. 510000, 510800) includes everything within it.',
  })
  divisionCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Established on or after this date (YYYY-MM-DD).' })
  establishedFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Established on or before this date (YYYY-MM-DD).' })
  establishedTo?: string | null;

  @Field(() => String, { nullable: true, description: 'A part of the name, e.g. 昭化 or 农业; served by an index.' })
  nameContains?: string | null;
}
