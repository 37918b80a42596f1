import { registerEnumType } from 'type-graphql';
import { AcceptanceCounting } from '../../entities/acceptance-counting.js';
import { CALENDAR_DAY_KIND_LABELS, CalendarDayKind } from '../../entities/calendar-day-kind.js';
import { CASE_CHANNEL_LABELS, CaseChannel } from '../../entities/case-channel.js';
import { CASE_STATUS_LABELS, CaseStatus } from '../../entities/case-status.js';

const described = <T extends string>(labels: Record<T, string>) =>
  Object.fromEntries(Object.entries(labels).map(([key, label]) => [key, { description: label as string }])) as Record<
    T,
    { description: string }
  >;

registerEnumType(CaseStatus, {
  name: 'CaseStatus',
  description: 'Where a case stands; COMPLETED, REJECTED and WITHDRAWN are final.',
  valuesConfig: described(CASE_STATUS_LABELS),
});
registerEnumType(CaseChannel, {
  name: 'CaseChannel',
  description: 'Where a case was accepted.',
  valuesConfig: described(CASE_CHANNEL_LABELS),
});
registerEnumType(CalendarDayKind, {
  name: 'CalendarDayKind',
  description: 'How a calendar entry changes its day.',
  valuesConfig: described(CALENDAR_DAY_KIND_LABELS),
});
registerEnumType(AcceptanceCounting, {
  name: 'AcceptanceCounting',
  description: 'Which day an acceptance counts on; the clock starts the working day after it.',
  valuesConfig: {
    CALENDAR_DAY: { description: 'The calendar day in China it was accepted, whatever the hour or kind of day (the default).' },
    NEXT_WORKING_DAY_AFTER_CLOSING: {
      description: 'At or after the closing hour, or on a day that is not a working day: the next working day (顺延至下一工作日受理).',
    },
  },
});
