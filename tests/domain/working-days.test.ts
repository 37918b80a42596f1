import { describe, expect, it } from 'vitest';
import { acceptanceCountsOn, CLOSING_TIME, DEFAULT_ACCEPTANCE_RULE } from '../../domain/calendar/acceptance-counting.js';
import { AcceptanceCounting } from '../../entities/acceptance-counting.js';
import { defaultCalendarEntries } from '../../domain/holiday-calendar.js';
import {
  addCalendarDays,
  CalendarCoverageError,
  isoWeekday,
  isPlainDate,
  todayInShanghai,
  toDayNumber,
  WorkingDayCalendar,
} from '../../domain/working-days.js';

const calendar2026 = new WorkingDayCalendar(defaultCalendarEntries([2026]));

describe('WorkingDayCalendar.isWorkingDay (2026)', () => {
  it('Spring Festival: 2026-02-15 to 02-23 off, the Saturdays before and after worked', () => {
    const days = [
      '2026-02-13',
      '2026-02-14',
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
      '2026-02-24',
      '2026-02-28',
      '2026-03-01',
    ];
    expect(days.map((d) => [d, calendar2026.isWorkingDay(d)])).toEqual([
      ['2026-02-13', true], // Friday
      ['2026-02-14', true], // Saturday, 调休
      ['2026-02-15', false],
      ['2026-02-16', false],
      ['2026-02-17', false], // 除夕 is the 16th, 初一 the 17th
      ['2026-02-18', false],
      ['2026-02-19', false],
      ['2026-02-20', false],
      ['2026-02-21', false],
      ['2026-02-22', false],
      ['2026-02-23', false], // Monday, still off
      ['2026-02-24', true],
      ['2026-02-28', true], // Saturday, 调休
      ['2026-03-01', false], // plain Sunday
    ]);
  });

  it('National Day: 2026-10-01 to 10-07 off, Sunday 09-20 and Saturday 10-10 worked', () => {
    for (let day = 1; day <= 7; day++) {
      expect(calendar2026.isWorkingDay(`2026-10-0${day}`), `10-0${day}`).toBe(false);
    }
    expect(calendar2026.isWorkingDay('2026-09-20')).toBe(true);
    expect(isoWeekday('2026-09-20')).toBe(7);
    expect(calendar2026.isWorkingDay('2026-10-10')).toBe(true);
    expect(isoWeekday('2026-10-10')).toBe(6);
    expect(calendar2026.isWorkingDay('2026-10-08')).toBe(true);
    expect(calendar2026.isWorkingDay('2026-10-11')).toBe(false);
  });

  it('counts 2026 as 248 working days (365 − 104 weekend days − 19 weekday holidays + 6 调休 days)', () => {
    // 2025-12-31 is outside coverage but never examined: counting starts the next day.
    expect(calendar2026.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(248);
  });
});

describe('WorkingDayCalendar.addWorkingDays', () => {
  it('does not count the acceptance day', () => {
    expect(calendar2026.addWorkingDays('2026-03-02', 1)).toBe('2026-03-03'); // Monday -> Tuesday
    expect(calendar2026.addWorkingDays('2026-03-06', 1)).toBe('2026-03-09'); // Friday -> Monday
    expect(calendar2026.addWorkingDays('2026-03-07', 1)).toBe('2026-03-09'); // accepted online on a Saturday
    expect(calendar2026.addWorkingDays('2026-03-02', 0)).toBe('2026-03-02'); // 即办件
  });

  it('carries a due date across National Day and through the 调休 Saturday', () => {
    // Accepted Tuesday 09-29: 09-30 (1), holiday, 10-08 (2), 10-09 (3), Sat 10-10 (4), Mon 10-12 (5).
    expect(calendar2026.addWorkingDays('2026-09-29', 5)).toBe('2026-10-12');
    // Calendar arithmetic would say 10-06, in the middle of the holiday.
    expect(addCalendarDays('2026-09-29', 7)).toBe('2026-10-06');
  });

  it('carries a due date across Spring Festival', () => {
    // Accepted Thursday 02-12: Fri 02-13 (1), Sat 02-14 调休 (2), holiday, Tue 02-24 (3).
    expect(calendar2026.addWorkingDays('2026-02-12', 3)).toBe('2026-02-24');
    // 20 days: 2 before the holiday, 5 in the week after (Sat 02-28 worked), then 13 more.
    expect(calendar2026.addWorkingDays('2026-02-12', 20)).toBe('2026-03-18');
  });

  it('stops the clock during a suspension (补正)', () => {
    // Accepted Monday 03-02, limit 5: due Monday 03-09 without suspension.
    expect(calendar2026.addWorkingDays('2026-03-02', 5)).toBe('2026-03-09');
    // Waiting for corrected materials Wednesday 03-04 to Thursday 03-05: two days more.
    const suspensions = [{ from: '2026-03-04', to: '2026-03-05' }];
    expect(calendar2026.addWorkingDays('2026-03-02', 5, { suspensions })).toBe('2026-03-11');
    expect(calendar2026.workingDaysBetween('2026-03-02', '2026-03-11', { suspensions })).toBe(5);
    expect(calendar2026.workingDaysBetween('2026-03-02', '2026-03-11')).toBe(7);
  });

  it('ignores suspended days that were not working days anyway', () => {
    const overWeekend = [{ from: '2026-03-07', to: '2026-03-08' }];
    expect(calendar2026.addWorkingDays('2026-03-02', 5, { suspensions: overWeekend })).toBe('2026-03-09');
    const overlapping = [
      { from: '2026-03-04', to: '2026-03-05' },
      { from: '2026-03-05', to: '2026-03-06' },
    ];
    expect(calendar2026.addWorkingDays('2026-03-02', 5, { suspensions: overlapping })).toBe('2026-03-12');
  });

  it('refuses nonsense limits and intervals', () => {
    expect(() => calendar2026.addWorkingDays('2026-03-02', -1)).toThrow(RangeError);
    expect(() => calendar2026.addWorkingDays('2026-03-02', 1.5)).toThrow(RangeError);
    expect(() => calendar2026.addWorkingDays('2026-03-02', 5, { suspensions: [{ from: '2026-03-05', to: '2026-03-04' }] })).toThrow(
      /ends .* before it starts/,
    );
    expect(() => calendar2026.workingDaysBetween('2026-03-05', '2026-03-04')).toThrow(RangeError);
  });

  it('is the inverse of workingDaysBetween for every start date and limit in a sample', () => {
    for (let start = toDayNumber('2026-01-01'); start <= toDayNumber('2026-11-30'); start += 3) {
      const startDate = new Date(start * 86_400_000).toISOString().slice(0, 10);
      for (const n of [1, 2, 5, 10, 20]) {
        const due = calendar2026.addWorkingDays(startDate, n);
        expect(calendar2026.isWorkingDay(due), `${startDate}+${n}`).toBe(true);
        expect(calendar2026.workingDaysBetween(startDate, due), `${startDate}+${n}`).toBe(n);
        expect(calendar2026.workingDaysBetween(startDate, addCalendarDays(due, -1)), `${startDate}+${n}`).toBe(n - 1);
      }
    }
  });
});

describe('coverage', () => {
  it('refuses to count into a year it has no holiday data for', () => {
    try {
      calendar2026.addWorkingDays('2026-12-28', 5);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CalendarCoverageError);
      expect((error as CalendarCoverageError).year).toBe(2027);
    }
    expect(() => calendar2026.isWorkingDay('2025-06-03')).toThrow(CalendarCoverageError);
    expect(calendar2026.coveredYears).toEqual([2026]);
  });

  it('falls back to weekends only when asked to estimate', () => {
    const estimating = new WorkingDayCalendar(defaultCalendarEntries([2026]), { outsideCoverage: 'weekends-only' });
    expect(estimating.addWorkingDays('2026-12-28', 5)).toBe('2027-01-04');
  });

  it('takes editable entries: a holiday added by hand and a 调休 day removed', () => {
    const edited = defaultCalendarEntries([2026])
      .filter((entry) => entry.date !== '2026-10-10')
      .concat({ date: '2026-03-03', kind: 'HOLIDAY', name: '地方假日' });
    const calendar = new WorkingDayCalendar(edited);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(false);
    expect(calendar.addWorkingDays('2026-03-02', 1)).toBe('2026-03-04');
  });

  it('refuses contradictory or malformed entries', () => {
    expect(
      () =>
        new WorkingDayCalendar([
          { date: '2026-02-14', kind: 'HOLIDAY', name: 'x' },
          { date: '2026-02-14', kind: 'MAKEUP_WORKDAY', name: 'y' },
        ]),
    ).toThrow(/both a holiday and a 调休 working day/);
    expect(() => new WorkingDayCalendar([{ date: '2026-2-14', kind: 'HOLIDAY', name: 'x' }])).toThrow(RangeError);
  });
});

describe('plain dates', () => {
  it('rejects impossible dates instead of rolling them over', () => {
    expect(() => toDayNumber('2026-02-29')).toThrow(/not a real calendar date/);
    expect(() => toDayNumber('2026-13-01')).toThrow(RangeError);
    expect(toDayNumber('2028-02-29') - toDayNumber('2028-02-28')).toBe(1);
  });

  it('gives the Shanghai date, not the UTC one, for an instant after 16:00 UTC', () => {
    expect(todayInShanghai(new Date('2026-11-23T15:59:59Z'))).toBe('2026-11-23');
    expect(todayInShanghai(new Date('2026-11-23T16:00:00Z'))).toBe('2026-11-24');
  });

  it('knows the weekdays', () => {
    expect(isoWeekday('1970-01-01')).toBe(4);
    expect(isoWeekday('2026-10-01')).toBe(4);
    expect(isoWeekday('1949-10-01')).toBe(6);
  });
});

describe('WorkingDayCalendar: years without data', () => {
  const calendar = new WorkingDayCalendar(defaultCalendarEntries([2016, 2017]), { outsideCoverage: 'weekends-only' });

  it('says which years a count ran through without holiday data', () => {
    expect(calendar.isEstimated('2016-09-30', '2016-10-12')).toBe(false);
    expect(calendar.isEstimated('2016-12-28', '2017-01-05')).toBe(false);
    expect(calendar.missingYears('2015-12-30', '2016-01-08')).toEqual([2015]);
    expect(calendar.missingYears('2017-12-28', '2019-01-03')).toEqual([2018, 2019]);
  });

  it('counts a year without data Monday–Friday', () => {
    // 1 October 2018 is National Day, but the calendar does not know 2018.
    expect(calendar.addWorkingDays('2018-09-28', 1)).toBe('2018-10-01');
    expect(calendar.addWorkingDays('2016-09-30', 1)).toBe('2016-10-08');
  });
});

describe('acceptanceCountsOn', () => {
  const calendar = new WorkingDayCalendar(defaultCalendarEntries([2016]));
  const afterClosing = { counting: AcceptanceCounting.NEXT_WORKING_DAY_AFTER_CLOSING, closesAt: '17:30' };
  const at = (iso: string) => [new Date(iso), iso.slice(0, 10)] as const;

  it('is the calendar day by default, whatever the hour or the day', () => {
    expect(acceptanceCountsOn(...at('2016-09-29T23:59:00+08:00'), DEFAULT_ACCEPTANCE_RULE, calendar)).toBe('2016-09-29');
    expect(acceptanceCountsOn(...at('2016-10-03T10:00:00+08:00'), DEFAULT_ACCEPTANCE_RULE, calendar)).toBe('2016-10-03');
  });

  it('moves to the next working day at or after the closing hour, and from a non-working day', () => {
    expect(acceptanceCountsOn(...at('2016-09-29T17:29:59+08:00'), afterClosing, calendar)).toBe('2016-09-29');
    expect(acceptanceCountsOn(...at('2016-09-29T17:30:00+08:00'), afterClosing, calendar)).toBe('2016-09-30');
    // Friday evening before National Day: the next working day is the 调休 Saturday 8 October.
    expect(acceptanceCountsOn(...at('2016-09-30T18:00:00+08:00'), afterClosing, calendar)).toBe('2016-10-08');
    // A Sunday worked (调休) is a working day: before closing it counts that day.
    expect(acceptanceCountsOn(...at('2016-10-09T09:00:00+08:00'), afterClosing, calendar)).toBe('2016-10-09');
    expect(acceptanceCountsOn(...at('2016-10-01T09:00:00+08:00'), afterClosing, calendar)).toBe('2016-10-08');
  });
});

describe('dates and the calendar: what is refused, and what the refusal names', () => {
  it('reads only a whole YYYY-MM-DD date, naming the argument it was given as', () => {
    expect(() => toDayNumber('x2026-01-01')).toThrow(new RangeError('date must be a date written YYYY-MM-DD, got "x2026-01-01"'));
    expect(() => toDayNumber('2026-01-011', 'from')).toThrow(new RangeError('from must be a date written YYYY-MM-DD, got "2026-01-011"'));
    expect(() => toDayNumber('2026-02-30')).toThrow(new RangeError('date "2026-02-30" is not a real calendar date'));
    expect(isPlainDate('2028-02-29')).toBe(true);
    expect(isPlainDate('2026-02-29')).toBe(false);
    expect(isPlainDate('2026-13-01')).toBe(false);
    expect(isPlainDate('2026-1-01')).toBe(false);
    expect(isPlainDate(20260101)).toBe(false);
  });

  it('names the argument of a calendar computation that is not a date', () => {
    expect(() => calendar2026.addWorkingDays('2026-1-5', 1)).toThrow(/^startDate must be a date/);
    expect(() => calendar2026.workingDaysBetween('x', '2026-01-05')).toThrow(/^from must be a date/);
    expect(() => calendar2026.workingDaysBetween('2026-01-05', 'x')).toThrow(/^to must be a date/);
    expect(() => calendar2026.workingDaysBetween('2026-01-06', '2026-01-05')).toThrow(
      new RangeError('"to" (2026-01-05) is before "from" (2026-01-06)'),
    );
    expect(() => calendar2026.addWorkingDays('2026-01-05', -1)).toThrow(
      new RangeError('a working-day limit must be a whole number of days, 0 or more; got -1'),
    );
    expect(() => calendar2026.addWorkingDays('2026-01-05', 1, { suspensions: [{ from: 'x', to: '2026-01-06' }] })).toThrow(
      /^suspensions\[0\]\.from must be a date/,
    );
    expect(() => calendar2026.addWorkingDays('2026-01-05', 1, { suspensions: [{ from: '2026-01-06', to: 'x' }] })).toThrow(
      /^suspensions\[0\]\.to must be a date/,
    );
  });

  it('refuses calendar entries of an unknown kind, or a day that is both off and worked', () => {
    expect(() => new WorkingDayCalendar([{ date: '2026-01-05', kind: 'HALF_DAY' as never, name: 'x' }])).toThrow(
      new RangeError('calendar entry 2026-01-05 has unknown kind "HALF_DAY"'),
    );
    expect(() => new WorkingDayCalendar([{ date: 'x', kind: 'HOLIDAY', name: 'x' }])).toThrow(/^calendar entry date must be a date/);
    expect(
      () =>
        new WorkingDayCalendar([
          { date: '2026-01-03', kind: 'MAKEUP_WORKDAY', name: 'a' },
          { date: '2026-01-03', kind: 'HOLIDAY', name: 'b' },
        ]),
    ).toThrow(new RangeError('calendar entry 2026-01-03 is both a holiday and a 调休 working day'));
  });

  it('lists the years it covers in order', () => {
    expect(new WorkingDayCalendar([], { coveredYears: [2027, 2025, 2026] }).coveredYears).toEqual([2025, 2026, 2027]);
  });

  it('says which year it has no data for', () => {
    const error = new CalendarCoverageError(2031);
    expect(error).toMatchObject({ name: 'CalendarCoverageError', year: 2031 });
    expect(error.message).toBe(
      "the working-day calendar has no holiday data for 2031; add that year's holidays and 调休 working days before computing dates in it",
    );
  });
});

describe('acceptance counting: the closing hour', () => {
  it('is a time of day written HH:MM, 00:00 to 23:59, and nothing around it', () => {
    for (const time of ['00:00', '09:30', '17:30', '19:59', '20:00', '23:59']) expect(CLOSING_TIME.test(time), time).toBe(true);
    for (const time of ['24:00', '7:30', '07:60', '07:3', 'x07:30', '07:30x', '0a:30', '2a:00', 'a7:30', '07:a0', '07:3a', '30:00']) {
      expect(CLOSING_TIME.test(time), time).toBe(false);
    }
  });

  it('counts the calendar day under CALENDAR_DAY even if a closing hour is stored with it', () => {
    const rule = { counting: AcceptanceCounting.CALENDAR_DAY, closesAt: '17:30' };
    // Friday 2026-01-09, 18:00 in China.
    expect(acceptanceCountsOn(new Date('2026-01-09T10:00:00Z'), '2026-01-09', rule, calendar2026)).toBe('2026-01-09');
  });

  it('an acceptance on a working day before closing counts that day', () => {
    const rule = { counting: AcceptanceCounting.NEXT_WORKING_DAY_AFTER_CLOSING, closesAt: '17:30' };
    // Friday 2026-01-09, 17:29 in China.
    expect(acceptanceCountsOn(new Date('2026-01-09T09:29:00Z'), '2026-01-09', rule, calendar2026)).toBe('2026-01-09');
    expect(acceptanceCountsOn(new Date('2026-01-09T09:30:00Z'), '2026-01-09', rule, calendar2026)).toBe('2026-01-12');
  });
});
