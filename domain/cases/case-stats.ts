import type { EntityManager } from '@mikro-orm/sql';
import type { Principal } from '../auth/principal.js';
import { badUserInput } from '../errors.js';
import { divisionPrefix } from '../trading/trade-stats.js';
import { addCalendarDays, todayInShanghai } from '../working-days.js';
import type { CaseChannel } from '../../entities/case-channel.js';
import { checkDate } from './case-input.js';
import { departmentScope } from './case-scope.js';
import { caseFiguresByDepartment, type CaseFiguresRow } from './case-stats-store.js';

export interface CaseStatsFilter {
  /** First day counted, inclusive: acceptances by acceptance date, decisions by decision date. */
  from: string;
  to: string;
  departmentCode?: string | null;
  /** A county, or a city or province with everything under it. */
  divisionCode?: string | null;
  matterCode?: string | null;
  channel?: CaseChannel | null;
}

export interface CaseFigures {
  /** 受理: cases accepted in the period. */
  accepted: number;
  /** 办结: cases decided (granted or refused) in the period. */
  completed: number;
  onTime: number;
  early: number;
  /**
   * 超期件 of the period: decided late in the period, plus cases still open whose due date fell in
   * the period and has passed. Each late case is counted in exactly one period, so months add up to
   * the year. A case whose clock is stopped (补正) is never overdue.
   */
  overdue: number;
  /**
   * The backlog at the period's end: cases accepted by then, undecided and not withdrawn at its
   * end, clock running, their due date passed by then. Old backlog shows here in every period it
   * lasts; it does not add up across periods.
   */
  overdueAtEnd: number;
  /** On time ÷ completed, 4 places; null without completions. */
  onTimeRate: number | null;
  earlyRate: number | null;
  /** Mean working days from acceptance to decision, 2 places. */
  averageWorkingDays: number | null;
  /** 办理提速: 1 − Σ working days taken ÷ Σ legal limits of the decided cases, 4 places. */
  speedUp: number | null;
  /** The figures in the annual reports' own words, e.g. "受理 12 件，办结 10 件，按时办结率 90.00%，…". */
  summary: string;
}

export interface DepartmentCaseFigures extends CaseFigures {
  departmentCode: string;
  departmentName: string;
}

export interface CaseStats extends CaseFigures {
  from: string;
  to: string;
  departmentCode: string | null;
  byDepartment: DepartmentCaseFigures[];
}

type Sums = Omit<CaseFiguresRow, 'department_code' | 'department_name'>;

/**
 * The headline figures of the annual reports, computed by the database in one statement grouped
 * by department; the centre's totals add up the departments' sums and derive rates from those
 * totals (never an average of rates).
 *
 * Working days come from `working_days_taken`, counted on the calendar when each case was decided
 * and stored with it: the aggregate is then a plain SUM over an indexed range instead of a join of
 * every case against the calendar, and a later edit of the calendar does not change figures that
 * were already reported.
 */
export async function caseStats(
  em: EntityManager,
  principal: Principal,
  filter: CaseStatsFilter,
  today: string = todayInShanghai(),
): Promise<CaseStats> {
  const from = checkDate(filter.from, 'filter.from');
  const to = checkDate(filter.to, 'filter.to');
  if (to < from) throw badUserInput('filter.to', `${to} is before ${from}`);
  const departmentCode = departmentScope(principal, filter.departmentCode, 'filter.departmentCode');

  // A due date has passed when it is before today; the end of the period counts as its last day passed.
  const overdueBefore = to < today ? addCalendarDays(to, 1) : today;
  const rows = await caseFiguresByDepartment(em, {
    from,
    to,
    overdueBefore,
    endInstant: `${addCalendarDays(to, 1)}T00:00:00+08:00`,
    departmentCode,
    divisionPrefix: filter.divisionCode ? divisionPrefix(filter.divisionCode, 'filter.divisionCode') : null,
    matterCode: filter.matterCode ?? null,
    channel: filter.channel ?? null,
  });
  const total = rows.reduce<Sums>(
    (sum, row) => ({
      accepted: sum.accepted + row.accepted,
      completed: sum.completed + row.completed,
      on_time: sum.on_time + row.on_time,
      early: sum.early + row.early,
      overdue: sum.overdue + row.overdue,
      overdue_at_end: sum.overdue_at_end + row.overdue_at_end,
      days_taken: sum.days_taken + row.days_taken,
      legal_days: sum.legal_days + row.legal_days,
    }),
    { accepted: 0, completed: 0, on_time: 0, early: 0, overdue: 0, overdue_at_end: 0, days_taken: 0, legal_days: 0 },
  );
  return {
    from,
    to,
    departmentCode,
    ...figuresOf(total),
    byDepartment: rows.map((row) => ({ departmentCode: row.department_code, departmentName: row.department_name, ...figuresOf(row) })),
  };
}

function figuresOf(sums: Sums): CaseFigures {
  const ratio = (part: number, whole: number, places: number) => (whole === 0 ? null : roundRatio(part, whole, places));
  const figures = {
    accepted: sums.accepted,
    completed: sums.completed,
    onTime: sums.on_time,
    early: sums.early,
    overdue: sums.overdue,
    overdueAtEnd: sums.overdue_at_end,
    onTimeRate: ratio(sums.on_time, sums.completed, 4),
    earlyRate: ratio(sums.early, sums.completed, 4),
    averageWorkingDays: ratio(sums.days_taken, sums.completed, 2),
    speedUp: sums.legal_days === 0 ? null : roundRatio(sums.legal_days - sums.days_taken, sums.legal_days, 4),
  };
  return { ...figures, summary: summaryOf(figures) };
}

/**
 * The wording of the reports (按时办结率100%, 提前办结率, 超期件, 平均办结时限 1.87 个工作日, 办理提速
 * 96.17%). A rate is printed from its 4-place fraction as a percentage with two decimals, so the
 * text never disagrees with the number beside it; a rate without completions reads "—".
 */
function summaryOf(figures: Omit<CaseFigures, 'summary'>): string {
  const percent = (rate: number | null) => (rate === null ? '—' : `${(Math.round(rate * 10_000) / 100).toFixed(2)}%`);
  return [
    `受理 ${figures.accepted} 件`,
    `办结 ${figures.completed} 件`,
    `按时办结率 ${percent(figures.onTimeRate)}`,
    `提前办结率 ${percent(figures.earlyRate)}`,
    `超期件 ${figures.overdue} 件（期末超期未办结 ${figures.overdueAtEnd} 件）`,
    `平均办结时限 ${figures.averageWorkingDays === null ? '—' : figures.averageWorkingDays.toFixed(2)} 个工作日`,
    `办理提速 ${percent(figures.speedUp)}`,
  ].join('，');
}

/**
 * part ÷ whole rounded half up to `places` decimals, in one rounding of an exact ratio: both are
 * whole numbers, so part·10^places ÷ whole is the correctly rounded quotient and a tie (…5) is
 * exactly representable. Multiplying the float part ÷ whole instead turns 57 ÷ 800 = 0.07125 into 0.0712.
 */
export function roundRatio(part: number, whole: number, places: number): number {
  const factor = 10 ** places;
  return Math.round((part * factor) / whole) / factor;
}
