import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { Principal } from '../auth/principal.js';
import { conflict, notFound } from '../errors.js';
import { Trade } from '../../entities/trade.js';
import { TradeStatusChange } from '../../entities/trade-status-change.js';
import { NEXT_STATUSES } from './trade-status.js';
import { TRADE_STATUS_LABELS, TradeStatus } from '../../entities/trade-status.js';
import { checkProjectCode, checkText } from './trade-input.js';
import { actorOf, assertTradingCentre } from './trading-centre.js';
import { readRows } from '../read-rows.js';

const VERB: Record<TradeStatus, string> = {
  ANNOUNCED: 'announced',
  OPEN: 'opened',
  AWARDED: 'awarded',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
};

/**
 * Locks the trade (the row lock serialises two clerks acting on it at once) and refuses a step
 * its status does not allow, saying where it stands and why. A set-based write asks for a `plain`
 * object read outside the unit of work, which it changes and writes itself.
 */
export async function lockForTransition(
  tx: EntityManager,
  code: string,
  to: TradeStatus,
  field: string,
  { plain = false }: { plain?: boolean } = {},
): Promise<Trade> {
  const trade = plain
    ? (await readRows(tx, Trade, { code }, undefined, undefined, { forUpdate: true }))[0]
    : await tx.findOne(Trade, { code }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!trade) throw notFound(field, `no trade ${code}`);
  if (!NEXT_STATUSES[trade.status].includes(to)) {
    throw conflict(
      field,
      `trade ${code} is ${TRADE_STATUS_LABELS[trade.status]} (${trade.status}) and cannot be ${VERB[to]}; ` +
        (NEXT_STATUSES[trade.status].length === 0
          ? `a ${VERB[trade.status]} trade is final — a re-run project is recorded under a new code`
          : `from ${trade.status} it can only become ${NEXT_STATUSES[trade.status].join(', ')}`),
      { status: trade.status },
    );
  }
  return trade;
}

export function recordTransition(tx: EntityManager, trade: Trade, to: TradeStatus, principal: Principal, reason: string | null): void {
  tx.create(TradeStatusChange, { trade, fromStatus: trade.status, toStatus: to, reason, changedBy: actorOf(principal) });
  trade.status = to;
}

export interface CloseTradeInput {
  code: string;
  reason: string;
}

/** 流标: too few valid bids. The reason is kept in the history. */
export function failTrade(em: EntityManager, principal: Principal | null, input: CloseTradeInput): Promise<Trade> {
  return closeTrade(em, principal, input, TradeStatus.FAILED, 'failTrade');
}

/** 终止: the owner or the supervisor withdrew the project. */
export function cancelTrade(em: EntityManager, principal: Principal | null, input: CloseTradeInput): Promise<Trade> {
  return closeTrade(em, principal, input, TradeStatus.CANCELLED, 'cancelTrade');
}

/** 开标: bids are opened or bidding starts. */
export async function openTrade(em: EntityManager, principal: Principal | null, code: string): Promise<Trade> {
  const actor = assertTradingCentre(principal, 'openTrade');
  const checkedCode = checkProjectCode(code, 'code');
  return em.transactional(async (tx) => {
    const trade = await lockForTransition(tx, checkedCode, TradeStatus.OPEN, 'code');
    recordTransition(tx, trade, TradeStatus.OPEN, actor, null);
    await tx.flush();
    return trade;
  });
}

async function closeTrade(
  em: EntityManager,
  principal: Principal | null,
  input: CloseTradeInput,
  to: TradeStatus.FAILED | TradeStatus.CANCELLED,
  action: string,
): Promise<Trade> {
  const actor = assertTradingCentre(principal, action);
  const code = checkProjectCode(input.code, 'input.code');
  const reason = checkText(input.reason, 'input.reason', 500);
  return em.transactional(async (tx) => {
    const trade = await lockForTransition(tx, code, to, 'input.code');
    recordTransition(tx, trade, to, actor, reason);
    await tx.flush();
    return trade;
  });
}
