import type { EntityManager } from '@mikro-orm/sql';
import { positional } from '../cases/case-stats.js';
import { DECIDED_CASE_STATUSES, RUNNING_CASE_STATUSES } from '../cases/case-status.js';
import { sumYuan } from '../money.js';
import { RegistrationKind } from '../../entities/registration-kind.js';
import { TradeStatus } from '../../entities/trade-status.js';
import { addCalendarDays, todayInShanghai } from '../working-days.js';
import type { CheckedScope } from './live-counts-scope.js';

export interface LiveCounts {
  date: string;
  departmentCode: string | null;
  divisionCode: string | null;
  /** Establishments (设立) registered today by the scope's windows. */
  registrations: number;
  licencesIssued: number;
  casesAccepted: number;
  /** Decided (granted or refused) today. */
  casesCompleted: number;
  /** Open now past their due date (超期). */
  casesOverdue: number;
  /** Cases accepted today in each hour 0–23, China time. */
  casesAcceptedByHour: number[];
  trades: number;
  /** Sum of today's deal amounts, 元, exact. */
  tradeAmount: string;
  countedAt: Date;
}

const quoted = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/**
 * Today's figures of a scope, counted by the database: one statement of scalar sub-selects,
 * each on an indexed time column, plus one for the cases by hour. A department scope counts what
 * that department did (its windows' registrations, its licences, its cases, its trades); a
 * division scope counts what happened there (a licence without an enterprise has no division).
 */
export async function countLive(em: EntityManager, scope: CheckedScope, today: string = todayInShanghai()): Promise<LiveCounts> {
  const params: Record<string, unknown> = {
    start: `${today}T00:00:00+08:00`,
    end: `${addCalendarDays(today, 1)}T00:00:00+08:00`,
    today,
    department: scope.departmentCode,
    division: scope.divisionPrefix ? `${scope.divisionPrefix}%` : null,
  };
  const department = (alias: string) => (scope.departmentCode ? `and ${alias} = (select id from department where code = :department)` : '');
  const division = (column: string) => (scope.divisionPrefix ? `and ${column} like :division` : '');
  const caseScope = `${department('c.department_id')} ${division('c.division_code')}`;
  const { sql, values } = positional(
    `select
       (select count(*) from registration r join enterprise e on e.id = r.enterprise_id
         where r.kind = '${RegistrationKind.ESTABLISHMENT}' and r.registered_at >= :start and r.registered_at < :end
           ${department('r.department_id')} ${division('e.division_code')})::int as registrations,
       (select count(*) from licence l left join enterprise e on e.id = l.enterprise_id
         where l.issued_at >= :start and l.issued_at < :end ${department('l.issuer_id')} ${division('e.division_code')})::int as licences,
       (select count(*) from service_case c where c.accepted_on = :today ${caseScope})::int as accepted,
       (select count(*) from service_case c
         where c.completed_on = :today and c.status in (${quoted(DECIDED_CASE_STATUSES)}) ${caseScope})::int as completed,
       (select count(*) from service_case c
         where c.status in (${quoted(RUNNING_CASE_STATUSES)}) and c.due_on < :today ${caseScope})::int as overdue,
       (select count(*) from trade t
         where t.status = '${TradeStatus.AWARDED}' and t.deal_on = :today ${department('t.recorded_by_id')} ${division('t.division_code')})::int as trades,
       (select coalesce(sum(t.deal_amount), 0)::text from trade t
         where t.status = '${TradeStatus.AWARDED}' and t.deal_on = :today ${department('t.recorded_by_id')} ${division('t.division_code')}) as trade_amount`,
    params,
  );
  const [row] = await em.execute<Array<Record<string, string | number>>>(sql, values);
  const hourly = positional(
    `select extract(hour from c.accepted_at at time zone 'Asia/Shanghai')::int as hour, count(*)::int as count
       from service_case c where c.accepted_on = :today ${caseScope} group by 1`,
    params,
  );
  const byHour = new Array<number>(24).fill(0);
  for (const { hour, count } of await em.execute<Array<{ hour: number; count: number }>>(hourly.sql, hourly.values)) byHour[Number(hour)] = Number(count);
  return {
    date: today,
    departmentCode: scope.departmentCode,
    divisionCode: scope.divisionCode,
    registrations: Number(row.registrations),
    licencesIssued: Number(row.licences),
    casesAccepted: Number(row.accepted),
    casesCompleted: Number(row.completed),
    casesOverdue: Number(row.overdue),
    casesAcceptedByHour: byHour,
    trades: Number(row.trades),
    tradeAmount: sumYuan([String(row.trade_amount)]),
    countedAt: new Date(),
  };
}
