import { expect } from 'vitest';
import { DEMO_WINNERS, seedDemoTrades } from '../../demo/trades.js';
import { SourcedRecord } from '../../entities/connector-sourced-record.js';
import { graphql } from '../support/graphql-client.js';
import { companyInput, registerOk } from '../registration/registration-fixtures.js';
import type { TestHub } from '../support/test-hub.js';
import { registerDemoWinners } from '../trading/demo-winners.js';

/**
 * Enterprises with every list an enterprise's fields read: licences, registrations, awarded trades,
 * a change and the tax system's facts. Returns their USCCs.
 */
export async function seedEnterprisesWithLists(hub: TestHub): Promise<string[]> {
  const usccs: string[] = [];
  // Awarded trades to demo winners, registered here; one of them changed and known to the tax system.
  await seedDemoTrades(hub.orm.em.fork());
  const em = hub.orm.em.fork();
  usccs.push(...(await registerDemoWinners(em, DEMO_WINNERS.slice(0, 3))));
  em.create(SourcedRecord, {
    recordType: 'enterprise',
    naturalKey: DEMO_WINNERS[0]!.uscc,
    fields: { taxpayerType: 'GENERAL', insuredEmployees: 12 },
    sources: { taxpayerType: { department: 'SW' } },
  });
  await em.flush();
  const registered = await registerOk(hub, companyInput({ name: '广元市列表读取有限公司' }));
  usccs.push(registered.uscc);
  const changed = await graphql(
    hub.url,
    `
      mutation ($uscc: String!) {
        changeEnterprise(
          uscc: $uscc
          expectedVersion: 1
          changes: { address: "广元市利州区东坝街道1号" }
          document: "广昭市监变字〔2026〕1号"
        ) {
          enterprise {
            uscc
          }
        }
      }
    `,
    { token: hub.tokens.clerk, variables: { uscc: registered.uscc } },
  );
  expect(changed.body.errors).toBeUndefined();
  return usccs;
}
