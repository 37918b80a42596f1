import { Trade } from '../../../entities/trade.js';
import { awardTrade } from '../../trading/award-trade.js';
import { recordTrade } from '../../trading/record-trade.js';
import { cancelTrade, failTrade, openTrade } from '../../trading/trade-transitions.js';
import { TradeStatus } from '../../../entities/trade-status.js';
import type { TradeCategory } from '../../../entities/trade-category.js';
import type { TradeMethod } from '../../../entities/trade-method.js';
import { CreatedConcurrently, type InboundApplication, type InboundApplier } from './inbound-application.js';
import { isConflictOn } from './inbound-refusal.js';
import { InboundRefusal } from './inbound-refusal.js';

const ANNOUNCEMENT = [
  'name',
  'category',
  'method',
  'budget',
  'reservePrice',
  'divisionCode',
  'announcedOn',
  'openingOn',
  'agencyUscc',
  'agencyName',
] as const;
const REQUIRED_TO_RECORD = ['name', 'category', 'method', 'divisionCode', 'announcedOn'] as const;
const DEAL = ['dealAmount', 'dealOn', 'winnerUscc', 'winnerName'] as const;

/**
 * A project from the trading centre's deals feed, as it stands now. A project the hub has not seen
 * is recorded as announced; then it is moved to the status sent through the same steps as the
 * trading mutations (opened, awarded, failed or cancelled), with their checks. A feed resends
 * whole records, so facts equal to the recorded ones are fine; a changed announced fact or deal is
 * refused, as an awarded or closed trade is final and a re-run project takes a new code.
 */
export const applyTradeRecord: InboundApplier = async (application) => {
  const { tx, principal, key, fields } = application;
  let trade = await tx.findOne(Trade, { code: key });
  if (!trade) {
    trade = await recordTrade(tx, principal, announcementOf(application)).catch((error: unknown) => {
      throw isConflictOn(error, 'input.code') ? new CreatedConcurrently(`trade ${key}`) : error;
    });
  } else {
    refuseChanged(trade, fields, ANNOUNCEMENT);
  }
  const target = (fields.status as TradeStatus | undefined) ?? (fields.dealAmount != null ? TradeStatus.AWARDED : trade.status);
  if (target === trade.status) {
    if (target === TradeStatus.AWARDED) refuseChanged(trade, fields, DEAL);
    return;
  }
  const reason = () => required(fields, 'reason', `a ${target} trade`) as string;
  switch (target) {
    case TradeStatus.ANNOUNCED:
      throw new InboundRefusal(`fields.status: trade ${key} is ${trade.status} and cannot become ANNOUNCED again`);
    case TradeStatus.OPEN:
      await openTrade(tx, principal, key);
      break;
    case TradeStatus.AWARDED:
      await awardTrade(tx, principal, {
        code: key,
        dealAmount: required(fields, 'dealAmount', 'an awarded trade') as string,
        dealOn: required(fields, 'dealOn', 'an awarded trade') as string,
        winnerUscc: required(fields, 'winnerUscc', 'an awarded trade') as string,
        winnerName: (fields.winnerName as string | undefined) ?? null,
      });
      break;
    case TradeStatus.FAILED:
      await failTrade(tx, principal, { code: key, reason: reason() });
      break;
    case TradeStatus.CANCELLED:
      await cancelTrade(tx, principal, { code: key, reason: reason() });
      break;
  }
};

function announcementOf({ key, fields }: InboundApplication) {
  const missing = REQUIRED_TO_RECORD.filter((field) => fields[field] == null);
  if (missing.length) throw new InboundRefusal(`fields: trade ${key} is not recorded yet, so the record needs ${missing.join(', ')}`);
  return {
    code: key,
    name: fields.name as string,
    category: fields.category as TradeCategory,
    method: fields.method as TradeMethod,
    budget: (fields.budget as string | undefined) ?? null,
    reservePrice: (fields.reservePrice as string | undefined) ?? null,
    divisionCode: fields.divisionCode as string,
    announcedOn: fields.announcedOn as string,
    openingOn: (fields.openingOn as string | undefined) ?? null,
    agencyUscc: (fields.agencyUscc as string | undefined) ?? null,
    agencyName: (fields.agencyName as string | undefined) ?? null,
  };
}

function required(fields: Record<string, unknown>, field: string, what: string): unknown {
  if (fields[field] == null) throw new InboundRefusal(`fields.${field}: ${what} needs it`);
  return fields[field];
}

/**
 * Refuses a sent fact that differs from the recorded one. Absent and empty facts are not compared:
 * a source that leaves a column empty does not contradict what the hub recorded or derived (an
 * award sets the opening date when none was announced).
 */
function refuseChanged(trade: Trade, fields: Record<string, unknown>, names: readonly (keyof Trade & string)[]): void {
  const changed = names.filter((name) => fields[name] != null && fields[name] !== (trade[name] ?? null));
  if (changed.length) {
    throw new InboundRefusal(
      `fields: trade ${trade.code} is recorded with ${changed.map((name) => `${name} ${JSON.stringify(trade[name] ?? null)}`).join(', ')}; ` +
        `${trade.status === TradeStatus.ANNOUNCED || trade.status === TradeStatus.OPEN ? 'announced facts do not change' : `it is ${trade.status}, which is final`}; a re-run project takes a new code`,
    );
  }
}
