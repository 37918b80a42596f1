import type { EntityManager } from '@mikro-orm/sql';
import { sumYuan } from '../money.js';
import { todayInShanghai } from '../working-days.js';
import { casesAcceptedByHour, dayFigures } from './live-counts-store.js';
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

/**
 * Today's figures of a scope, counted by the database in two statements (live-counts-store.ts).
 * A department scope counts what that department did (its windows' registrations, its licences, its cases, its trades); a
 * division scope counts what happened there (a licence without an enterprise has no division).
 */
export async function countLive(em: EntityManager, scope: CheckedScope, today: string = todayInShanghai()): Promise<LiveCounts> {
  const row = await dayFigures(em, scope, today);
  const byHour = await casesAcceptedByHour(em, scope, today);
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
