import { beforeEach, describe, expect, it } from 'vitest';
import { Trade } from '../../entities/trade.js';
import { TradeStatusChange } from '../../entities/trade-status-change.js';
import type { Principal } from '../../domain/auth/principal.js';
import { Role } from '../../entities/role.js';
import { ErrorCode } from '../../domain/errors.js';
import { NEXT_STATUSES } from '../../domain/trading/trade-status.js';
import { TradeStatus } from '../../entities/trade-status.js';
import { cancelTrade, failTrade, lockForTransition, openTrade, recordTransition } from '../../domain/trading/trade-transitions.js';
import { FakeEntityManager } from '../support/fake-entity-manager.js';
import { refusal } from '../support/refusal.js';

// The trade workflow's rules without a database: which status may follow which, and what a step
// records. tests/trading/trade-workflow.test.ts runs it through GraphQL on PostgreSQL.

const centre: Principal = {
  credentialId: 'cred-ggzy',
  credentialLabel: 'GGZY system',
  department: { id: 'dept-ggzy', code: 'GGZY' } as never,
  clerk: null,
  roles: [Role.SYSTEM],
};
const clerk: Principal = { ...centre, clerk: { name: '王五' } as never, roles: [Role.CLERK] };

let store: FakeEntityManager;
beforeEach(() => {
  store = new FakeEntityManager();
});

function seedTrade(status: TradeStatus): Trade {
  return store.seed(Trade, { code: 'ZHGC-2015-001', status } as unknown as Trade)[0]!;
}

const history = () =>
  store.rowsOf(TradeStatusChange).map(({ fromStatus, toStatus, reason, changedBy }) => ({ fromStatus, toStatus, reason, changedBy }));

describe('which status may follow which', () => {
  // Written out, not derived from NEXT_STATUSES, so a wrong entry there fails here.
  const allowed: Record<TradeStatus, TradeStatus[]> = {
    ANNOUNCED: [TradeStatus.OPEN, TradeStatus.AWARDED, TradeStatus.FAILED, TradeStatus.CANCELLED],
    OPEN: [TradeStatus.AWARDED, TradeStatus.FAILED, TradeStatus.CANCELLED],
    AWARDED: [],
    FAILED: [],
    CANCELLED: [],
  };

  const LABELS: Record<TradeStatus, string> = {
    ANNOUNCED: '已公告',
    OPEN: '开标/竞价中',
    AWARDED: '已成交',
    FAILED: '流标',
    CANCELLED: '已终止',
  };
  const VERBS: Record<TradeStatus, string> = {
    ANNOUNCED: 'announced',
    OPEN: 'opened',
    AWARDED: 'awarded',
    FAILED: 'failed',
    CANCELLED: 'cancelled',
  };

  for (const from of Object.values(TradeStatus)) {
    for (const to of Object.values(TradeStatus)) {
      const ok = allowed[from].includes(to);
      it(`${from} → ${to} is ${ok ? 'allowed' : 'refused'}`, async () => {
        store.seed(Trade, { code: 'ZHGC-2015-000', status: from } as unknown as Trade);
        const trade = seedTrade(from);
        const attempt = lockForTransition(store.em, 'ZHGC-2015-001', to, 'input.code');
        if (ok) {
          expect(await attempt).toBe(trade);
          expect(store.locked).toEqual([trade]);
        } else {
          const error = await refusal(attempt);
          expect(error).toMatchObject({ code: ErrorCode.CONFLICT, field: 'input.code', details: { status: from } });
          expect(error.message).toContain(`trade ZHGC-2015-001 is ${LABELS[from]} (${from}) and cannot be ${VERBS[to]}; `);
          if (allowed[from].length === 0) expect(error.message).toContain(`a ${VERBS[from]} trade is final`);
        }
      });
    }
  }

  it('says where a trade can go, or that a final trade is re-run under a new code', async () => {
    seedTrade(TradeStatus.OPEN);
    expect((await refusal(openTrade(store.em, centre, 'ZHGC-2015-001'))).message).toBe(
      'code: trade ZHGC-2015-001 is 开标/竞价中 (OPEN) and cannot be opened; from OPEN it can only become AWARDED, FAILED, CANCELLED',
    );
    store = new FakeEntityManager();
    seedTrade(TradeStatus.AWARDED);
    expect((await refusal(cancelTrade(store.em, centre, { code: 'ZHGC-2015-001', reason: '终止' }))).message).toBe(
      'input.code: trade ZHGC-2015-001 is 已成交 (AWARDED) and cannot be cancelled; a awarded trade is final — a re-run project is recorded under a new code',
    );
    expect(NEXT_STATUSES.FAILED).toEqual([]);
    expect(NEXT_STATUSES.CANCELLED).toEqual([]);
  });

  it('refuses an unknown trade, naming the field', async () => {
    const error = await refusal(lockForTransition(store.em, 'ZHGC-2015-999', TradeStatus.OPEN, 'code'));
    expect(error).toMatchObject({ code: ErrorCode.NOT_FOUND, field: 'code', message: 'code: no trade ZHGC-2015-999' });
  });
});

describe('opening, failing and cancelling a trade', () => {
  it('opens an announced trade and records who did it', async () => {
    const trade = seedTrade(TradeStatus.ANNOUNCED);
    expect(await openTrade(store.em, centre, ' ZHGC-2015-001 ')).toBe(trade);
    expect(trade.status).toBe(TradeStatus.OPEN);
    expect(history()).toEqual([{ fromStatus: 'ANNOUNCED', toStatus: 'OPEN', reason: null, changedBy: 'GGZY GGZY system' }]);
    expect(store.flushes).toBe(1);
  });

  it('fails and cancels with the reason kept, and a clerk named', async () => {
    const failed = seedTrade(TradeStatus.OPEN);
    await failTrade(store.em, clerk, { code: 'ZHGC-2015-001', reason: '  有效投标不足三家  ' });
    expect(failed.status).toBe(TradeStatus.FAILED);
    expect(history()).toEqual([{ fromStatus: 'OPEN', toStatus: 'FAILED', reason: '有效投标不足三家', changedBy: 'GGZY 王五' }]);
    store = new FakeEntityManager();
    const cancelled = seedTrade(TradeStatus.ANNOUNCED);
    await cancelTrade(store.em, centre, { code: 'ZHGC-2015-001', reason: '业主撤回' });
    expect(cancelled.status).toBe(TradeStatus.CANCELLED);
    expect(history()).toEqual([{ fromStatus: 'ANNOUNCED', toStatus: 'CANCELLED', reason: '业主撤回', changedBy: 'GGZY GGZY system' }]);
    expect(store.flushes).toBe(1);
  });

  it('requires a reason to fail or cancel, at most 500 characters', async () => {
    const trade = seedTrade(TradeStatus.OPEN);
    for (const step of [failTrade, cancelTrade]) {
      const empty = await refusal(step(store.em, centre, { code: 'ZHGC-2015-001', reason: '  ' }));
      expect(empty).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, field: 'input.reason' });
      const long = await refusal(step(store.em, centre, { code: 'ZHGC-2015-001', reason: '流'.repeat(501) }));
      expect(long).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, field: 'input.reason' });
      const badCode = await refusal(step(store.em, centre, { code: '-x', reason: '流标' }));
      expect(badCode).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, field: 'input.code' });
    }
    await failTrade(store.em, centre, { code: 'ZHGC-2015-001', reason: '流'.repeat(500) });
    expect(trade.status).toBe(TradeStatus.FAILED);
  });

  it('refuses a bad code when opening, naming the field', async () => {
    const error = await refusal(openTrade(store.em, centre, '(bad'));
    expect(error).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, field: 'code' });
  });

  it('lets only the trading centre step a trade', async () => {
    const trade = seedTrade(TradeStatus.ANNOUNCED);
    const other: Principal = { ...centre, department: { id: 'dept-scjg', code: 'SCJG' } as never };
    for (const attempt of [
      openTrade(store.em, other, 'ZHGC-2015-001'),
      failTrade(store.em, null, { code: 'ZHGC-2015-001', reason: '流标' }),
      cancelTrade(store.em, { ...centre, roles: [Role.DASHBOARD] }, { code: 'ZHGC-2015-001', reason: '终止' }),
    ]) {
      expect((await refusal(attempt)).code).toBe(ErrorCode.FORBIDDEN);
    }
    expect((await refusal(openTrade(store.em, other, 'ZHGC-2015-001'))).message).toMatch(/^openTrade: /);
    expect((await refusal(failTrade(store.em, other, { code: 'ZHGC-2015-001', reason: '流标' }))).message).toMatch(/^failTrade: /);
    expect((await refusal(cancelTrade(store.em, other, { code: 'ZHGC-2015-001', reason: '终止' }))).message).toMatch(/^cancelTrade: /);
    expect(trade.status).toBe(TradeStatus.ANNOUNCED);
    expect(history()).toEqual([]);
  });

  it('recordTransition writes the step from the status the trade had', () => {
    const trade = seedTrade(TradeStatus.OPEN);
    recordTransition(store.em, trade, TradeStatus.AWARDED, centre, null);
    expect(trade.status).toBe(TradeStatus.AWARDED);
    expect(store.rowsOf(TradeStatusChange)).toEqual([
      { trade, fromStatus: 'OPEN', toStatus: 'AWARDED', reason: null, changedBy: 'GGZY GGZY system' },
    ]);
  });
});
