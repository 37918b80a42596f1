import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxEvent } from '../../entities/outbox-event.js';
import { graphql } from '../support/graphql-client.js';
import { recordingQueries, startTestHub, type TestHub } from '../support/test-hub.js';
import { registerOk, companyInput } from '../registration/registration-fixtures.js';
import { demoRoadTender } from '../../demo/trades.js';

let hub: TestHub;
const statements: string[] = [];
beforeAll(async () => {
  hub = await startTestHub(
    {},
    recordingQueries((statement) => statements.push(statement)),
  );
});
afterAll(() => hub?.stop());

const RECORD = `mutation R($input: RecordTradeInput!) { recordTrade(input: $input) { code } }`;
const AWARD = `mutation A($input: AwardTradeInput!) { awardTrade(input: $input) { status winnerName dealAmount statusHistory { toStatus } } }`;

describe('an award written set-based', () => {
  it('writes the trade, its history entry and its events in one statement, after reading and locking the trade', async () => {
    const winner = await registerOk(hub, companyInput({ name: '广元市一次写入中标建设有限公司' }));
    const recorded = await graphql(hub.url, RECORD, {
      token: hub.tokens.system.GGZY,
      variables: { input: demoRoadTender('ZHGC-2026-STATEMENTS', { announcedOn: '2026-11-02' }) },
    });
    expect(recorded.body.errors).toBeUndefined();
    const eventsBefore = await hub.orm.em.fork().count(OutboxEvent, { aggregateType: 'trade' });

    statements.length = 0;
    const awarded = await graphql<{ awardTrade: Record<string, unknown> }>(hub.url, AWARD, {
      token: hub.tokens.system.GGZY,
      variables: { input: { code: 'ZHGC-2026-STATEMENTS', dealAmount: '61686300.00', dealOn: '2026-11-20', winnerUscc: winner.uscc } },
    });
    expect(awarded.body.errors).toBeUndefined();
    // The winner's name is the registry's; the answer reads the history the statement wrote.
    expect(awarded.body.data!.awardTrade).toEqual({
      status: 'AWARDED',
      winnerName: '广元市一次写入中标建设有限公司',
      dealAmount: '61686300.00',
      statusHistory: [{ toStatus: 'ANNOUNCED' }, { toStatus: 'AWARDED' }],
    });
    const touching = (table: string) => statements.filter((statement) => new RegExp(`(insert into|update) "${table}"`).test(statement));
    const [write, ...more] = touching('trade');
    expect(more).toEqual([]);
    for (const table of ['trade_status_change', 'outbox_event']) expect(touching(table)).toEqual([write]);
    expect(statements.filter((statement) => /for update/.test(statement))).toHaveLength(1);
    expect(await hub.orm.em.fork().count(OutboxEvent, { aggregateType: 'trade' })).toBeGreaterThan(eventsBefore);
  });
});
