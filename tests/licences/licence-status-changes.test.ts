import { beforeEach, describe, expect, it } from 'vitest';
import { Department } from '../../entities/department.js';
import { Enterprise } from '../../entities/enterprise.js';
import { Licence } from '../../entities/licence.js';
import { LicenceStatusChange } from '../../entities/licence-status-change.js';
import { LicenceType } from '../../entities/licence-type.js';
import { OutboxEvent } from '../../entities/outbox-event.js';
import { ErrorCode } from '../../domain/errors.js';
import { changeLicenceStatus, LicenceAction, lockLicence } from '../../domain/licence/change-licence-status.js';
import { effectiveStatus } from '../../domain/licence/effective-status.js';
import type { LicenceActor } from '../../domain/licence/licence-actor.js';
import { LicenceStatus } from '../../entities/licence-status.js';
import { BUSINESS_LICENCE_TYPE_CODE } from '../../domain/licence/issue-business-licence.js';
import { EnterpriseStatus } from '../../entities/enterprise-status.js';
import { todayInShanghai, addCalendarDays } from '../../domain/working-days.js';
import { FakeEntityManager } from '../support/fake-entity-manager.js';
import { refusal } from '../support/refusal.js';

// The licence status model without a database: which act applies to which status (the status in
// force today, so a licence past its last day is expired), what a change records and sends, and
// how a business licence takes its entity with it. tests/licences/licence-life.test.ts and
// business-licence-standing.test.ts run the same acts through GraphQL on PostgreSQL.

const SCJG = { id: 'dept-scjg', code: 'SCJG' };
const RS = { id: 'dept-rs', code: 'RS' };
const issuer = { department: SCJG, name: 'SCJG/李四' } as unknown as LicenceActor;
const ID = '0190f5a4-7b1c-7cc3-9d2e-4f5a6b7c8d9e';
const IDENTIFIER = '1.2.156.3005.2.11100000000013338W001.91510811MA00000017.00001.001.K';

let store: FakeEntityManager;
beforeEach(() => {
  store = new FakeEntityManager();
  store.seed(Department, SCJG, RS);
  store.seed(
    LicenceType,
    { code: 'FOOD', name: '食品经营许可证', subscriberDepartmentCodes: ['RS'] },
    { code: BUSINESS_LICENCE_TYPE_CODE, name: '营业执照', subscriberDepartmentCodes: [] },
  );
});

function seedLicence(fields: Partial<Licence> = {}): Licence {
  return store.seed(Licence, {
    id: ID,
    identifier: IDENTIFIER,
    licenceTypeCode: 'FOOD',
    number: 'JY15108110000017',
    holderCode: '91510811MA00000017',
    holderCodeType: 'USCC',
    holderName: '某餐饮公司',
    status: LicenceStatus.VALID,
    validFrom: '2026-01-15',
    validTo: null,
    issuer: SCJG,
    enterprise: null,
    ...fields,
  } as unknown as Licence)[0]!;
}

const change = (action: LicenceAction, reason = '违法经营', document: string | null | undefined = undefined, id = ID) =>
  changeLicenceStatus(store.em, issuer, { id, action, reason, document });

describe('which act applies to which status', () => {
  // Written out, not derived from LicenceAction, so a wrong entry there fails here.
  const allowed: Record<keyof typeof LicenceAction, LicenceStatus[]> = {
    SUSPEND: [LicenceStatus.VALID],
    REINSTATE: [LicenceStatus.SUSPENDED],
    REVOKE: [LicenceStatus.VALID, LicenceStatus.SUSPENDED],
    CANCEL: [LicenceStatus.VALID, LicenceStatus.SUSPENDED, LicenceStatus.EXPIRED],
    EXPIRE: [LicenceStatus.VALID, LicenceStatus.SUSPENDED],
  };
  const leadsTo: Record<keyof typeof LicenceAction, LicenceStatus> = {
    SUSPEND: LicenceStatus.SUSPENDED,
    REINSTATE: LicenceStatus.VALID,
    REVOKE: LicenceStatus.REVOKED,
    CANCEL: LicenceStatus.CANCELLED,
    EXPIRE: LicenceStatus.EXPIRED,
  };

  for (const [name, action] of Object.entries(LicenceAction) as Array<[keyof typeof LicenceAction, LicenceAction]>) {
    for (const from of Object.values(LicenceStatus)) {
      const ok = allowed[name].includes(from);
      it(`${name} ${ok ? 'moves' : 'is refused for'} a ${from} licence`, async () => {
        const licence = seedLicence({ status: from });
        if (ok) {
          await change(action, '  违法经营  ', 'X市监〔2026〕1号');
          expect(store.locked).toEqual([licence]);
          expect(licence.status).toBe(leadsTo[name]);
          expect(store.rowsOf(LicenceStatusChange)).toEqual([
            {
              licence,
              fromStatus: from,
              toStatus: leadsTo[name],
              reason: '违法经营',
              document: 'X市监〔2026〕1号',
              changedBy: 'SCJG/李四',
            },
          ]);
          // Sent to the departments that subscribe to the type, with the new status.
          const events = store.rowsOf(OutboxEvent);
          expect(events).toHaveLength(1);
          expect(events[0]).toMatchObject({
            eventType: 'licence.status-changed',
            aggregateKey: IDENTIFIER,
            department: RS,
            payload: { status: leadsTo[name] },
          });
        } else {
          const error = await refusal(change(action));
          expect(error).toMatchObject({ code: ErrorCode.CONFLICT, field: 'id', details: { status: from } });
          expect(licence.status).toBe(from);
          expect(store.rowsOf(LicenceStatusChange)).toEqual([]);
          expect(store.rowsOf(OutboxEvent)).toEqual([]);
        }
      });
    }
  }
});

describe('what a refusal says', () => {
  it('names the status the licence already has', async () => {
    seedLicence({ status: LicenceStatus.SUSPENDED });
    expect((await refusal(change(LicenceAction.SUSPEND))).message).toBe(
      `id: licence ${IDENTIFIER} is already suspended (SUSPENDED); only a valid licence can be suspended`,
    );
  });

  it('says a valid licence was never suspended when asked to reinstate it', async () => {
    seedLicence({ status: LicenceStatus.VALID });
    expect((await refusal(change(LicenceAction.REINSTATE))).message).toBe(
      `id: licence ${IDENTIFIER} is not suspended (it is valid); only a suspended licence can be reinstated`,
    );
  });

  it('says where the licence stands and which statuses the act starts from', async () => {
    seedLicence({ status: LicenceStatus.REVOKED });
    expect((await refusal(change(LicenceAction.REINSTATE))).message).toBe(
      `id: licence ${IDENTIFIER} is revoked (REVOKED) and cannot be reinstated; only a suspended licence can be reinstated`,
    );
    expect((await refusal(change(LicenceAction.CANCEL))).message).toBe(
      `id: licence ${IDENTIFIER} is revoked (REVOKED) and cannot be cancelled; only a licence that is valid or suspended or expired can be cancelled`,
    );
  });
});

describe('the status in force today', () => {
  const today = todayInShanghai();
  const yesterday = addCalendarDays(today, -1);

  it('a valid licence past its last day is expired: it can be cancelled, not suspended', async () => {
    const licence = seedLicence({ validTo: yesterday });
    expect(effectiveStatus(licence)).toBe(LicenceStatus.EXPIRED);
    const error = await refusal(change(LicenceAction.SUSPEND));
    expect(error).toMatchObject({ code: ErrorCode.CONFLICT, details: { status: LicenceStatus.EXPIRED } });
    await change(LicenceAction.CANCEL);
    expect(store.rowsOf(LicenceStatusChange)[0]).toMatchObject({ fromStatus: LicenceStatus.EXPIRED, toStatus: LicenceStatus.CANCELLED });
  });

  it('a licence is valid through its last day, and without one for good', () => {
    expect(effectiveStatus({ status: LicenceStatus.VALID, validTo: today })).toBe(LicenceStatus.VALID);
    expect(effectiveStatus({ status: LicenceStatus.VALID, validTo: '2026-06-30' }, '2026-06-30')).toBe(LicenceStatus.VALID);
    expect(effectiveStatus({ status: LicenceStatus.VALID, validTo: '2026-06-30' }, '2026-07-01')).toBe(LicenceStatus.EXPIRED);
    expect(effectiveStatus({ status: LicenceStatus.VALID, validTo: null }, '2099-01-01')).toBe(LicenceStatus.VALID);
  });

  it('only a valid licence expires by its dates: a suspended or revoked one keeps its status', () => {
    expect(effectiveStatus({ status: LicenceStatus.SUSPENDED, validTo: '2020-01-01' }, '2026-07-01')).toBe(LicenceStatus.SUSPENDED);
    expect(effectiveStatus({ status: LicenceStatus.REVOKED, validTo: '2020-01-01' }, '2026-07-01')).toBe(LicenceStatus.REVOKED);
  });
});

describe('who may act, and with what reason', () => {
  it('requires a reason of at most 500 characters, counted as characters', async () => {
    const licence = seedLicence();
    for (const reason of ['', '   ']) {
      expect(await refusal(change(LicenceAction.SUSPEND, reason))).toMatchObject({
        code: ErrorCode.BAD_USER_INPUT,
        field: 'reason',
        message: 'reason: must say why',
      });
    }
    expect(await refusal(change(LicenceAction.SUSPEND, '违'.repeat(501)))).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      field: 'reason',
      message: 'reason: must be at most 500 characters',
    });
    // 500 characters outside the Basic Multilingual Plane are 1 000 UTF-16 code units: still 500 characters.
    await change(LicenceAction.SUSPEND, '𠀀'.repeat(500));
    expect(licence.status).toBe(LicenceStatus.SUSPENDED);
    expect(store.rowsOf(LicenceStatusChange)[0]).toMatchObject({ document: null });
  });

  it('refuses an id that is not a licence id, an unknown licence, and another department', async () => {
    seedLicence();
    for (const id of ['not-an-id', `${ID}0`, ID.slice(1), ` ${ID}`]) {
      expect(await refusal(change(LicenceAction.SUSPEND, '违法', null, id))).toMatchObject({
        code: ErrorCode.BAD_USER_INPUT,
        field: 'id',
        message: 'id: is not a licence id',
      });
    }
    const unknown = '0190f5a4-7b1c-7cc3-9d2e-000000000000';
    expect(await refusal(change(LicenceAction.SUSPEND, '违法', null, unknown))).toMatchObject({
      code: ErrorCode.NOT_FOUND,
      field: 'id',
      message: `id: no licence has id ${unknown}`,
    });
    const foreign = await refusal(
      changeLicenceStatus(store.em, { department: RS, name: 'RS/赵六' } as unknown as LicenceActor, {
        id: ID,
        action: LicenceAction.SUSPEND,
        reason: '违法',
      }),
    );
    expect(foreign).toMatchObject({
      code: ErrorCode.FORBIDDEN,
      field: 'id',
      message: `only the issuing department may change licence ${IDENTIFIER}`,
    });
    expect(store.rowsOf(LicenceStatusChange)).toEqual([]);
  });

  it('takes a licence id in capitals', async () => {
    const upper = ID.toUpperCase();
    const licence = seedLicence({ id: upper });
    expect(await lockLicence(store.em, upper)).toBe(licence);
  });
});

describe('a business licence carries its entity (一照一码)', () => {
  function seedEnterprise() {
    const [enterprise] = store.seed(Enterprise, {
      id: 'ent-1',
      uscc: '91510811MA00000017',
      name: '某餐饮公司',
      kind: 'COMPANY',
      status: EnterpriseStatus.ACTIVE,
      registeringAuthority: SCJG,
    } as unknown as Enterprise);
    const business = seedLicence({ licenceTypeCode: BUSINESS_LICENCE_TYPE_CODE, enterprise: enterprise as never });
    const [food] = store.seed(Licence, {
      id: '0190f5a4-7b1c-7cc3-9d2e-111111111111',
      identifier: 'FOOD-1',
      licenceTypeCode: 'FOOD',
      status: LicenceStatus.VALID,
      validTo: null,
      issuer: SCJG,
      enterprise,
    } as unknown as Licence);
    return { enterprise: enterprise!, business, food: food! };
  }

  it('cancelling it deregisters the entity and cancels its other live licences', async () => {
    const { enterprise, business, food } = seedEnterprise();
    await change(LicenceAction.CANCEL, '申请注销');
    expect(business.status).toBe(LicenceStatus.CANCELLED);
    expect(enterprise.status).toBe(EnterpriseStatus.DEREGISTERED);
    expect(food.status).toBe(LicenceStatus.CANCELLED);
    // Each licence is sent as its own type says: the business licence type has no subscribers, the food licence's does.
    expect(store.rowsOf(OutboxEvent).map((event) => [event.aggregateKey, event.department.code])).toEqual([['FOOD-1', 'RS']]);
    expect(
      store
        .rowsOf(LicenceStatusChange)
        .map(({ licence, fromStatus, toStatus, reason }) => ({ licence: licence.identifier, fromStatus, toStatus, reason })),
    ).toEqual([
      { licence: IDENTIFIER, fromStatus: 'VALID', toStatus: 'CANCELLED', reason: '申请注销' },
      { licence: 'FOOD-1', fromStatus: 'VALID', toStatus: 'CANCELLED', reason: 'holder 91510811MA00000017 deregistered: 申请注销' },
    ]);
  });

  it('revoking it revokes the entity and leaves its other licences alone', async () => {
    const { enterprise, business, food } = seedEnterprise();
    await change(LicenceAction.REVOKE, '吊销营业执照');
    expect(business.status).toBe(LicenceStatus.REVOKED);
    expect(enterprise.status).toBe(EnterpriseStatus.REVOKED);
    expect(food.status).toBe(LicenceStatus.VALID);
  });
});
