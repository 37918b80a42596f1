import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Case figures as the annual reports quote them (受理, 办结, 按时办结率, 提前办结率, 平均办结时限, 办理提速).' })
export class CaseFigures {
  @Field(() => Int, { description: '受理: accepted in the period.' })
  accepted!: number;

  @Field(() => Int, { description: '办结: decided (granted or refused) in the period.' })
  completed!: number;

  @Field(() => Int, { description: 'Decided on or before the promised due date.' })
  onTime!: number;

  @Field(() => Int, { description: 'Decided in fewer working days than promised (an on-the-spot case decided the same day counts).' })
  early!: number;

  @Field(() => Int, {
    description:
      '超期件: decided late in the period, plus open cases whose due date fell in the period and has passed. A case with its clock stopped (补正) is not overdue. Each late case counts in one period only, so months add up.',
  })
  overdue!: number;

  @Field(() => Int, {
    description:
      'Backlog at the end of the period: accepted by then, undecided, not withdrawn, clock running, due date passed by the last day. Does not add up across periods.',
  })
  overdueAtEnd!: number;

  @Field(() => Float, { nullable: true, description: 'On time ÷ completed, 4 places.' })
  onTimeRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Early ÷ completed, 4 places.' })
  earlyRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean working days from acceptance to decision, suspensions excluded, 2 places.' })
  averageWorkingDays!: number | null;

  @Field(() => Float, { nullable: true, description: '办理提速: 1 − Σ working days taken ÷ Σ legal limits, 4 places.' })
  speedUp!: number | null;

  @Field({
    description:
      'The figures as the annual reports word them: 受理, 办结, 按时办结率, 提前办结率, 超期件, 平均办结时限, 办理提速 (rates as percentages, two decimals).',
  })
  summary!: string;
}

@ObjectType()
export class DepartmentCaseFigures extends CaseFigures {
  @Field()
  departmentCode!: string;

  @Field()
  departmentName!: string;
}

@ObjectType({ description: 'Case figures of a period, for the centre (or one department) and by department.' })
export class CaseStats extends CaseFigures {
  @Field()
  from!: string;

  @Field()
  to!: string;

  @Field(() => String, { nullable: true, description: 'The department the figures are limited to; null for the whole centre.' })
  departmentCode!: string | null;

  @Field(() => [DepartmentCaseFigures])
  byDepartment!: DepartmentCaseFigures[];
}
