import { recordCountsChanged } from '../live-counts/changes.js';
import type { EntityManager } from '@mikro-orm/sql';
import { todayInShanghai } from '../working-days.js';
import { positional } from './case-stats.js';
import { CaseStatus } from '../../entities/case-status.js';

/** 电子监察 预警: a case on its last working day, and a case that went overdue. */
export enum CaseAlertKind {
  /** 预警: today is the due date of the promised limit. */
  LAST_WORKING_DAY = 'LAST_WORKING_DAY',
  /** 超期: the due date has passed and no decision was made. */
  OVERDUE = 'OVERDUE',
}

export interface CaseAlert {
  kind: CaseAlertKind;
  caseNo: string;
  departmentCode: string;
  matterCode: string;
  matterName: string;
  divisionCode: string;
  acceptedOn: string;
  dueOn: string;
  raisedAt: string;
}

/** Published once per alert after it is claimed; JSON-safe, as it may travel through Redis. */
export const CASE_ALERT = 'case:alert';

/**
 * A suspended case (补正) raises nothing: its clock is stopped and its due date moves when it
 * resumes. Each alert is raised once per due date: the row records the due date it was raised
 * for, so a case whose due date moved after a suspension is watched again.
 */
const RUNNING = `('${CaseStatus.ACCEPTED}', '${CaseStatus.IN_PROGRESS}')`;
const CLAIM_LIMIT = 1000;

/**
 * Claims the alerts due now and marks them raised, in one statement per kind: an UPDATE …
 * RETURNING over rows locked with SKIP LOCKED, so two hub instances running the scheduler at the
 * same moment never raise the same alert twice.
 */
export async function claimDueAlerts(em: EntityManager, today: string = todayInShanghai()): Promise<CaseAlert[]> {
  const raisedAt = new Date().toISOString();
  const claim = async (tx: EntityManager, kind: CaseAlertKind, column: string, dueCondition: string) => {
    const { sql, values } = positional(
      `with due as (
         select id from service_case
          where status in ${RUNNING} and ${dueCondition} and ${column} is distinct from due_on
          order by due_on limit ${CLAIM_LIMIT} for update skip locked)
       update service_case c set ${column} = c.due_on
         from due, department d, matter_version m
        where c.id = due.id and d.id = c.department_id and m.id = c.matter_version_id
       returning c.case_no, d.code as department_code, c.matter_code, m.name as matter_name, c.division_code,
                 c.accepted_on::text as accepted_on, c.due_on::text as due_on`,
      { today },
    );
    const rows = await tx.execute<Array<Record<string, string>>>(sql, values);
    return rows.map((row) => toAlert(kind, row, raisedAt));
  };
  return em.transactional(async (tx) => {
    const overdue = await claim(tx, CaseAlertKind.OVERDUE, 'overdue_alerted_for', 'due_on < :today');
    const lastDay = await claim(tx, CaseAlertKind.LAST_WORKING_DAY, 'last_day_alerted_for', 'due_on = :today');
    // Every write to a counted table is announced, so the rule has no exceptions to remember; the
    // scheduler hears its own claim and finds nothing more to claim a second later.
    for (const alert of [...lastDay, ...overdue]) recordCountsChanged(tx, { kind: 'case', departmentCode: alert.departmentCode, divisionCode: alert.divisionCode });
    return [...lastDay, ...overdue];
  });
}

/** The cases that are on their last working day or overdue now, for a screen that has just opened. */
export async function currentAlerts(em: EntityManager, departmentCode: string | null, today: string = todayInShanghai()): Promise<CaseAlert[]> {
  const { sql, values } = positional(
    `select c.case_no, d.code as department_code, c.matter_code, m.name as matter_name, c.division_code,
            c.accepted_on::text as accepted_on, c.due_on::text as due_on
       from service_case c join department d on d.id = c.department_id join matter_version m on m.id = c.matter_version_id
      where c.status in ${RUNNING} and c.due_on <= :today ${departmentCode ? 'and d.code = :departmentCode' : ''}
      order by c.due_on, c.case_no limit 200`,
    { today, departmentCode },
  );
  const now = new Date().toISOString();
  return (await em.execute<Array<Record<string, string>>>(sql, values)).map((row) =>
    toAlert(row.due_on === today ? CaseAlertKind.LAST_WORKING_DAY : CaseAlertKind.OVERDUE, row, now),
  );
}

function toAlert(kind: CaseAlertKind, row: Record<string, string>, raisedAt: string): CaseAlert {
  return {
    kind,
    caseNo: row.case_no,
    departmentCode: row.department_code,
    matterCode: row.matter_code,
    matterName: row.matter_name,
    divisionCode: row.division_code,
    acceptedOn: String(row.accepted_on).slice(0, 10),
    dueOn: String(row.due_on).slice(0, 10),
    raisedAt,
  };
}
