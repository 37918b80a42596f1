import type { EntityManager } from '@mikro-orm/sql';
import { Department } from '../../entities/department.js';
import { MatterVersion } from '../../entities/matter-version.js';
import { ServiceCase } from '../../entities/case.js';
import { positional, selectRows, tablesOf } from '../sql-statements.js';
import { CaseStatus } from '../../entities/case-status.js';

/** The statements of 电子监察 alerts (case-alerts.ts): the cases due one, and marking them raised. */

/** A running case as an alert shows it: dates as `YYYY-MM-DD` text. */
export interface AlertCaseRow {
  case_no: string;
  department_code: string;
  matter_code: string;
  matter_name: string;
  division_code: string;
  accepted_on: string;
  due_on: string;
}

/**
 * A suspended case (补正) raises nothing: its clock is stopped and its due date moves when it
 * resumes. Each alert is raised once per due date: the row records the due date it was raised
 * for, so a case whose due date moved after a suspension is watched again.
 */
const RUNNING = `('${CaseStatus.ACCEPTED}', '${CaseStatus.IN_PROGRESS}')`;
const CLAIM_LIMIT = 1000;

/** Which alert a claim is for: the column recording the due date it was raised for, and when a due date calls for it. */
export const ALERT_CLAIMS = {
  OVERDUE: { column: 'overdue_alerted_for', dueCondition: 'due_on < :today' },
  LAST_WORKING_DAY: { column: 'last_day_alerted_for', dueCondition: 'due_on = :today' },
} as const;

/**
 * Marks up to CLAIM_LIMIT running cases that are due the alert and were not raised it for their
 * current due date, and returns them: an UPDATE … RETURNING over rows locked with SKIP LOCKED, so
 * two hub instances claiming at the same moment never get the same case.
 */
export function claimCasesDueAlert(tx: EntityManager, alert: keyof typeof ALERT_CLAIMS, today: string): Promise<AlertCaseRow[]> {
  const { column, dueCondition } = ALERT_CLAIMS[alert];
  const t = tablesOf(tx, { serviceCase: ServiceCase, department: Department, matterVersion: MatterVersion });
  const { sql, values } = positional(
    `with due as (
         select id from ${t.serviceCase}
          where status in ${RUNNING} and ${dueCondition} and ${column} is distinct from due_on
          order by due_on limit ${CLAIM_LIMIT} for update skip locked)
       update ${t.serviceCase} c set ${column} = c.due_on
         from due, ${t.department} d, ${t.matterVersion} m
        where c.id = due.id and d.id = c.department_id and m.id = c.matter_version_id
       returning c.case_no, d.code as department_code, c.matter_code, m.name as matter_name, c.division_code,
                 c.accepted_on::text as accepted_on, c.due_on::text as due_on`,
    { today },
  );
  return selectRows<AlertCaseRow>(tx, sql, values);
}

/** Up to 200 running cases due on or before `today` (of one department, if given), earliest due first. */
export function casesDueBy(em: EntityManager, departmentCode: string | null, today: string): Promise<AlertCaseRow[]> {
  const t = tablesOf(em, { serviceCase: ServiceCase, department: Department, matterVersion: MatterVersion });
  const { sql, values } = positional(
    `select c.case_no, d.code as department_code, c.matter_code, m.name as matter_name, c.division_code,
            c.accepted_on::text as accepted_on, c.due_on::text as due_on
       from ${t.serviceCase} c join ${t.department} d on d.id = c.department_id join ${t.matterVersion} m on m.id = c.matter_version_id
      where c.status in ${RUNNING} and c.due_on <= :today ${departmentCode ? 'and d.code = :departmentCode' : ''}
      order by c.due_on, c.case_no limit 200`,
    { today, departmentCode },
  );
  return selectRows<AlertCaseRow>(em, sql, values);
}
