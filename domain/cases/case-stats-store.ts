import type { EntityManager } from '@mikro-orm/sql';
import { CaseStatusChange } from '../../entities/case-status-change.js';
import { Department } from '../../entities/department.js';
import { ServiceCase } from '../../entities/case.js';
import { positional, selectRows, tablesOf } from '../sql-statements.js';
import type { CaseChannel } from '../../entities/case-channel.js';
import { CaseStatus } from '../../entities/case-status.js';
import { DECIDED_CASE_STATUSES, RUNNING_CASE_STATUSES } from './case-status.js';

/** The one grouped statement behind the annual reports' case figures (case-stats.ts). */

/** A department's sums over the period, as numbers. */
export interface CaseFiguresRow {
  department_code: string;
  department_name: string;
  accepted: number;
  completed: number;
  on_time: number;
  early: number;
  overdue: number;
  overdue_at_end: number;
  days_taken: number;
  legal_days: number;
}

export interface CaseFiguresScope {
  from: string;
  to: string;
  /** A due date before this day has passed. */
  overdueBefore: string;
  /** The instant the period ends (a withdrawal before it takes a case out of the backlog). */
  endInstant: string;
  departmentCode: string | null;
  /** The leading digits of the division codes counted. */
  divisionPrefix: string | null;
  matterCode: string | null;
  channel: CaseChannel | null;
}

/**
 * The sums of every department with a case in the period, in department code order: accepted,
 * decided (on time, early, late), overdue (decided late or open past due in the period), overdue
 * and open at its end, and working days taken against the legal limits of the decided ones.
 */
export async function caseFiguresByDepartment(em: EntityManager, scope: CaseFiguresScope): Promise<CaseFiguresRow[]> {
  const t = tablesOf(em, { serviceCase: ServiceCase, department: Department, statusChange: CaseStatusChange });
  const decided = DECIDED_CASE_STATUSES.map((status) => `'${status}'`).join(', ');
  const running = RUNNING_CASE_STATUSES.map((status) => `'${status}'`).join(', ');
  const decidedIn = `c.status in (${decided}) and c.completed_on between :from and :to`;
  const openOverdueIn = `c.status in (${running}) and c.due_on between :from and :to and c.due_on < :overdueBefore`;
  // At the end of the period: accepted, not yet decided, not withdrawn, clock not stopped, due date passed.
  const backlogAtEnd = `c.accepted_on <= :to and c.due_on < :overdueBefore
    and (c.completed_on is null or c.completed_on > :to)
    and not exists (select 1 from ${t.statusChange} h
                     where h.service_case_id = c.id and h.to_status = '${CaseStatus.WITHDRAWN}' and h.changed_at < :endInstant)
    and not exists (select 1 from jsonb_array_elements(c.suspensions) s
                     where (s->>'from')::date <= :to and coalesce((s->>'to')::date, 'infinity'::date) >= :to)`;
  const conditions = [`(c.accepted_on between :from and :to or c.completed_on between :from and :to or (${backlogAtEnd}))`];
  const params: Record<string, unknown> = {
    from: scope.from,
    to: scope.to,
    overdueBefore: scope.overdueBefore,
    endInstant: scope.endInstant,
  };
  if (scope.departmentCode) {
    conditions.push('d.code = :departmentCode');
    params.departmentCode = scope.departmentCode;
  }
  if (scope.divisionPrefix) {
    conditions.push('c.division_code like :division');
    params.division = `${scope.divisionPrefix}%`;
  }
  if (scope.matterCode) {
    conditions.push('c.matter_code = :matterCode');
    params.matterCode = scope.matterCode;
  }
  if (scope.channel) {
    conditions.push('c.channel = :channel');
    params.channel = scope.channel;
  }
  const { sql, values } = positional(
    `select d.code as department_code, d.name as department_name,
            count(*) filter (where c.accepted_on between :from and :to)::int as accepted,
            count(*) filter (where ${decidedIn})::int as completed,
            count(*) filter (where ${decidedIn} and c.completed_on <= c.due_on)::int as on_time,
            count(*) filter (where ${decidedIn} and (c.working_days_taken < c.promised_limit_days
                                                     or (c.promised_limit_days = 0 and c.completed_on = c.accepted_on)))::int as early,
            (count(*) filter (where ${decidedIn} and c.completed_on > c.due_on)
              + count(*) filter (where ${openOverdueIn}))::int as overdue,
            count(*) filter (where ${backlogAtEnd})::int as overdue_at_end,
            coalesce(sum(c.working_days_taken) filter (where ${decidedIn}), 0)::int as days_taken,
            coalesce(sum(c.legal_limit_days) filter (where ${decidedIn}), 0)::int as legal_days
       from ${t.serviceCase} c join ${t.department} d on d.id = c.department_id
      where ${conditions.join(' and ')}
      group by d.code, d.name
      order by d.code`,
    params,
  );
  return (await selectRows<CaseFiguresRow>(em, sql, values)).map(numeric);
}

function numeric(row: CaseFiguresRow): CaseFiguresRow {
  return {
    ...row,
    accepted: Number(row.accepted),
    completed: Number(row.completed),
    on_time: Number(row.on_time),
    early: Number(row.early),
    overdue: Number(row.overdue),
    overdue_at_end: Number(row.overdue_at_end),
    days_taken: Number(row.days_taken),
    legal_days: Number(row.legal_days),
  };
}
