import { Field, InputType, Int, ObjectType } from 'type-graphql';

@InputType({
  description: 'What a screen watches: the whole centre (both absent), a department, a division, or a division within a department.',
})
export class LiveCountsScopeInput {
  @Field(() => String, { nullable: true, description: "A department's own systems and clerks must name their own department." })
  departmentCode?: string | null;

  @Field(() => String, { nullable: true, description: 'A county, or a city or province and everything under it.' })
  divisionCode?: string | null;
}

@ObjectType({ description: "Today's figures (Asia/Shanghai) of a scope, as the hall's screens show them." })
export class LiveCounts {
  @Field({ description: 'The day counted, YYYY-MM-DD.' })
  date!: string;

  @Field(() => String, { nullable: true })
  departmentCode!: string | null;

  @Field(() => String, { nullable: true })
  divisionCode!: string | null;

  @Field(() => Int, { description: 'Establishments (设立) registered today.' })
  registrations!: number;

  @Field(() => Int)
  licencesIssued!: number;

  @Field(() => Int)
  casesAccepted!: number;

  @Field(() => Int, { description: 'Decided today, granted or refused (办结).' })
  casesCompleted!: number;

  @Field(() => Int, { description: 'Open now, past the promised due date (超期).' })
  casesOverdue!: number;

  @Field(() => [Int], { description: 'Cases accepted today in each hour 0–23.' })
  casesAcceptedByHour!: number[];

  @Field(() => Int, { description: 'Deals (成交) today.' })
  trades!: number;

  @Field({ description: "Sum of today's deal amounts in 元, exact." })
  tradeAmount!: string;

  @Field({ description: 'When these figures were counted.' })
  countedAt!: Date;
}
