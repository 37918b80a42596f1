/**
 * Which day an acceptance counts on (受理日). The clock starts the working day after it, so this
 * day decides every due date. Two conventions, chosen per centre by its administrator:
 *
 *  - CALENDAR_DAY (the default): the acceptance counts on the calendar day in China it happened,
 *    whatever the hour, and whether or not that day is a working day. An online application
 *    accepted on a Sunday or during 国庆 counts on that day; its clock starts the next working day.
 *  - NEXT_WORKING_DAY_AFTER_CLOSING: an acceptance at or after the closing hour, or on a day that
 *    is not a working day, counts as accepted on the next working day (当日下班后或节假日受理的，
 *    顺延至下一工作日受理); the clock then starts the working day after that.
 */
export enum AcceptanceCounting {
  CALENDAR_DAY = 'CALENDAR_DAY',
  NEXT_WORKING_DAY_AFTER_CLOSING = 'NEXT_WORKING_DAY_AFTER_CLOSING',
}
