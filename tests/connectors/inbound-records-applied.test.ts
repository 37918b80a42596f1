import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../domain/connectors/signature.js';
import { graphql } from '../support/graphql-client.js';
import { watchSubscription } from '../support/subscription-watch.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { addCatalog, APPLICANT_USCC, foodLicence } from '../cases/case-fixtures.js';
import { issueOk } from '../licences/licence-fixtures.js';
import { createInboundWebhook, HMAC_SECRET } from './connector-fixtures.js';

type Result = { sourceEventId: string; status: string; reason?: string };

/**
 * Department systems send their records as they stand; the hub applies them to its own trades,
 * cases and licences through the same steps and checks as the API's mutations.
 */
describe('inbound records reach the hub’s trades, cases and licences', () => {
  let hub: TestHub;
  const connectors: Record<string, string> = {};

  beforeAll(async () => {
    hub = await startTestHub({ delivery: { workers: 0, pollMs: 1_000, leaseMs: 5_000, batchSize: 10 } });
    await addCatalog(hub);
    for (const [department, types] of [
      ['GGZY', ['trade']],
      ['SCJG', ['case']],
      ['ZJJ', ['licence']],
      ['MZ', ['case', 'licence']],
    ] as const) {
      connectors[department] = (await createInboundWebhook(hub, department, types)).id;
    }
  });
  afterAll(() => hub.stop());

  async function send(department: string, record: Record<string, unknown>): Promise<Result> {
    const text = JSON.stringify(record);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(`${hub.url}/connectors/${connectors[department]}/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-timestamp': timestamp, 'x-hub-signature': sign(HMAC_SECRET, timestamp, text) },
      body: text,
    });
    return ((await response.json()) as { results: Result[] }).results[0];
  }
  const read = async <T>(query: string, variables: Record<string, unknown>, token = hub.tokens.admin) => {
    const response = await graphql<T>(hub.url, query, { token, variables });
    expect(response.body.errors).toBeUndefined();
    return response.body.data!;
  };
  const count = async (table: string) => Number((await hub.orm.em.fork().execute(`select count(*) as n from ${table}`))[0].n);
  const tradeOf = async (code: string) =>
    (
      await read<{ trade: Record<string, unknown> | null }>(
        'query($code: String!) { trade(code: $code) { status budget dealAmount winnerName statusHistory { toStatus reason } } }',
        { code },
      )
    ).trade;

  describe('trades from the trading centre', () => {
    const announced = {
      name: '昭化区元坝镇污水处理站',
      category: 'CONSTRUCTION',
      method: 'OPEN_TENDER',
      budget: '880000',
      divisionCode: '510811',
      announcedOn: '2026-11-02',
    };

    it('records an announced project, opens it, then awards it, each step once', async () => {
      expect(
        await send('GGZY', { id: 'T1-a', type: 'trade', key: 'ZHGC-2026-101', fields: { status: 'ANNOUNCED', ...announced } }),
      ).toMatchObject({ status: 'APPLIED' });
      expect(await tradeOf('ZHGC-2026-101')).toMatchObject({ status: 'ANNOUNCED', budget: '880000.00', dealAmount: null });

      // The feed resends the whole record with the new status: the same facts are no change.
      expect(
        await send('GGZY', { id: 'T1-b', type: 'trade', key: 'ZHGC-2026-101', fields: { status: 'OPEN', ...announced } }),
      ).toMatchObject({ status: 'APPLIED' });
      const deal = {
        status: 'AWARDED',
        ...announced,
        dealAmount: '812345.60',
        dealOn: '2026-11-16',
        winnerUscc: APPLICANT_USCC,
        winnerName: '福建测试建设有限公司',
      };
      expect(await send('GGZY', { id: 'T1-c', type: 'trade', key: 'ZHGC-2026-101', fields: deal })).toMatchObject({ status: 'APPLIED' });
      // Resent as a table row would have it: an empty opening date does not contradict the one the award set.
      expect(await send('GGZY', { id: 'T1-d', type: 'trade', key: 'ZHGC-2026-101', fields: { ...deal, openingOn: null } })).toMatchObject({
        status: 'APPLIED',
      });
      const trade = await tradeOf('ZHGC-2026-101');
      expect(trade).toMatchObject({ status: 'AWARDED', dealAmount: '812345.60', winnerName: '福建测试建设有限公司' });
      expect((trade!.statusHistory as Array<{ toStatus: string }>).map((change) => change.toStatus)).toEqual([
        'ANNOUNCED',
        'OPEN',
        'AWARDED',
      ]);
      // The award went out to the departments that receive trades, as an awardTrade mutation would send it.
      expect(
        Number((await hub.orm.em.fork().execute(`select count(*) as n from outbox_event where aggregate_key = 'ZHGC-2026-101'`))[0].n),
      ).toBeGreaterThan(0);
    });

    it('applies records of one new project that arrive at the same moment, each once, none lost as a duplicate', async () => {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          send('GGZY', { id: `T-race-${index}`, type: 'trade', key: 'ZHGC-2026-150', fields: { status: 'ANNOUNCED', ...announced } }),
        ),
      );
      expect(results.map((result) => result.status)).toEqual(Array(6).fill('APPLIED'));
      expect((await tradeOf('ZHGC-2026-150'))!.statusHistory).toEqual([{ toStatus: 'ANNOUNCED', reason: null }]);
      const kept = await hub.orm.em
        .fork()
        .execute(`select count(*) as n from connector_inbound_record where source_event_id like 'T-race-%' and status = 'APPLIED'`);
      expect(Number(kept[0].n)).toBe(6);
    });

    it('records a failed project with its reason', async () => {
      const failed = await send('GGZY', {
        id: 'T2',
        type: 'trade',
        key: 'ZHGC-2026-102',
        fields: { status: 'FAILED', ...announced, reason: '有效投标人不足三家' },
      });
      expect(failed).toMatchObject({ status: 'APPLIED' });
      expect((await tradeOf('ZHGC-2026-102'))!.statusHistory).toEqual([
        { toStatus: 'ANNOUNCED', reason: null },
        { toStatus: 'FAILED', reason: '有效投标人不足三家' },
      ]);
    });

    it.each([
      [
        'a new project without its announcement facts',
        { status: 'AWARDED', dealAmount: '1.00' },
        'fields: trade ZHGC-2026-199 is not recorded yet, so the record needs name, category, method, divisionCode, announcedOn',
      ],
      [
        'a purchase measured against a reserve price',
        { ...announced, budget: undefined, reservePrice: '1000' },
        /^fields\.budget: a 工程建设 \(CONSTRUCTION\) trade needs its budget/,
      ],
      ['a method the category does not use', { ...announced, method: 'AUCTION' }, /^fields\.method: /],
      [
        'an award without its winner',
        { ...announced, status: 'AWARDED', dealAmount: '5.00', dealOn: '2026-11-16' },
        'fields.winnerUscc: an awarded trade needs it',
      ],
      [
        'a deal dated before the announcement',
        { ...announced, dealAmount: '5.00', dealOn: '2026-11-01', winnerUscc: APPLICANT_USCC, winnerName: '福建测试建设有限公司' },
        /^fields\.dealOn: 2026-11-01 is before the announcement/,
      ],
      ['a failure without a reason', { ...announced, status: 'FAILED' }, 'fields.reason: a FAILED trade needs it'],
    ])('refuses %s, writing nothing', async (_case, fields, reason) => {
      const trades = await count('trade');
      const result = await send('GGZY', { id: `T-bad-${Math.random()}`, type: 'trade', key: 'ZHGC-2026-199', fields });
      expect(result.status).toBe('REJECTED');
      if (typeof reason === 'string') expect(result.reason).toBe(reason);
      else expect(result.reason).toMatch(reason);
      expect(await count('trade')).toBe(trades);
      expect(await tradeOf('ZHGC-2026-199')).toBeNull();
    });

    it('refuses a changed fact of a recorded project, and a step back', async () => {
      const changed = await send('GGZY', { id: 'T3-a', type: 'trade', key: 'ZHGC-2026-101', fields: { budget: '990000' } });
      expect(changed).toMatchObject({
        status: 'REJECTED',
        reason: expect.stringMatching(/^fields: trade ZHGC-2026-101 is recorded with budget "880000.00"; it is AWARDED, which is final/),
      });
      const back = await send('GGZY', { id: 'T3-b', type: 'trade', key: 'ZHGC-2026-102', fields: { status: 'OPEN' } });
      expect(back).toMatchObject({
        status: 'REJECTED',
        reason: expect.stringMatching(/^key: trade ZHGC-2026-102 is 流标 \(FAILED\) and cannot be/),
      });
    });

    it('refuses trades from a department that is not the trading centre (一数一源)', async () => {
      connectors.MZ_TRADES = (await createInboundWebhook(hub, 'MZ', ['trade'])).id;
      const result = await send('MZ_TRADES', { id: 'T4', type: 'trade', key: 'ZHGC-2026-300', fields: announced });
      expect(result).toMatchObject({ status: 'REJECTED', reason: expect.stringContaining('MZ is not the source of name (owned by GGZY)') });
    });
  });

  describe("cases from a department's own system", () => {
    const acceptance = {
      matterCode: foodLicence.code,
      applicantCode: APPLICANT_USCC,
      applicantName: '福建测试食品有限公司',
      channel: 'WINDOW',
      acceptedAt: '2026-11-16T09:30:00+08:00',
    };
    const caseOf = async (caseNo: string) =>
      (
        await read<{ case: Record<string, any> | null }>(
          'query($caseNo: String!) { case(caseNo: $caseNo) { status acceptedOn dueOn completedOn statusHistory { toStatus changedBy } } }',
          { caseNo },
          hub.tokens.system.SCJG,
        )
      ).case;

    it('accepts a case it has not seen, with its due date from the calendar, and follows it to completion', async () => {
      expect(
        await send('SCJG', { id: 'C1-a', type: 'case', key: 'SCJG-2026-000101', fields: { status: 'ACCEPTED', ...acceptance } }),
      ).toMatchObject({ status: 'APPLIED' });
      expect(await caseOf('SCJG-2026-000101')).toMatchObject({ status: 'ACCEPTED', acceptedOn: '2026-11-16', dueOn: '2026-11-30' });

      // Reported completed straight from ACCEPTED: taken in hand and completed at the reported instant.
      const done = await send('SCJG', {
        id: 'C1-b',
        type: 'case',
        key: 'SCJG-2026-000101',
        fields: { ...acceptance, status: 'COMPLETED', statusAt: '2026-11-20T16:00:00+08:00' },
      });
      expect(done).toMatchObject({ status: 'APPLIED' });
      const completed = await caseOf('SCJG-2026-000101');
      expect(completed).toMatchObject({ status: 'COMPLETED', completedOn: '2026-11-20' });
      expect(completed!.statusHistory.map((change: { toStatus: string }) => change.toStatus)).toEqual([
        'ACCEPTED',
        'IN_PROGRESS',
        'COMPLETED',
      ]);
      expect(completed!.statusHistory[2].changedBy).toMatch(/^SCJG\/connector /);
    });

    it("moves the dashboard's live counts like a case accepted through the API", async () => {
      const screen = watchSubscription<{ casesAccepted: number }>(
        hub.url,
        hub.tokens.dashboard,
        'subscription { liveCounts(scope: { departmentCode: "SCJG" }) { casesAccepted } }',
        'liveCounts',
      );
      try {
        const before = (await screen.until(() => true)).casesAccepted;
        const today = { ...acceptance, acceptedAt: new Date().toISOString() };
        expect(await send('SCJG', { id: 'C-live', type: 'case', key: 'SCJG-2026-000150', fields: today })).toMatchObject({
          status: 'APPLIED',
        });
        await screen.until((figures) => figures.casesAccepted === before + 1);
      } finally {
        await screen.close();
      }
    });

    it('suspends for correction with the reason and resumes', async () => {
      expect(
        await send('SCJG', {
          id: 'C2-a',
          type: 'case',
          key: 'SCJG-2026-000102',
          fields: { ...acceptance, status: 'SUSPENDED', statusAt: '2026-11-17T10:00:00+08:00', reason: '营业执照复印件不清晰' },
        }),
      ).toMatchObject({ status: 'APPLIED' });
      expect(
        await send('SCJG', {
          id: 'C2-b',
          type: 'case',
          key: 'SCJG-2026-000102',
          fields: { status: 'IN_PROGRESS', statusAt: '2026-11-19T10:00:00+08:00' },
        }),
      ).toMatchObject({ status: 'APPLIED' });
      expect((await caseOf('SCJG-2026-000102'))!.statusHistory.map((change: { toStatus: string }) => change.toStatus)).toEqual([
        'ACCEPTED',
        'SUSPENDED',
        'IN_PROGRESS',
      ]);
    });

    it.each([
      [
        'a case of a matter another department implements',
        'MZ',
        { ...acceptance },
        /^fields\.matterCode: matter SCJG-XK-001 is implemented by another department/,
      ],
      [
        'an acceptance time without an offset',
        'SCJG',
        { ...acceptance, acceptedAt: '2026-11-16T09:30:00' },
        /^fields\.acceptedAt: must be an ISO 8601 instant with its offset/,
      ],
      ['a suspension without a reason', 'SCJG', { ...acceptance, status: 'SUSPENDED' }, /^fields\.reason: /],
      [
        'a new case without its applicant',
        'SCJG',
        { ...acceptance, applicantName: undefined },
        'fields: case SCJG-2026-000199 is not recorded yet, so the record needs applicantName',
      ],
    ])('refuses %s, writing nothing', async (_case, department, fields, reason) => {
      const cases = await count('service_case');
      const result = await send(department, { id: `C-bad-${Math.random()}`, type: 'case', key: 'SCJG-2026-000199', fields });
      expect(result.status).toBe('REJECTED');
      if (typeof reason === 'string') expect(result.reason).toBe(reason);
      else expect(result.reason).toMatch(reason);
      expect(await count('service_case')).toBe(cases);
    });

    it("refuses another department's case and a changed acceptance fact", async () => {
      const foreign = await send('MZ', {
        id: 'C3-a',
        type: 'case',
        key: 'SCJG-2026-000101',
        fields: { status: 'WITHDRAWN', reason: '申请人撤回' },
      });
      expect(foreign).toMatchObject({ status: 'REJECTED', reason: 'key: case SCJG-2026-000101 belongs to another department' });
      const changed = await send('SCJG', { id: 'C3-b', type: 'case', key: 'SCJG-2026-000102', fields: { applicantName: '别的公司' } });
      expect(changed).toMatchObject({
        status: 'REJECTED',
        reason: 'fields: case SCJG-2026-000102 was accepted with other applicantName; acceptance facts do not change',
      });
    });
  });

  describe("licence statuses from the issuer's system", () => {
    const statusOf = async (id: string) =>
      (
        await read<{ licence: { status: string; statusHistory: Array<{ toStatus: string; reason: string }> } }>(
          'query($id: ID!) { licence(id: $id) { status statusHistory { toStatus reason } } }',
          { id },
        )
      ).licence;

    it('maps the source code to the one status model; an unchanged status is no change', async () => {
      const licence = await issueOk(hub);
      const issued = await statusOf(licence.id);
      expect(await send('ZJJ', { id: 'L1-a', type: 'licence', key: licence.identifier, fields: { sourceStatusCode: '01' } })).toMatchObject(
        { status: 'APPLIED' },
      );
      expect(await statusOf(licence.id)).toEqual(issued);
      expect(
        await send('ZJJ', {
          id: 'L1-b',
          type: 'licence',
          key: licence.identifier,
          fields: { sourceStatusCode: '02', reason: '安全生产检查不合格' },
        }),
      ).toMatchObject({ status: 'APPLIED' });
      expect(await statusOf(licence.id)).toEqual({
        status: 'SUSPENDED',
        statusHistory: [...issued.statusHistory, { toStatus: 'SUSPENDED', reason: '安全生产检查不合格 (source status 02)' }],
      });
    });

    it('refuses an unmapped code, an unknown identifier and a licence another department issued', async () => {
      const licence = await issueOk(hub);
      expect(await send('ZJJ', { id: 'L2-a', type: 'licence', key: licence.identifier, fields: { sourceStatusCode: '99' } })).toMatchObject(
        {
          status: 'REJECTED',
          reason: expect.stringMatching(/^fields\.sourceStatusCode: 99 is not a status code of .* \(known: 01, 02, 03, 04, 05\)/),
        },
      );
      expect(
        await send('ZJJ', { id: 'L2-b', type: 'licence', key: '1.2.156.3005.2.nothing', fields: { sourceStatusCode: '02' } }),
      ).toMatchObject({
        status: 'REJECTED',
        reason: 'key: no licence has the identifier 1.2.156.3005.2.nothing',
      });
      expect(await send('MZ', { id: 'L2-c', type: 'licence', key: licence.identifier, fields: { sourceStatusCode: '03' } })).toMatchObject({
        status: 'REJECTED',
        reason: expect.stringContaining(`only the issuing department reports the status of ${licence.identifier}`),
      });
      expect((await statusOf(licence.id)).status).toBe('VALID');
    });
  });
});
