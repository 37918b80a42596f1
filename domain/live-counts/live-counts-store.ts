import type { EntityManager } from '@mikro-orm/sql';
import { Department } from '../../entities/department.js';
import { Enterprise } from '../../entities/enterprise.js';
import { Licence } from '../../entities/licence.js';
import { Registration } from '../../entities/registration.js';
import { ServiceCase } from '../../entities/case.js';
import { Trade } from '../../entities/trade.js';
import { DECIDED_CASE_STATUSES, RUNNING_CASE_STATUSES } from '../cases/case-status.js';
import { RegistrationKind } from '../../entities/registration-kind.js';
import { positional, selectRows, tablesOf } from '../sql-statements.js';
import { TradeStatus } from '../../entities/trade-status.js';
import { addCalendarDays } from '../working-days.js';
import type { CheckedScope } from './live-counts-scope.js';

/**
 * The two statements behind a screen's figures of the day (live-counts.ts): one of scalar
 * sub-selects, each on an indexed time column, and one for the cases by hour. A department scope
 * counts what that department did (its windows' registrations, its licences, its cases, its
 * trades); a division scope counts what happened there (a licence without an enterprise has no
 * division).
 */
export interface DayFiguresRow {
  registrations: number;
  licences: number;
  accepted: number;
  completed: number;
  overdue: number;
  trades: number;
  /** Exact decimal text. */
  trade_amount: string;
}

const quoted = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

function scoped(em: EntityManager, scope: CheckedScope, today: string) {
  const t = tablesOf(em, {
    department: Department,
    registration: Registration,
    enterprise: Enterprise,
    licence: Licence,
    serviceCase: ServiceCase,
    trade: Trade,
  });
  const params: Record<string, unknown> = {
    start: `${today}T00:00:00+08:00`,
    end: `${addCalendarDays(today, 1)}T00:00:00+08:00`,
    today,
    department: scope.departmentCode,
    division: scope.divisionPrefix ? `${scope.divisionPrefix}%` : null,
  };
  const department = (alias: string) =>
    scope.departmentCode ? `and ${alias} = (select id from ${t.department} where code = :department)` : '';
  const division = (column: string) => (scope.divisionPrefix ? `and ${column} like :division` : '');
  const caseScope = `${department('c.department_id')} ${division('c.division_code')}`;
  return { t, params, department, division, caseScope };
}

/** The day's registrations, licences issued, cases accepted, decided and overdue, and awarded trades with their sum. */
export async function dayFigures(em: EntityManager, scope: CheckedScope, today: string): Promise<DayFiguresRow> {
  const { t, params, department, division, caseScope } = scoped(em, scope, today);
  const { sql, values } = positional(
    `select
       (select count(*) from ${t.registration} r join ${t.enterprise} e on e.id = r.enterprise_id
         where r.kind = '${RegistrationKind.ESTABLISHMENT}' and r.registered_at >= :start and r.registered_at < :end
           ${department('r.department_id')} ${division('e.division_code')})::int as registrations,
       (select count(*) from ${t.licence} l left join ${t.enterprise} e on e.id = l.enterprise_id
         where l.issued_at >= :start and l.issued_at < :end ${department('l.issuer_id')} ${division('e.division_code')})::int as licences,
       (select count(*) from ${t.serviceCase} c where c.accepted_on = :today ${caseScope})::int as accepted,
       (select count(*) from ${t.serviceCase} c
         where c.completed_on = :today and c.status in (${quoted(DECIDED_CASE_STATUSES)}) ${caseScope})::int as completed,
       (select count(*) from ${t.serviceCase} c
         where c.status in (${quoted(RUNNING_CASE_STATUSES)}) and c.due_on < :today ${caseScope})::int as overdue,
       (select count(*) from ${t.trade} t
         where t.status = '${TradeStatus.AWARDED}' and t.deal_on = :today ${department('t.recorded_by_id')} ${division('t.division_code')})::int as trades,
       (select coalesce(sum(t.deal_amount), 0)::text from ${t.trade} t
         where t.status = '${TradeStatus.AWARDED}' and t.deal_on = :today ${department('t.recorded_by_id')} ${division('t.division_code')}) as trade_amount`,
    params,
  );
  const [row] = await selectRows<DayFiguresRow>(em, sql, values);
  return row;
}

/** Cases accepted today in each hour 0–23, China time. */
export async function casesAcceptedByHour(em: EntityManager, scope: CheckedScope, today: string): Promise<number[]> {
  const { t, params, caseScope } = scoped(em, scope, today);
  const { sql, values } = positional(
    `select extract(hour from c.accepted_at at time zone 'Asia/Shanghai')::int as hour, count(*)::int as count
       from ${t.serviceCase} c where c.accepted_on = :today ${caseScope} group by 1`,
    params,
  );
  const byHour = new Array<number>(24).fill(0);
  for (const { hour, count } of await selectRows<{ hour: number; count: number }>(em, sql, values)) byHour[Number(hour)] = Number(count);
  return byHour;
}
