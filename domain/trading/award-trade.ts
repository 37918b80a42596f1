import type { EntityManager } from '@mikro-orm/sql';
import type { Principal } from '../auth/principal.js';
import { badUserInput } from '../errors.js';
import { recordOutboxEvents } from '../outbox/record-event.js';
import { Department } from '../../entities/department.js';
import { Enterprise } from '../../entities/enterprise.js';
import type { Trade } from '../../entities/trade.js';
import { figuresOfTrade } from './figures-of-trade.js';
import { TRADE_AWARDED_EVENT, TRADE_AWARDED_RECEIVERS } from './trade-event-receivers.js';
import { TradeStatus } from '../../entities/trade-status.js';
import { checkPartyUscc, checkProjectCode, checkText, checkTradeDate, checkYuan } from './trade-input.js';
import { assertTradingCentre } from './trading-centre.js';
import { lockForTransition, recordTransition } from './trade-transitions.js';

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
 * transaction. The caller publishes live counts once this has returned, i.e. after the commit.
 */
export async function awardTrade(em: EntityManager, principal: Principal | null, input: AwardTradeInput): Promise<Trade> {
  const actor = assertTradingCentre(principal, 'awardTrade');
  const code = checkProjectCode(input.code, 'input.code');
  const dealAmount = checkYuan(input.dealAmount, 'input.dealAmount');
  const dealOn = checkTradeDate(input.dealOn, 'input.dealOn');
  const winnerUscc = checkPartyUscc(input.winnerUscc, 'input.winnerUscc');

  return em.transactional(async (tx) => {
    const trade = await lockForTransition(tx, code, TradeStatus.AWARDED, 'input.code');
    if (dealOn < trade.announcedOn) {
      throw badUserInput('input.dealOn', `${dealOn} is before the announcement of ${code} on ${trade.announcedOn}`);
    }
    if (trade.openingOn && dealOn < trade.openingOn) {
      throw badUserInput('input.dealOn', `${dealOn} is before the opening of ${code} on ${trade.openingOn}`);
    }
    const registered = await tx.findOne(Enterprise, { uscc: winnerUscc });
    const winnerName = input.winnerName?.trim()
      ? checkText(input.winnerName, 'input.winnerName', 200)
      : (registered?.name ?? missingWinnerName(winnerUscc));

    recordTransition(tx, trade, TradeStatus.AWARDED, actor, null);
    trade.dealAmount = dealAmount;
    trade.dealOn = dealOn;
    trade.winnerUscc = winnerUscc;
    trade.winnerName = winnerName;
    if (!trade.openingOn) trade.openingOn = dealOn;

    const receivers = await tx.find(
      Department,
      { code: { $in: [...TRADE_AWARDED_RECEIVERS[trade.category]] } },
      { orderBy: { code: 'asc' } },
    );
    recordOutboxEvents(
      tx,
      { eventType: TRADE_AWARDED_EVENT, aggregateType: 'trade', aggregateKey: trade.code, payload: awardedPayload(trade) },
      receivers,
    );
    await tx.flush();
    return trade;
  });
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
