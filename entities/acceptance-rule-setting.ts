import { OptionalProps } from '@mikro-orm/core';
import { Check, Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ObjectType } from 'type-graphql';
import { AcceptanceCounting } from './acceptance-counting.js';

/**
 * The centre's convention for the day an acceptance counts on (see domain/calendar/acceptance-counting.ts).
 * One row at most (id 1); without it the default, CALENDAR_DAY, applies.
 */
@Entity({ tableName: 'acceptance_rule' })
@Check({ name: 'acceptance_rule_single_row', expression: 'id = 1' })
@ObjectType('AcceptanceRule', {
  description:
    'The day an acceptance counts on: its calendar day, or, after the closing hour and on non-working days, the next working day.',
})
export class AcceptanceRuleSetting {
  [OptionalProps]?: 'id' | 'recordedAt';

  @PrimaryKey({ type: 'integer', autoincrement: false })
  id: number = 1;

  @Enum({ items: () => AcceptanceCounting })
  @Field(() => AcceptanceCounting)
  counting!: AcceptanceCounting;

  @Property({ length: 5, nullable: true })
  @Field(() => String, { nullable: true, description: 'HH:MM in China; an acceptance at or after it counts on the next working day.' })
  closesAt?: string | null;

  @Property({ length: 100 })
  @Field({ description: 'Who set it.' })
  recordedBy!: string;

  @Property({ type: 'timestamptz' })
  @Field()
  recordedAt: Date = new Date();
}
