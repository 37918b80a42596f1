import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { CaseAlertKind } from '../../domain/cases/case-alerts.js';

registerEnumType(CaseAlertKind, {
  name: 'CaseAlertKind',
  description: '电子监察: a case on its last working day (预警), or overdue (超期).',
  valuesConfig: { LAST_WORKING_DAY: { description: '预警: due today' }, OVERDUE: { description: '超期: due date passed undecided' } },
});

@ObjectType({ description: 'A case entering its last working day, or going overdue.' })
export class CaseAlert {
  @Field(() => CaseAlertKind)
  kind!: CaseAlertKind;

  @Field()
  caseNo!: string;

  @Field()
  departmentCode!: string;

  @Field()
  matterCode!: string;

  @Field()
  matterName!: string;

  @Field()
  divisionCode!: string;

  @Field()
  acceptedOn!: string;

  @Field()
  dueOn!: string;

  @Field({ description: 'When the alert was raised (ISO 8601).' })
  raisedAt!: string;
}
