/** What a calendar entry changes about a day; every other day is a working day on Monday–Friday only. */
export enum CalendarDayKind {
  /** A weekday off (法定节假日). */
  HOLIDAY = 'HOLIDAY',
  /** A Saturday or Sunday worked (调休上班). */
  MAKEUP_WORKDAY = 'MAKEUP_WORKDAY',
}

export const CALENDAR_DAY_KIND_LABELS: Record<CalendarDayKind, string> = {
  HOLIDAY: '法定节假日',
  MAKEUP_WORKDAY: '调休上班',
};
