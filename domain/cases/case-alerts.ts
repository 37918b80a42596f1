import { recordCountsChanged } from '../live-counts/changes.js';
import type { EntityManager } from '@mikro-orm/sql';
import { todayInShanghai } from '../working-days.js';
import { type AlertCaseRow, casesDueBy, claimCasesDueAlert } from './case-alert-store.js';

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
 * Claims the alerts due now and marks them raised, in one statement per kind
 * (claimCasesDueAlert), so two hub instances running the scheduler at the same moment never
 * raise the same alert twice. A suspended case raises nothing, and each alert is raised once per
 * due date.
 */
export async function claimDueAlerts(em: EntityManager, today: string = todayInShanghai()): Promise<CaseAlert[]> {
  const raisedAt = new Date().toISOString();
  const claim = async (tx: EntityManager, kind: CaseAlertKind) =>
    (await claimCasesDueAlert(tx, kind, today)).map((row) => toAlert(kind, row, raisedAt));
  return em.transactional(async (tx) => {
    const overdue = await claim(tx, CaseAlertKind.OVERDUE);
    const lastDay = await claim(tx, CaseAlertKind.LAST_WORKING_DAY);
    // Every write to a counted table is announced, so the rule has no exceptions to remember; the
    // scheduler hears its own claim and finds nothing more to claim a second later.
    for (const alert of [...lastDay, ...overdue])
      recordCountsChanged(tx, { kind: 'case', departmentCode: alert.departmentCode, divisionCode: alert.divisionCode });
    return [...lastDay, ...overdue];
  });
}

/** The cases that are on their last working day or overdue now, for a screen that has just opened. */
export async function currentAlerts(
  em: EntityManager,
  departmentCode: string | null,
  today: string = todayInShanghai(),
): Promise<CaseAlert[]> {
  const now = new Date().toISOString();
  return (await casesDueBy(em, departmentCode, today)).map((row) =>
    toAlert(row.due_on === today ? CaseAlertKind.LAST_WORKING_DAY : CaseAlertKind.OVERDUE, row, now),
  );
}

function toAlert(kind: CaseAlertKind, row: AlertCaseRow, raisedAt: string): CaseAlert {
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
