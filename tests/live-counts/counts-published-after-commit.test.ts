import { buildSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTS_CHANGED, type CountsChanged } from '../../domain/live-counts/counts-changed.js';
import { listen } from '../../support/shared-pubsub.js';
import { ACCEPT, acceptInput, APPLICANT_ID, addCatalog, step } from '../cases/case-fixtures.js';
import { constructionPermit, issueOk } from '../licences/licence-fixtures.js';
import { registerOk } from '../registration/registration-fixtures.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { demoRoadTender } from '../../demo/trades.js';

/**
 * Every mutation of the schema, run against PostgreSQL: whenever a table the live counts read
 * changed, a counts:changed of its kind was published. Nobody publishes by hand any more (the unit
 * of work does, after the commit), so this is what fails if that stops, or if a new write bypasses
 * it (raw SQL that does not record its change).
 */

/** What the counts read, per table, and the kind of change that must announce it. */
const COUNTED: Record<string, { kind: CountsChanged['kind']; columns: string }> = {
  registration: { kind: 'registration', columns: 't.*' },
  // Only the enterprise's columns the counts read: a new enterprise comes with its registration.
  enterprise: { kind: 'registration', columns: 't.id, t.division_code, t.kind' },
  licence: { kind: 'licence', columns: 't.*' },
  service_case: { kind: 'case', columns: 't.*' },
  trade: { kind: 'trade', columns: 't.*' },
};

/**
 * Mutations that write no counted table, with why. A new mutation must be added either here or to
 * the scenarios below, or the first test fails.
 */
const WRITES_NO_COUNTED_TABLE: Record<string, string> = {
  createDepartment: 'departments and credentials',
  issueCredential: 'credentials',
  revokeCredential: 'credentials',
  grantSharing: 'sharing grants',
  revokeSharingGrant: 'sharing grants',
  setFieldSharing: 'the sharing policy',
  createConnector: 'connector settings',
  updateConnector: 'connector settings',
  replayDelivery: 'deliveries and receipts',
  replayDeadLetters: 'deliveries and receipts',
  createLicenceType: 'licence types',
  rotateSigningKey: 'the licence signing keys',
  addMatter: 'the matters catalog',
  adjustMatter: 'the matters catalog',
  importMatters: 'the matters catalog',
  setAcceptanceRule: 'the acceptance rule (cases accepted later take it)',
  // Runs the inbound connector path (receiveRecord); tests/connectors/inbound-records-applied.test.ts
  // watches liveCounts through it, and the path writes through the same unit of work.
  importRecords: 'connector records, applied through the same unit of work as the mutations',
};

type Run = (hub: TestHub, state: Record<string, any>) => Promise<{ body: { errors?: unknown[]; data?: any } }>;

const LICENCE_STEP = (name: string) => `mutation($id: ID!) { ${name}(id: $id, reason: "测试") { id status } }`;
const TRADE = (code: string) => demoRoadTender(code);
const gql = (hub: TestHub, query: string, token: string, variables?: Record<string, unknown>) =>
  graphql<any>(hub.url, query, { token, variables });

/** In order: each may use what an earlier one created. */
const SCENARIOS: Array<[mutation: string, run: Run]> = [
  [
    'registerEnterprise',
    async (hub, state) => {
      const enterprise = await registerOk(hub);
      Object.assign(state, { uscc: enterprise.uscc, version: enterprise.version });
      return { body: {} };
    },
  ],
  [
    'changeEnterprise',
    async (hub, state) => {
      const response = await gql(
        hub,
        `mutation($uscc: String!, $v: Int!) { changeEnterprise(uscc: $uscc, expectedVersion: $v, changes: { address: "四川省广元市昭化区元坝镇解放街2号" }, document: "变更-1") { enterprise { version } } }`,
        hub.tokens.clerk,
        { uscc: state.uscc, v: state.version },
      );
      state.version = response.body.data?.changeEnterprise.enterprise.version;
      return response;
    },
  ],
  [
    'issueLicence',
    async (hub, state) => {
      state.licence = (await issueOk(hub, constructionPermit())).id;
      state.other = (await issueOk(hub, constructionPermit())).id;
      return { body: {} };
    },
  ],
  ['suspendLicence', (hub, state) => gql(hub, LICENCE_STEP('suspendLicence'), hub.tokens.system.ZJJ, { id: state.licence })],
  ['reinstateLicence', (hub, state) => gql(hub, LICENCE_STEP('reinstateLicence'), hub.tokens.system.ZJJ, { id: state.licence })],
  [
    'renewLicence',
    async (hub, state) => {
      const response = await gql(
        hub,
        `mutation($id: ID!) { renewLicence(id: $id, input: { validTo: "2030-12-31", reason: "延期" }) { id identifier } }`,
        hub.tokens.system.ZJJ,
        { id: state.licence },
      );
      Object.assign(state, { licence: response.body.data?.renewLicence.id, identifier: response.body.data?.renewLicence.identifier });
      return response;
    },
  ],
  [
    'useLicence',
    (hub, state) =>
      gql(
        hub,
        `mutation($id: String!) { useLicence(identifier: $id, matterCode: "M1", caseNo: "C1", purpose: "核验") { id } }`,
        hub.tokens.system.ZJJ,
        { id: state.identifier },
      ),
  ],
  [
    'recordLicenceSourceStatus',
    (hub, state) =>
      gql(
        hub,
        `mutation($id: ID!) { recordLicenceSourceStatus(id: $id, sourceStatusCode: "02", reason: "住建系统同步") { status } }`,
        hub.tokens.system.ZJJ,
        { id: state.licence },
      ),
  ],
  ['revokeLicence', (hub, state) => gql(hub, LICENCE_STEP('revokeLicence'), hub.tokens.system.ZJJ, { id: state.other })],
  ['cancelLicence', (hub, state) => gql(hub, LICENCE_STEP('cancelLicence'), hub.tokens.system.ZJJ, { id: state.licence })],
  [
    'acceptCase',
    async (hub, state) => {
      await addCatalog(hub);
      const ids = ['A', 'B', 'C'].map((suffix) => `SCJG-EVT-${suffix}`);
      Object.assign(state, { cases: ids });
      for (const caseNo of ids) {
        const missing =
          caseNo === ids[0]
            ? { applicantCode: APPLICANT_ID, applicantName: '张三', missingMaterials: ['健康证明'], missingMaterialsDueOn: '2026-10-09' }
            : {};
        const response = await gql(hub, ACCEPT, hub.tokens.system.SCJG, { input: acceptInput({ caseNo, ...missing }) });
        if (response.body.errors) return response;
      }
      return { body: {} };
    },
  ],
  ['startCase', (hub, state) => gql(hub, step('startCase'), hub.tokens.system.SCJG, { input: { caseNo: state.cases[0] } })],
  [
    'suspendCase',
    (hub, state) => gql(hub, step('suspendCase'), hub.tokens.system.SCJG, { input: { caseNo: state.cases[0], reason: '补正材料' } }),
  ],
  ['resumeCase', (hub, state) => gql(hub, step('resumeCase'), hub.tokens.system.SCJG, { input: { caseNo: state.cases[0] } })],
  [
    'receiveMissingMaterials',
    (hub, state) =>
      gql(hub, step('receiveMissingMaterials'), hub.tokens.system.SCJG, {
        input: { caseNo: state.cases[0], at: '2026-10-08T10:00:00+08:00' },
      }),
  ],
  ['completeCase', (hub, state) => gql(hub, step('completeCase'), hub.tokens.system.SCJG, { input: { caseNo: state.cases[0] } })],
  [
    'rejectCase',
    async (hub, state) => {
      await gql(hub, step('startCase'), hub.tokens.system.SCJG, { input: { caseNo: state.cases[1] } });
      return gql(hub, step('rejectCase'), hub.tokens.system.SCJG, { input: { caseNo: state.cases[1], reason: '不符合条件' } });
    },
  ],
  [
    'withdrawCase',
    (hub, state) => gql(hub, step('withdrawCase'), hub.tokens.system.SCJG, { input: { caseNo: state.cases[2], reason: '申请人撤回' } }),
  ],
  [
    'addCalendarDay',
    (hub) =>
      gql(
        hub,
        'mutation { addCalendarDay(input: { date: "2026-10-12", kind: "HOLIDAY", name: "测试" }) { date } }'.replace(
          '"HOLIDAY"',
          'HOLIDAY',
        ),
        hub.tokens.admin,
      ),
  ],
  ['removeCalendarDay', (hub) => gql(hub, 'mutation { removeCalendarDay(date: "2026-10-12") { date } }', hub.tokens.admin)],
  [
    'recordTrade',
    async (hub) => {
      for (const code of ['EVT-2015-1', 'EVT-2015-2', 'EVT-2015-3']) {
        const response = await gql(
          hub,
          'mutation($input: RecordTradeInput!) { recordTrade(input: $input) { status } }',
          hub.tokens.system.GGZY,
          { input: TRADE(code) },
        );
        if (response.body.errors) return response;
      }
      return { body: {} };
    },
  ],
  ['openTrade', (hub) => gql(hub, 'mutation { openTrade(code: "EVT-2015-1") { status } }', hub.tokens.system.GGZY)],
  [
    'awardTrade',
    (hub) =>
      gql(hub, 'mutation($input: AwardTradeInput!) { awardTrade(input: $input) { status } }', hub.tokens.system.GGZY, {
        input: {
          code: 'EVT-2015-1',
          dealAmount: '61686300.00',
          dealOn: '2015-03-30',
          winnerUscc: '91350100M000100Y43',
          winnerName: '某建筑公司',
        },
      }),
  ],
  [
    'failTrade',
    (hub) =>
      gql(hub, 'mutation { failTrade(input: { code: "EVT-2015-2", reason: "有效投标不足三家" }) { status } }', hub.tokens.system.GGZY),
  ],
  [
    'cancelTrade',
    (hub) => gql(hub, 'mutation { cancelTrade(input: { code: "EVT-2015-3", reason: "项目终止" }) { status } }', hub.tokens.system.GGZY),
  ],
  [
    'deregisterEnterprise',
    (hub, state) =>
      gql(
        hub,
        'mutation($uscc: String!, $v: Int!) { deregisterEnterprise(uscc: $uscc, expectedVersion: $v, document: "注销-1") { enterprise { status } } }',
        hub.tokens.clerk,
        { uscc: state.uscc, v: state.version },
      ),
  ],
];

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

async function fingerprints(): Promise<Record<string, string>> {
  const em = hub.orm.em.fork();
  const prints: Record<string, string> = {};
  for (const [table, { columns }] of Object.entries(COUNTED)) {
    const [row] = await em.execute<Array<{ print: string | null }>>(
      `select md5(coalesce(string_agg(r::text, '|' order by r::text), '')) as print from (select ${columns} from ${table} t) r`,
    );
    prints[table] = row.print ?? '';
  }
  return prints;
}

describe('live counts are published after every commit that changes them', () => {
  it('knows every mutation of the schema: each runs below or is declared to write no counted table', () => {
    const schema = buildSchema(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));
    const mutations = Object.keys(schema.getMutationType()!.getFields()).sort();
    const known = new Set([...SCENARIOS.map(([name]) => name), ...Object.keys(WRITES_NO_COUNTED_TABLE)]);
    expect(mutations.filter((name) => !known.has(name))).toEqual([]);
    expect([...known].filter((name) => !mutations.includes(name))).toEqual([]);
  });

  it('publishes a change of the right kind whenever a mutation changed a counted table', async () => {
    const state: Record<string, any> = {};
    const unannounced: string[] = [];
    const changedTables = new Set<string>();
    for (const [mutation, run] of SCENARIOS) {
      const published: CountsChanged[] = [];
      const stop = listen(hub.pubSub, COUNTS_CHANGED, (change) => published.push(change as CountsChanged));
      const before = await fingerprints();
      const response = await run(hub, state);
      expect(response.body.errors, mutation).toBeUndefined();
      const after = await fingerprints();
      stop();
      for (const table of Object.keys(COUNTED)) {
        if (before[table] === after[table]) continue;
        changedTables.add(table);
        if (!published.some((change) => change.kind === COUNTED[table].kind))
          unannounced.push(`${mutation} changed ${table} without a ${COUNTED[table].kind} change`);
      }
    }
    expect(unannounced).toEqual([]);
    // The scenarios reach every counted table, so the check above checked something.
    expect([...changedTables].sort()).toEqual(Object.keys(COUNTED).sort());
  });
});
