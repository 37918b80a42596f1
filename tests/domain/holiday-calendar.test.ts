import { describe, expect, it } from 'vitest';
import { availableCalendarYears, CalendarDataUnavailableError, defaultCalendarEntries } from '../../domain/holiday-calendar.js';
import { isoWeekday } from '../../domain/working-days.js';

describe('defaultCalendarEntries', () => {
  it('yields the State Council arrangement for 2026, weekdays off and weekends worked', () => {
    expect(defaultCalendarEntries([2026])).toEqual([
      { date: '2026-01-01', kind: 'HOLIDAY', name: '元旦' },
      { date: '2026-01-02', kind: 'HOLIDAY', name: '元旦' },
      { date: '2026-01-04', kind: 'MAKEUP_WORKDAY', name: '元旦调休' },
      { date: '2026-02-14', kind: 'MAKEUP_WORKDAY', name: '春节调休' },
      { date: '2026-02-16', kind: 'HOLIDAY', name: '春节' },
      { date: '2026-02-17', kind: 'HOLIDAY', name: '春节' },
      { date: '2026-02-18', kind: 'HOLIDAY', name: '春节' },
      { date: '2026-02-19', kind: 'HOLIDAY', name: '春节' },
      { date: '2026-02-20', kind: 'HOLIDAY', name: '春节' },
      { date: '2026-02-23', kind: 'HOLIDAY', name: '春节' },
      { date: '2026-02-28', kind: 'MAKEUP_WORKDAY', name: '春节调休' },
      { date: '2026-04-06', kind: 'HOLIDAY', name: '清明' },
      { date: '2026-05-01', kind: 'HOLIDAY', name: '劳动节' },
      { date: '2026-05-04', kind: 'HOLIDAY', name: '劳动节' },
      { date: '2026-05-05', kind: 'HOLIDAY', name: '劳动节' },
      { date: '2026-05-09', kind: 'MAKEUP_WORKDAY', name: '劳动节调休' },
      { date: '2026-06-19', kind: 'HOLIDAY', name: '端午' },
      { date: '2026-09-20', kind: 'MAKEUP_WORKDAY', name: '国庆节调休' },
      { date: '2026-09-25', kind: 'HOLIDAY', name: '中秋' },
      { date: '2026-10-01', kind: 'HOLIDAY', name: '国庆节' },
      { date: '2026-10-02', kind: 'HOLIDAY', name: '国庆节' },
      { date: '2026-10-05', kind: 'HOLIDAY', name: '国庆节' },
      { date: '2026-10-06', kind: 'HOLIDAY', name: '国庆节' },
      { date: '2026-10-07', kind: 'HOLIDAY', name: '国庆节' },
      { date: '2026-10-10', kind: 'MAKEUP_WORKDAY', name: '国庆节调休' },
    ]);
  });

  it('keeps only weekdays as holidays and only weekends as make-up working days, every year', () => {
    const entries = defaultCalendarEntries(availableCalendarYears());
    expect(entries.length).toBeGreaterThan(500);
    for (const entry of entries) {
      const weekday = isoWeekday(entry.date);
      if (entry.kind === 'HOLIDAY') expect(weekday, entry.date).toBeLessThanOrEqual(5);
      else expect(weekday, entry.date).toBeGreaterThanOrEqual(6);
    }
  });

  it('returns only the years asked for, sorted', () => {
    const entries = defaultCalendarEntries([2025, 2026]);
    const years = new Set(entries.map((entry) => entry.date.slice(0, 4)));
    expect([...years]).toEqual(['2025', '2026']);
    expect(entries.map((e) => e.date)).toEqual([...entries.map((e) => e.date)].sort());
    expect(entries.filter((e) => e.date.startsWith('2025-01-2'))).toContainEqual({
      date: '2025-01-26',
      kind: 'MAKEUP_WORKDAY',
      name: '春节调休',
    });
  });

  it('refuses a year the data does not cover instead of returning a calendar without holidays', () => {
    expect(availableCalendarYears()).toContain(2026);
    expect(availableCalendarYears()).not.toContain(2100);
    try {
      defaultCalendarEntries([2026, 2100]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CalendarDataUnavailableError);
      expect((error as CalendarDataUnavailableError).years).toEqual([2100]);
      expect((error as Error).message).toMatch(/2100/);
    }
  });
});

describe('defaultCalendarEntries: order and refusals', () => {
  it('lists holidays and 调休 working days together, by date', () => {
    const entries = defaultCalendarEntries([2025, 2026]);
    for (let i = 1; i < entries.length; i++) expect(entries[i - 1]!.date < entries[i]!.date, entries[i]!.date).toBe(true);
    // Saturday 14 February 2026 is worked, then the Spring Festival from Monday 16th.
    const february = entries.filter((entry) => entry.date.startsWith('2026-02')).map((entry) => [entry.date, entry.kind]);
    expect(february.slice(0, 2)).toEqual([
      ['2026-02-14', 'MAKEUP_WORKDAY'],
      ['2026-02-16', 'HOLIDAY'],
    ]);
  });

  it('names every year it has no arrangement for, in order', () => {
    let error: unknown;
    try {
      defaultCalendarEntries([2099, 2026, 1990, 2099]);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(CalendarDataUnavailableError);
    expect(error).toMatchObject({
      name: 'CalendarDataUnavailableError',
      years: [1990, 2099],
      message:
        'no published holiday arrangement for 1990, 2099 in the installed chinese-days data; enter those dates by hand or update the package once the State Council has published them',
    });
  });
});
