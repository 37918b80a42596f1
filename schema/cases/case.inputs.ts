import { AcceptanceCounting } from '../../entities/acceptance-counting.js';
import { Field, InputType } from 'type-graphql';
import { CalendarDayKind } from '../../entities/calendar-day-kind.js';
import { CaseChannel } from '../../entities/case-channel.js';
import { CaseStatus } from '../../entities/case-status.js';
import './case-enums.js';

@InputType({ description: 'A case as the accepting window or system records it (受理).' })
export class AcceptCaseInput {
  @Field({ description: 'Case number (办件编号), unique: letters, digits, dots, dashes, underscores.' })
  caseNo!: string;

  @Field({ description: "Catalog code of a matter of the reporting department's, in force on the day of acceptance." })
  matterCode!: string;

  @Field({ description: 'USCC of an organisation or resident ID number of a citizen.' })
  applicantCode!: string;

  @Field()
  applicantName!: string;

  @Field(() => CaseChannel)
  channel!: CaseChannel;

  @Field(() => String, { nullable: true, description: "GB/T 2260 code of where it was accepted; the department's division when absent." })
  divisionCode?: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was accepted; now when absent. Not in the future.' })
  acceptedAt?: Date | null;

  @Field(() => [String], { nullable: true, description: '容缺受理: materials accepted as missing.' })
  missingMaterials?: string[] | null;

  @Field(() => String, { nullable: true, description: 'The date the missing materials are due; required with them.' })
  missingMaterialsDueOn?: string | null;
}

@InputType({ description: 'One step of a case: started, suspended, resumed, completed, refused, withdrawn.' })
export class CaseStepInput {
  @Field()
  caseNo!: string;

  @Field(() => Date, { nullable: true, description: 'When it happened; now when absent. Not before the previous step, not in the future.' })
  at?: Date | null;

  @Field(() => String, { nullable: true, description: 'Required to suspend (what is to be corrected), refuse or withdraw.' })
  reason?: string | null;
}

@InputType()
export class CasesFilter {
  @Field(() => String, { nullable: true, description: "A department's own systems and clerks see their own cases only." })
  departmentCode?: string | null;

  @Field(() => String, { nullable: true })
  divisionCode?: string | null;

  @Field(() => String, { nullable: true })
  matterCode?: string | null;

  @Field(() => CaseChannel, { nullable: true })
  channel?: CaseChannel | null;

  @Field(() => [CaseStatus], { nullable: true })
  statuses?: CaseStatus[] | null;

  @Field(() => String, { nullable: true })
  acceptedFrom?: string | null;

  @Field(() => String, { nullable: true })
  acceptedTo?: string | null;

  @Field(() => String, { nullable: true, description: 'Cases whose due date is before this day.' })
  dueBefore?: string | null;
}

@InputType()
export class CaseStatsFilter {
  @Field({ description: 'First day, YYYY-MM-DD: acceptances count by acceptance date, decisions by decision date.' })
  from!: string;

  @Field({ description: 'Last day, inclusive.' })
  to!: string;

  @Field(() => String, {
    nullable: true,
    description: "A department's own systems and clerks may ask for their own department only (and get it when absent).",
  })
  departmentCode?: string | null;

  @Field(() => String, { nullable: true, description: 'A county, or a city or province and everything under it.' })
  divisionCode?: string | null;

  @Field(() => String, { nullable: true })
  matterCode?: string | null;

  @Field(() => CaseChannel, { nullable: true })
  channel?: CaseChannel | null;
}

@InputType({ description: 'A holiday on a weekday, or a weekend day worked (调休).' })
export class CalendarDayInput {
  @Field({ description: 'YYYY-MM-DD; a day can be entered once.' })
  date!: string;

  @Field(() => CalendarDayKind)
  kind!: CalendarDayKind;

  @Field({ description: 'e.g. 春节, 国庆节调休.' })
  name!: string;
}

@InputType({ description: "The centre's rule for the day an acceptance counts on." })
export class AcceptanceRuleInput {
  @Field(() => AcceptanceCounting)
  counting!: AcceptanceCounting;

  @Field(() => String, {
    nullable: true,
    description: 'HH:MM in China, required with NEXT_WORKING_DAY_AFTER_CLOSING and refused otherwise.',
  })
  closesAt?: string | null;
}
