import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../entities/role.js';
import { addCalendarDay, calendarDaysOf, removeCalendarDay } from '../domain/calendar/edit-calendar.js';
import { acceptanceRuleSetting, setAcceptanceRule } from '../domain/calendar/acceptance-rule.js';
import { AcceptanceRuleSetting } from '../entities/acceptance-rule-setting.js';
import { CalendarDay } from '../entities/calendar-day.js';
import { RequiresAuth } from '../schema/auth.js';
import { AcceptanceRuleInput, CalendarDayInput } from '../schema/cases/case.inputs.js';
import type { HubContext } from '../schema/context.js';

@Resolver(() => CalendarDay)
export class CalendarResolver {
  @Query(() => [CalendarDay], {
    description: 'The holidays and 调休 working days of a year, in date order; every other Monday–Friday is a working day.',
  })
  @RequiresAuth()
  calendarDays(@Arg('year', () => Int) year: number, @Ctx() { em }: HubContext): Promise<CalendarDay[]> {
    return calendarDaysOf(em, year);
  }

  @Mutation(() => CalendarDay, {
    description:
      'Enters a holiday (a weekday) or a 调休 working day (a weekend day); a day already entered is a CONFLICT. Due dates of cases accepted afterwards use it.',
  })
  @RequiresAuth(Role.ADMIN)
  addCalendarDay(@Arg('input') input: CalendarDayInput, @Ctx() { em, principal }: HubContext): Promise<CalendarDay> {
    return addCalendarDay(em, principal!, input);
  }

  @Mutation(() => CalendarDay, { description: 'Removes an entry: the day is an ordinary weekday or weekend day again.' })
  @RequiresAuth(Role.ADMIN)
  removeCalendarDay(@Arg('date') date: string, @Ctx() { em }: HubContext): Promise<CalendarDay> {
    return removeCalendarDay(em, date);
  }

  @Query(() => AcceptanceRuleSetting, {
    description:
      'The day an acceptance counts on: its calendar day (the default), or the next working day after the closing hour and on non-working days.',
  })
  @RequiresAuth()
  acceptanceRule(@Ctx() { em }: HubContext): Promise<AcceptanceRuleSetting> {
    return acceptanceRuleSetting(em);
  }

  @Mutation(() => AcceptanceRuleSetting, {
    description: 'Sets the day acceptances count on, for cases accepted from now on; accepted cases keep their due dates.',
  })
  @RequiresAuth(Role.ADMIN)
  setAcceptanceRule(@Arg('input') input: AcceptanceRuleInput, @Ctx() { em, principal }: HubContext): Promise<AcceptanceRuleSetting> {
    return setAcceptanceRule(em, principal!, input);
  }
}
