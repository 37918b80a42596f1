import type { EntityManager } from '@mikro-orm/sql';
import type { Principal } from '../auth/principal.js';
import { badUserInput } from '../errors.js';
import { newOutboxEvents } from '../outbox/record-event.js';
import { Enterprise } from '../../entities/enterprise.js';
import { OutboxEvent } from '../../entities/outbox-event.js';
import { Trade } from '../../entities/trade.js';
import { TradeStatusChange } from '../../entities/trade-status-change.js';
import { departmentsWithCodes } from '../reference-data/reference-data.js';
import { recordCountsChanged } from '../live-counts/changes.js';
import { readRows, rememberWritten } from '../read-rows.js';
import { changedRows, newRows, writeTogether } from '../write-together-store.js';
import { figuresOfTrade } from './figures-of-trade.js';
import { TRADE_AWARDED_EVENT, TRADE_AWARDED_RECEIVERS } from './trade-event-receivers.js';
import { TradeStatus } from '../../entities/trade-status.js';
import { checkPartyUscc, checkProjectCode, checkText, checkTradeDate, checkYuan } from './trade-input.js';
import { actorOf, assertTradingCentre } from './trading-centre.js';
import { lockForTransition } from './trade-transitions.js';

export interface AwardTradeInput {
  code: string;
  dealAmount: string;
  dealOn: string;
  winnerUscc: string;
  /** Optional when the winner is in the registry (its registered name is used). */
  winnerName?: string | null;
}

/**
 * 成交/中标: records the deal and queues `trade.awarded` for the receiving departments in the same
 * transaction, set-based: the trade read and locked, then one statement writes its new state, its
 * history entry and the events. The live counts are published once the transaction has committed.
 */
export async function awardTrade(em: EntityManager, principal: Principal | null, input: AwardTradeInput): Promise<Trade> {
  const actor = assertTradingCentre(principal, 'awardTrade');
  const code = checkProjectCode(input.code, 'input.code');
  const dealAmount = checkYuan(input.dealAmount, 'input.dealAmount');
  const dealOn = checkTradeDate(input.dealOn, 'input.dealOn');
  const winnerUscc = checkPartyUscc(input.winnerUscc, 'input.winnerUscc');
  const givenName = input.winnerName?.trim() ? checkText(input.winnerName, 'input.winnerName', 200) : null;

  const trade = await em.transactional(async (tx) => {
    const trade = await lockForTransition(tx, code, TradeStatus.AWARDED, 'input.code', { plain: true });
    if (dealOn < trade.announcedOn) {
      throw badUserInput('input.dealOn', `${dealOn} is before the announcement of ${code} on ${trade.announcedOn}`);
    }
    if (trade.openingOn && dealOn < trade.openingOn) {
      throw badUserInput('input.dealOn', `${dealOn} is before the opening of ${code} on ${trade.openingOn}`);
    }
    const winnerName = givenName ?? (await registeredName(tx, winnerUscc)) ?? missingWinnerName(winnerUscc);
    const change = Object.assign(new TradeStatusChange(), {
      trade,
      fromStatus: trade.status,
      toStatus: TradeStatus.AWARDED,
      reason: null,
      changedBy: actorOf(actor),
    });
    Object.assign(trade, { status: TradeStatus.AWARDED, dealAmount, dealOn, winnerUscc, winnerName, openingOn: trade.openingOn ?? dealOn });
    const receivers = await departmentsWithCodes(tx, [...TRADE_AWARDED_RECEIVERS[trade.category]].sort());
    const events = newOutboxEvents(
      { eventType: TRADE_AWARDED_EVENT, aggregateType: 'trade', aggregateKey: trade.code, payload: awardedPayload(trade) },
      receivers,
    );
    await writeTogether(tx, [
      changedRows(Trade, [trade], ['status', 'dealAmount', 'dealOn', 'winnerUscc', 'winnerName', 'openingOn']),
      newRows(TradeStatusChange, [change]),
      newRows(OutboxEvent, events),
    ]);
    // The trading centre that recorded it is the one awarding it, as a rule; otherwise every scope recounts.
    const recordedHere = trade.recordedBy.id === actor.department.id;
    recordCountsChanged(tx, {
      kind: 'trade',
      divisionCode: trade.divisionCode,
      ...(recordedHere ? { departmentCode: actor.department.code } : {}),
    });
    return trade;
  });
  // The answer reads the trade as written (its history, figures) without reading it back.
  rememberWritten(em, Trade, [trade]);
  return trade;
}

/** The registered name of a market entity, or null when the registry does not hold it. */
async function registeredName(em: EntityManager, uscc: string): Promise<string | null> {
  const [enterprise] = await readRows(em, Enterprise, { uscc });
  return enterprise?.name ?? null;
}

function missingWinnerName(uscc: string): never {
  throw badUserInput('input.winnerName', `${uscc} is not in the registry, so the winner's name must be given`);
}

function awardedPayload(trade: Trade): Record<string, unknown> {
  return {
    code: trade.code,
    name: trade.name,
    category: trade.category,
    method: trade.method,
    divisionCode: trade.divisionCode,
    budget: trade.budget ?? null,
    reservePrice: trade.reservePrice ?? null,
    dealAmount: trade.dealAmount,
    dealOn: trade.dealOn,
    winnerUscc: trade.winnerUscc,
    winnerName: trade.winnerName,
    agencyUscc: trade.agencyUscc ?? null,
    ...figuresOfTrade(trade),
  };
}
