import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { uuidv7 } from '../support/uuid-v7.js';
import { CaseChannel } from './case-channel.js';
import { CaseStatus } from './case-status.js';
import { HolderCodeType } from './holder-code-type.js';
import { Department } from './department.js';
import { MatterVersion } from './matter-version.js';

/**
 * A case (办件): one application for one matter, from acceptance (受理) to a decision (办结) or
 * withdrawal. The time limits are copied from the matter's version in force on the day of
 * acceptance, and the due date is fixed then on the working-day calendar, as the acceptance
 * notice (受理通知书) promises it to the applicant; suspension for correction (补正) moves it.
 *
 * The table is `service_case` because CASE is an SQL keyword.
 */
@Entity({ tableName: 'service_case' })
@Index({ properties: ['acceptedOn', 'department'] })
@Index({ properties: ['completedOn', 'department'] })
@Index({ properties: ['department', 'acceptedAt', 'id'] })
@Index({ properties: ['status', 'dueOn'] })
@Index({ properties: ['matterCode'] })
@Index({ properties: ['divisionCode'] })
@Check({ name: 'service_case_completed_after_accepted', expression: 'completed_at is null or completed_at >= accepted_at' })
@ObjectType('Case', { description: 'A case (办件): an application for a matter, from acceptance to a decision.' })
export class ServiceCase {
  [OptionalProps]?: 'id' | 'createdAt' | 'updatedAt' | 'version' | 'status' | 'suspensions' | 'missingMaterials' | 'dueOnEstimated';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = uuidv7();

  @Property({ length: 64 })
  @Unique()
  @Field({ description: 'Case number (办件编号) given by the accepting system.' })
  caseNo!: string;

  @Property({ length: 64 })
  @Field({ description: 'Catalog code of the matter (事项编码).' })
  matterCode!: string;

  /** The matter as it stood on the day of acceptance. */
  @ManyToOne(() => MatterVersion)
  @Index()
  matterVersion!: Rel<MatterVersion>;

  /** The department that implements the matter and decides the case. */
  @ManyToOne(() => Department)
  department!: Rel<Department>;

  @Property({ length: 18 })
  @Field({ description: "The applicant's USCC (an organisation) or resident ID number (a citizen)." })
  applicantCode!: string;

  @Enum({ items: () => HolderCodeType })
  @Field(() => HolderCodeType)
  applicantCodeType!: HolderCodeType;

  @Property({ length: 200 })
  @Field()
  applicantName!: string;

  @Enum({ items: () => CaseChannel })
  @Field(() => CaseChannel)
  channel!: CaseChannel;

  @Property({ length: 6 })
  @Field({ description: 'GB/T 2260 code of where it was accepted: the district, or a township for its centre and villages.' })
  divisionCode!: string;

  @Property({ type: 'timestamptz' })
  @Field()
  acceptedAt!: Date;

  /** The acceptance date in China, kept so counts by day group on an index. */
  @Property({ type: 'date' })
  @Field({ description: 'Acceptance date in China, YYYY-MM-DD; the clock starts the next working day.' })
  acceptedOn!: string;

  /**
   * The day the acceptance counts on under the centre's rule (see acceptance-counting.ts): the
   * acceptance date, or the next working day for one after the closing hour or on a holiday. Kept,
   * so a later change of the rule does not move a promised date.
   */
  @Property({ type: 'date' })
  @Field({
    description:
      'The day the acceptance counts on: acceptedOn, or the next working day when the centre counts acceptances after its closing hour or on a non-working day that way. The clock starts the working day after it.',
  })
  countsFrom!: string;

  @Enum({ items: () => CaseStatus })
  @Field(() => CaseStatus)
  status: CaseStatus = CaseStatus.ACCEPTED;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Legal time limit (法定时限) in working days, from the matter on the day of acceptance.' })
  legalLimitDays!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Promised time limit (承诺时限) in working days; 0 for an on-the-spot matter (即办件).' })
  promisedLimitDays!: number;

  @Property({ type: 'date' })
  @Field({ description: 'Due date of the promised limit on the working-day calendar, moved by suspensions.' })
  dueOn!: string;

  @Property({ type: 'date' })
  @Field({ description: 'Due date of the legal limit, moved by suspensions.' })
  legalDueOn!: string;

  /** Set when the due dates run through a year the calendar has no holidays for. */
  @Property({ type: 'boolean', default: false })
  @Field({
    description:
      'True when the due dates run through a year the working-day calendar has no holiday data for: counted Monday–Friday, an estimate until that year is entered.',
  })
  dueOnEstimated: boolean = false;

  /** Periods the clock was stopped for correction (补正); the last has `to` null while suspended. */
  @Property({ type: 'json' })
  suspensions: Array<{ from: string; to: string | null }> = [];

  @Property({ type: 'text[]' })
  @Field(() => [String], { description: 'Materials accepted as missing (容缺受理), to be handed in by `missingMaterialsDueOn`.' })
  missingMaterials: string[] = [];

  @Property({ type: 'date', nullable: true })
  @Field(() => String, { nullable: true })
  missingMaterialsDueOn?: string | null;

  @Property({ type: 'date', nullable: true })
  @Field(() => String, { nullable: true, description: 'When the missing materials were handed in.' })
  missingMaterialsReceivedOn?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the decision was made (办结), granted or refused.' })
  completedAt?: Date | null;

  @Property({ type: 'date', nullable: true })
  @Field(() => String, { nullable: true })
  completedOn?: string | null;

  /**
   * Working days from acceptance to decision, suspensions excluded, counted on the calendar as it
   * stood at the decision and kept: statistics average this column in SQL instead of re-counting
   * calendars per row, and a later edit of the calendar does not rewrite a judged case.
   */
  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Working days from acceptance to decision, suspensions excluded.' })
  workingDaysTaken?: number | null;

  /** Last working day before the due date reached (预警) or overdue (超期) already announced. */
  @Property({ type: 'date', nullable: true })
  lastDayAlertedFor?: string | null;

  @Property({ type: 'date', nullable: true })
  overdueAlertedFor?: string | null;

  @Property({ version: true })
  @Field(() => Int)
  version!: number;

  @Property({ type: 'timestamptz' })
  @Field()
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  @Field()
  updatedAt: Date = new Date();
}
