import { OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ObjectType } from 'type-graphql';
import { CalendarDayKind } from './calendar-day-kind.js';

/**
 * One exception to "Monday–Friday are working days": a public holiday on a weekday or a weekend
 * day worked (调休). The working-day calendar is these rows; the date is the key, so a day can be
 * entered only once and cannot be both a holiday and a working day.
 */
@Entity({ tableName: 'calendar_day' })
@ObjectType({
  description:
    'A day the working-day calendar treats differently from its weekday: a holiday on a weekday, or a weekend day worked (调休).',
})
export class CalendarDay {
  [OptionalProps]?: 'recordedAt';

  @PrimaryKey({ type: 'date' })
  @Field({ description: 'YYYY-MM-DD.' })
  date!: string;

  @Enum({ items: () => CalendarDayKind })
  @Field(() => CalendarDayKind)
  kind!: CalendarDayKind;

  @Property({ length: 50 })
  @Field({ description: 'The festival it belongs to, e.g. 春节 or 春节调休.' })
  name!: string;

  @Property({ length: 100 })
  @Field({ description: 'Who entered it: the seed from the published arrangement, or an administrator.' })
  recordedBy!: string;

  @Property({ type: 'timestamptz' })
  @Field()
  recordedAt: Date = new Date();
}
