import type { EntityManager } from '@mikro-orm/sql';
import type { Principal } from '../auth/principal.js';
import { badUserInput, conflict } from '../errors.js';
import { Trade } from '../../entities/trade.js';
import { TradeStatusChange } from '../../entities/trade-status-change.js';
import { checkMethodFits } from './method-compatibility.js';
import { PRICE_BASIS } from './trade-category.js';
import { TRADE_CATEGORY_LABELS, TradeCategory } from '../../entities/trade-category.js';
import type { TradeMethod } from '../../entities/trade-method.js';
import { TradeStatus } from '../../entities/trade-status.js';
import {
  checkDivisionCode,
  checkFilterDate,
  checkPartyUscc,
  checkProjectCode,
  checkText,
  checkTradeDate,
  checkYuan,
} from './trade-input.js';
import { actorOf, assertTradingCentre } from './trading-centre.js';
import { recordStatementCounts } from '../live-counts/changes.js';
import { rememberWritten } from '../read-rows.js';
import { violatesUnique } from '../registration/unique-violation.js';
import { newRows, writeTogether } from '../write-together-store.js';

export interface RecordTradeInput {
  code: string;
  name: string;
  category: TradeCategory;
  method: TradeMethod;
  budget?: string | null;
  reservePrice?: string | null;
  divisionCode: string;
  announcedOn: string;
  openingOn?: string | null;
  agencyUscc?: string | null;
  agencyName?: string | null;
}

/** Records an announced trade (公告) with its first history entry, in one statement. Only the trading centre may; bad input writes nothing. */
export async function recordTrade(em: EntityManager, principal: Principal | null, input: RecordTradeInput): Promise<Trade> {
  const actor = assertTradingCentre(principal, 'recordTrade');
  const f = (name: string) => `input.${name}`;
  const code = checkProjectCode(input.code, f('code'));
  const name = checkText(input.name, f('name'), 200);
  checkMethodFits(input.category, input.method, f('method'));
  const { budget, reservePrice } = checkPriceBasis(input);
  const divisionCode = checkDivisionCode(input.divisionCode, f('divisionCode'));
  const announcedOn = checkTradeDate(input.announcedOn, f('announcedOn'));
  const openingOn = input.openingOn ? checkOpeningDate(input.openingOn, announcedOn) : null;
  const agencyUscc = input.agencyUscc ? checkPartyUscc(input.agencyUscc, f('agencyUscc')) : null;
  const agencyName = agencyUscc ? checkText(input.agencyName ?? '', f('agencyName'), 200) : null;
  if (!agencyUscc && input.agencyName) throw badUserInput(f('agencyUscc'), 'an agency is named by its USCC as well as its name');

  const trade = Object.assign(new Trade(), {
    code,
    name,
    category: input.category,
    method: input.method,
    budget,
    reservePrice,
    divisionCode,
    announcedOn,
    openingOn,
    agencyUscc,
    agencyName,
    recordedBy: actor.department,
  });
  const announced = Object.assign(new TradeStatusChange(), {
    trade,
    fromStatus: null,
    toStatus: TradeStatus.ANNOUNCED,
    reason: null,
    changedBy: actorOf(actor),
  });
  try {
    // One statement, nothing read first: the unique index on the code decides a second announcement.
    await writeTogether(em, [newRows(Trade, [trade]), newRows(TradeStatusChange, [announced])]);
  } catch (error) {
    if (violatesUnique(error, TRADE_CODE_INDEX))
      throw conflict(f('code'), `a trade ${code} is already recorded; a re-announced project takes a new code`);
    throw error;
  }
  recordStatementCounts(em, { kind: 'trade', departmentCode: actor.department.code, divisionCode });
  rememberWritten(em, Trade, [trade]);
  return trade;
}

/** The unique index on a trade's project code. */
const TRADE_CODE_INDEX = 'trade_code_unique';

function checkOpeningDate(value: string, announcedOn: string): string {
  // An opening date may be scheduled ahead of today, so only its order is checked here.
  checkFilterDate(value, 'input.openingOn');
  if (value < announcedOn) throw badUserInput('input.openingOn', `${value} is before the announcement on ${announcedOn}`);
  return value;
}

/** A purchase is measured against its budget, a transfer against its reserve price; never both. */
function checkPriceBasis(input: RecordTradeInput): { budget: string | null; reservePrice: string | null } {
  const basis = PRICE_BASIS[input.category];
  const label = `${TRADE_CATEGORY_LABELS[input.category]} (${input.category})`;
  const budget = input.budget != null ? checkYuan(input.budget, 'input.budget') : null;
  const reservePrice = input.reservePrice != null ? checkYuan(input.reservePrice, 'input.reservePrice') : null;
  if (basis === 'BUDGET') {
    if (budget === null) throw badUserInput('input.budget', `a ${label} trade needs its budget or control price (预算/控制价)`);
    if (reservePrice !== null) throw badUserInput('input.reservePrice', `a ${label} trade has a budget, not a reserve price`);
  } else if (basis === 'RESERVE') {
    if (reservePrice === null) throw badUserInput('input.reservePrice', `a ${label} transfer needs its reserve price (底价/起始价)`);
    if (budget !== null) throw badUserInput('input.budget', `a ${label} transfer has a reserve price, not a budget`);
  } else if (budget !== null && reservePrice !== null) {
    throw badUserInput('input.reservePrice', 'a trade is measured against a budget or a reserve price, not both');
  }
  return { budget, reservePrice };
}
