import { getNamedType, isNonNullType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSharingPolicy } from '../../domain/sharing/default-sharing-policy.js';
import { residentIdCheckCharacter } from '../../domain/resident-id.js';
import { SharingLevel } from '../../entities/sharing-level.js';
import { buildHubSchema } from '../../server/build-schema.js';
import { createHubPubSub } from '../../support/pubsub.js';
import { ACCEPT, addCatalog, acceptInput, APPLICANT_ID } from '../cases/case-fixtures.js';
import { createConnector, eventually, fastDelivery, webhookInput } from '../connectors/connector-fixtures.js';
import { DepartmentPeer } from '../connectors/department-peer.js';
import { issueMarriageCertificate } from '../licences/licence-fixtures.js';
import { companyInput, registerOk, type RegisteredEnterprise } from '../registration/registration-fixtures.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { ask, issue, type Path } from './sharing-support.js';

/**
 * The leak matrix, generated from the schema and the policy: every field of every shared type,
 * read by every kind of principal, over HTTP and WebSocket, and every field of the outbound
 * payloads, is checked against what the policy's level says that reader gets. A field added later
 * is in the matrix from its first commit; a type added later must be classified below first.
 */

/** Types outside the policy and why they need no field levels: each is reached only by the roles named. */
const CLASSIFIED_TYPES: Record<string, string> = {
  AcceptanceRule: "the centre's counting convention",
  AccessLogCheckpointCheckType: 'ADMIN only (verifyAccessLog)',
  AccessLogCheckpointProblemType: 'ADMIN only (verifyAccessLog)',
  AccessLogCheckpointType: 'ADMIN only (verifyAccessLog)',
  AccessLogEntry: 'ADMIN only (the log itself)',
  AccessLogEntryConnection: 'list plumbing',
  AccessLogEntryEdge: 'list plumbing',
  AccessLogProblemType: 'ADMIN only',
  AccessLogVerificationType: 'ADMIN only',
  CalendarDay: 'public calendar',
  CaseAlert: 'aggregate for screens: case number, matter, due date — no applicant',
  CaseConnection: 'list plumbing',
  CaseEdge: 'list plumbing',
  CaseStats: 'aggregate',
  CatalogStats: 'aggregate of the public catalog',
  CategoryCount: 'aggregate',
  CategoryTradeStats: 'aggregate of public trading results',
  CertificateHandOver: 'which certificates a registration integrates',
  Clerk: "a credential's own clerk (me)",
  ClockTick: 'the time',
  CodedValue: 'code lists',
  Connector: 'ADMIN (and the connector health screen)',
  ConnectorHealth: 'ADMIN, DASHBOARD: counts and states, no record data',
  ConnectorInboundRecord: 'its payload goes through domain/sharing/inbound-view.ts',
  ConnectorInboundRecordConnection: 'list plumbing',
  ConnectorInboundRecordEdge: 'list plumbing',
  DataAccess: 'ENTERPRISE: reads of its own data',
  DataAccessConnection: 'list plumbing',
  DataAccessEdge: 'list plumbing',
  Delivery: 'ADMIN, own department: delivery state, no payload',
  DeliveryAttempt: 'ADMIN, own department',
  DeliveryConnection: 'list plumbing',
  DeliveryEdge: 'list plumbing',
  Department: 'public',
  Division: 'GB/T 2260 code list',
  DivisionRef: 'GB/T 2260 code list',
  DepartmentCaseFigures: 'aggregate',
  DepartmentCatalogStats: 'aggregate',
  DeregistrationPayload: 'mutation payload of the registering clerk',
  EnterpriseConnection: 'list plumbing',
  EnterpriseEdge: 'list plumbing',
  ImportJob: 'ADMIN, or the credential that started the import (findImportJob)',
  ImportJobFailure: 'ADMIN, or the credential that started the import (findImportJob)',
  ImportResult: 'mutation payload',
  ImportRowError: 'mutation payload',
  IntegratedCertificate: 'public configuration',
  IssuedCredential: 'ADMIN mutation payload',
  KindCount: 'aggregate',
  LicenceConnection: 'list plumbing',
  LicenceCountsType: 'aggregate',
  LicenceEdge: 'list plumbing',
  LicenceType: 'public configuration',
  LicenceTypeCount: 'aggregate',
  LicenceUseConnection: 'list plumbing',
  LicenceUseEdge: 'list plumbing',
  LicenceVerificationResult: 'public verification, personal data masked',
  LiveCounts: 'aggregate',
  Matter: 'public catalog',
  MatterConnection: 'list plumbing',
  MatterEdge: 'list plumbing',
  MatterFee: 'public catalog',
  MatterImportReport: 'the report of an import job: ADMIN, or the credential that started it',
  MatterMaterial: 'public catalog',
  PageInfo: 'list plumbing',
  Principal: 'the credential itself (me)',
  PublicLicence: 'public verification, personal data masked',
  RegistrationCountsType: 'aggregate',
  RegistrationPayload: 'mutation payload of the registering clerk',
  RegistrationReceipt: 'hand-over state per department',
  ReportLineTradeStats: 'aggregate of public trading results',
  SharingGrant: 'ADMIN, own department (departmentScope)',
  SharingGrantConnection: 'list plumbing',
  SharingGrantEdge: 'list plumbing',
  SharingPolicy: 'the policy is public to credentials',
  SharingPolicyConnection: 'list plumbing',
  SharingPolicyEdge: 'list plumbing',
  SignedLicence: 'exportLicence: ADMIN, CLERK, SYSTEM',
  SourcedRecord: 'its values go through domain/sharing/inbound-view.ts',
  TradeConnection: 'list plumbing',
  TradeEdge: 'list plumbing',
  TradeStats: 'aggregate of public trading results',
  TradeStatusChange: 'history of a public trade',
  UsccCheck: 'code check',
  UsccFailureType: 'code check',
  UsccPartsType: 'code check',
};

type Outcome = 'value' | 'masked' | 'forbidden' | 'hidden';
type Kind = 'DEPARTMENT' | 'ADMIN' | 'DASHBOARD' | 'ENTERPRISE';
interface Profile {
  name: string;
  kind: Kind;
  token: () => string;
  department?: string;
  purpose: string | null;
  /** Enterprise credentials: whose. */
  enterprise?: () => string;
}

const CHANGED_ID = (() => {
  const first17 = '51081119800101123';
  return first17 + residentIdCheckCharacter(first17);
})();

let hub: TestHub;
let schema: GraphQLSchema;
let own: RegisteredEnterprise;
let other: RegisteredEnterprise;
let marriageLicenceId: string;
let caseNo: string;
const tokens: Record<string, string> = {};
const TRADE_OWN = `LEAK-${process.pid}-A`;
const TRADE_OTHER = `LEAK-${process.pid}-B`;

const profiles: Profile[] = [
  {
    name: 'SCJG system (owns the registry, accepted the case)',
    kind: 'DEPARTMENT',
    department: 'SCJG',
    token: () => hub.tokens.system.SCJG,
    purpose: null,
  },
  {
    name: 'RS system, purpose its grant covers',
    kind: 'DEPARTMENT',
    department: 'RS',
    token: () => hub.tokens.system.RS,
    purpose: 'SOCIAL_INSURANCE_REGISTRATION',
  },
  { name: 'RS system, no purpose', kind: 'DEPARTMENT', department: 'RS', token: () => hub.tokens.system.RS, purpose: null },
  { name: 'TJ system, no grant', kind: 'DEPARTMENT', department: 'TJ', token: () => hub.tokens.system.TJ, purpose: 'STATISTICS_SURVEY' },
  {
    name: 'MZ system (issued the marriage certificate)',
    kind: 'DEPARTMENT',
    department: 'MZ',
    token: () => hub.tokens.system.MZ,
    purpose: null,
  },
  { name: 'ADMIN without a grant', kind: 'ADMIN', department: 'ZWFW', token: () => hub.tokens.admin, purpose: 'AUDIT' },
  { name: 'DASHBOARD', kind: 'DASHBOARD', token: () => hub.tokens.dashboard, purpose: 'SOCIAL_INSURANCE_REGISTRATION' },
  { name: 'ENTERPRISE, its own records', kind: 'ENTERPRISE', token: () => tokens.ownEnterprise, purpose: null, enterprise: () => own.uscc },
  {
    name: "ENTERPRISE, another's records",
    kind: 'ENTERPRISE',
    token: () => tokens.otherEnterprise,
    purpose: null,
    enterprise: () => other.uscc,
  },
];

/**
 * Grants in force: the test hub's defaults (domain/sharing/default-sharing-policy.ts), and one for the
 * department the screen and the administrator belong to, which no screen may use.
 */
const GRANTS = [
  { department: 'RS', typeName: 'Enterprise', fieldName: 'legalRepresentativeIdNumber', purpose: 'SOCIAL_INSURANCE_REGISTRATION' },
  { department: 'ZWFW', typeName: 'Enterprise', fieldName: 'legalRepresentativeIdNumber', purpose: 'SOCIAL_INSURANCE_REGISTRATION' },
];

interface Target {
  name: string;
  typeName: string;
  /** The department that owns the record: its system reads everything. */
  owner: string;
  /** The enterprise the record is about, if any. */
  subject: () => string | null;
  /** Whether a value of a PERSONAL field here is a natural person's. */
  personalHolder: boolean;
  query: (selection: string) => string;
  /** Where the record sits in the response. */
  locate: (data: any) => any;
  /** Whether the root (its roles, its department scope) lets this reader reach the record at all. */
  reaches: (profile: Profile) => boolean;
  /** For licences: whether the type's JSON Schema marks any of its own fields personal. */
  personalFields?: boolean;
  /** For EnterpriseChange: the enterprise field whose values it carries. */
  standsFor?: string;
}

const viaTrade = (code: () => string, inner: (selection: string) => string) => (selection: string) =>
  `{ trade(code: "${code()}") { winnerEnterprise { ${inner(selection)} } } }`;
const anyCredential = () => true;
const systemsAndAdmin = (profile: Profile) => profile.kind === 'DEPARTMENT' || profile.kind === 'ADMIN';

const targets: Target[] = [
  {
    name: 'Trade',
    typeName: 'Trade',
    owner: 'GGZY',
    subject: () => null,
    personalHolder: false,
    query: (selection) => `{ trade(code: "${TRADE_OWN}") { ${selection} } }`,
    locate: (data) => data?.trade,
    reaches: anyCredential,
  },
  {
    name: 'Enterprise (through a trade it won)',
    typeName: 'Enterprise',
    owner: 'SCJG',
    subject: () => own.uscc,
    personalHolder: true,
    query: viaTrade(
      () => TRADE_OWN,
      (selection) => selection,
    ),
    locate: (data) => data?.trade?.winnerEnterprise,
    reaches: anyCredential,
  },
  {
    name: 'Registration',
    typeName: 'Registration',
    owner: 'SCJG',
    subject: () => own.uscc,
    personalHolder: true,
    query: viaTrade(
      () => TRADE_OWN,
      (selection) => `registrations { ${selection} }`,
    ),
    locate: (data) => data?.trade?.winnerEnterprise?.registrations?.[0],
    reaches: anyCredential,
  },
  {
    name: "EnterpriseChange of the legal representative's ID number",
    typeName: 'EnterpriseChange',
    owner: 'SCJG',
    subject: () => own.uscc,
    personalHolder: true,
    standsFor: 'legalRepresentativeIdNumber',
    query: viaTrade(
      () => TRADE_OWN,
      (selection) => `changes { field ${selection} }`,
    ),
    locate: (data) => data?.trade?.winnerEnterprise?.changes?.find((change: any) => change.field === 'legalRepresentativeIdNumber'),
    reaches: anyCredential,
  },
  {
    name: 'Licence held by an enterprise (its business licence)',
    typeName: 'Licence',
    owner: 'SCJG',
    subject: () => own.uscc,
    personalHolder: false,
    query: viaTrade(
      () => TRADE_OWN,
      (selection) => `licences { ${selection} }`,
    ),
    locate: (data) => data?.trade?.winnerEnterprise?.licences?.[0],
    reaches: anyCredential,
  },
  {
    name: "Licence held by a citizen (marriage certificate, spouse's name personal)",
    typeName: 'Licence',
    owner: 'MZ',
    subject: () => null,
    personalHolder: true,
    personalFields: true,
    query: (selection) => `{ licence(id: "${marriageLicenceId}") { ${selection} } }`,
    locate: (data) => data?.licence,
    reaches: systemsAndAdmin,
  },
  {
    name: 'Case of a citizen applicant',
    typeName: 'Case',
    owner: 'SCJG',
    subject: () => null,
    personalHolder: true,
    query: (selection) => `{ case(caseNo: "${caseNo}") { ${selection} } }`,
    locate: (data) => data?.case,
    reaches: (profile) => profile.kind === 'ADMIN' || profile.kind === 'DASHBOARD' || profile.department === 'SCJG',
  },
];

function levelOf(typeName: string, fieldName: string): SharingLevel {
  const sharing = defaultSharingPolicy[typeName]?.fields[fieldName];
  if (sharing === undefined) return SharingLevel.UNCONDITIONAL;
  return typeof sharing === 'string' ? sharing : sharing.level;
}

/** The department that owns a field: the policy's, or for a field whose type is owned record by record, the record's. */
function ownerOf(target: Target, typeName: string, fieldName: string): string {
  const sharing = defaultSharingPolicy[typeName]?.fields[fieldName];
  if (typeName === target.typeName && (typeName === 'Licence' || typeName === 'Case')) return target.owner;
  if (sharing !== undefined && typeof sharing !== 'string') return sharing.owner;
  return defaultSharingPolicy[typeName]?.owner ?? target.owner;
}

/** What the policy says `profile` gets of `field` on `target`: the matrix's expectation. */
function expectedOutcome(profile: Profile, target: Target, fieldName: string, nonNull: boolean): Outcome {
  let typeName = target.typeName;
  let field = fieldName;
  if (target.standsFor && (fieldName === 'oldValue' || fieldName === 'newValue')) [typeName, field] = ['Enterprise', target.standsFor];
  let level = levelOf(typeName, field);
  if (level === SharingLevel.PERSONAL && !target.personalHolder && typeName === 'Licence' && field !== 'fields')
    level = SharingLevel.UNCONDITIONAL;
  if (typeName === 'Licence' && field === 'fields' && !target.personalFields) level = SharingLevel.UNCONDITIONAL;
  const withheld: Outcome = nonNull ? 'forbidden' : 'hidden';
  // A public trade's winner is another enterprise's record: refused at the relation.
  if (profile.kind === 'ENTERPRISE' && typeName === 'Trade' && field === 'winnerEnterprise')
    return profile.enterprise!() === own.uscc ? 'value' : 'forbidden';
  if (profile.kind === 'ENTERPRISE') return level === SharingLevel.NOT_SHARED ? withheld : 'value';
  const isOwner = profile.kind === 'DEPARTMENT' && profile.department === ownerOf(target, typeName, field);
  // Who used a licence (用证) is the issuer's, the administrators' and the holder's business.
  if (typeName === 'Licence' && field === 'uses') return isOwner || profile.kind === 'ADMIN' ? 'value' : 'forbidden';
  if (level === SharingLevel.UNCONDITIONAL) return 'value';
  if (level === SharingLevel.NOT_SHARED) return isOwner ? 'value' : withheld;
  if (isOwner) return 'value';
  const granted =
    profile.kind !== 'DASHBOARD' &&
    GRANTS.some(
      (grant) =>
        grant.department === profile.department &&
        grant.typeName === typeName &&
        grant.fieldName === field &&
        grant.purpose === profile.purpose,
    );
  if (granted) return 'value';
  return level === SharingLevel.PERSONAL && nonNull ? 'masked' : 'forbidden';
}

const selectionOf = (type: GraphQLObjectType, fieldName: string) => {
  const field = type.getFields()[fieldName];
  return isObjectType(getNamedType(field.type)) ? `${fieldName} { __typename }` : fieldName;
};

const accessLogSize = async () => Number((await hub.orm.em.fork().execute('select count(*) as n from access_log_entry'))[0].n);

beforeAll(async () => {
  hub = await startTestHub(fastDelivery);
  schema = await buildHubSchema(createHubPubSub());
  own = await registerOk(hub);
  other = await registerOk(hub, companyInput({ name: `广元另一测试有限公司${process.pid}` }));
  const changed = await graphql<any>(
    hub.url,
    'mutation($u: String!, $v: Int!) { changeEnterprise(uscc: $u, expectedVersion: $v, changes: { legalRepresentativeIdNumber: "' +
      CHANGED_ID +
      '" }, document: "昭市监变字〔2026〕1号") { replayed } }',
    { token: hub.tokens.clerk, variables: { u: own.uscc, v: own.version } },
  );
  if (changed.body.errors) throw new Error(JSON.stringify(changed.body.errors));
  for (const [code, winner] of [
    [TRADE_OWN, own],
    [TRADE_OTHER, other],
  ] as const) {
    const recorded = await graphql(hub.url, 'mutation($input: RecordTradeInput!) { recordTrade(input: $input) { code } }', {
      token: hub.tokens.system.GGZY,
      variables: {
        input: {
          code,
          name: '昭化区村道路硬化工程',
          category: 'CONSTRUCTION',
          method: 'OPEN_TENDER',
          budget: '1000000.00',
          divisionCode: '510811',
          announcedOn: '2026-03-02',
        },
      },
    });
    if (recorded.body.errors) throw new Error(JSON.stringify(recorded.body.errors));
    const awarded = await graphql(hub.url, 'mutation($input: AwardTradeInput!) { awardTrade(input: $input) { code } }', {
      token: hub.tokens.system.GGZY,
      variables: { input: { code, dealAmount: '900000.00', dealOn: '2026-03-30', winnerUscc: winner.uscc } },
    });
    if (awarded.body.errors) throw new Error(JSON.stringify(awarded.body.errors));
  }
  const marriage = await issueMarriageCertificate(hub, { holderCode: APPLICANT_ID, holderName: '王小红', spouseName: '李大明' });
  marriageLicenceId = marriage.id;
  await addCatalog(hub);
  const accepted = await graphql<any>(hub.url, ACCEPT, {
    token: hub.tokens.system.SCJG,
    variables: { input: acceptInput({ applicantCode: APPLICANT_ID, applicantName: '王小红' }) },
  });
  if (accepted.body.errors) throw new Error(JSON.stringify(accepted.body.errors));
  caseNo = accepted.body.data.acceptCase.caseNo;
  const granted = await graphql(hub.url, 'mutation($input: GrantSharingInput!) { grantSharing(input: $input) { id } }', {
    token: hub.tokens.admin,
    variables: {
      input: {
        departmentCode: 'ZWFW',
        typeName: 'Enterprise',
        fieldNames: ['legalRepresentativeIdNumber'],
        purposes: ['SOCIAL_INSURANCE_REGISTRATION'],
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    },
  });
  if (granted.body.errors) throw new Error(JSON.stringify(granted.body.errors));
  tokens.ownEnterprise = await issue(hub, {
    departmentCode: 'ZWFW',
    roles: ['ENTERPRISE'],
    label: 'own enterprise',
    enterpriseUscc: own.uscc,
  });
  tokens.otherEnterprise = await issue(hub, {
    departmentCode: 'ZWFW',
    roles: ['ENTERPRISE'],
    label: 'other enterprise',
    enterpriseUscc: other.uscc,
  });
});
afterAll(() => hub?.stop());

describe('every object type of the schema is under the policy or classified', () => {
  it('leaves no type unclassified', () => {
    const unclassified = Object.values(schema.getTypeMap())
      .filter(
        (type) =>
          isObjectType(type) &&
          !type.name.startsWith('__') &&
          ![schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].includes(type),
      )
      .map((type) => type.name)
      .filter((name) => !(name in defaultSharingPolicy) && !(name in CLASSIFIED_TYPES));
    expect(unclassified, 'types with neither field levels nor a classification').toEqual([]);
  });
});

describe.each<Path>(['HTTP', 'WebSocket'])('the leak matrix over %s', (path) => {
  describe.each(targets)('$name', (target) => {
    it.each(profiles)('$name', async (profile) => {
      const type = schema.getType(target.typeName) as GraphQLObjectType;
      const fields = Object.values(type.getFields()).filter((field) =>
        field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined),
      );
      const truth = target.locate(
        (await ask(hub, 'HTTP', target.query(fields.map((field) => selectionOf(type, field.name)).join(' ')), ownerToken(target), null))
          .data,
      );
      expect(truth, `the owner reads the ${target.name}`).toBeTruthy();
      const failures: string[] = [];
      for (const field of fields) {
        const before = await accessLogSize();
        const body = await ask(hub, path, target.query(selectionOf(type, field.name)), profile.token(), profile.purpose);
        const logged = (await accessLogSize()) > before;
        const text = JSON.stringify(body.data ?? null);
        if (
          !target.reaches(profile) ||
          (profile.kind === 'ENTERPRISE' && target.subject() !== null && target.subject() !== profile.enterprise!())
        ) {
          // Refused before the record: by role, department scope or ownership, with nothing of it sent or logged.
          const refused =
            (body.errors ?? []).some((error) => error.extensions?.code === 'FORBIDDEN') ||
            (body.data !== undefined && !containsRecord(body.data));
          if (!refused || logged) failures.push(`${field.name}: reached (${text}, errors ${JSON.stringify(body.errors)})`);
          continue;
        }
        const expected = expectedOutcome(profile, target, field.name, isNonNullType(field.type));
        const record = target.locate(body.data);
        const observed = observe(body, record, field.name, truth[field.name]);
        if (observed !== expected) failures.push(`${field.name}: expected ${expected}, got ${observed} (${JSON.stringify(body)})`);
        if (expected !== 'value' && logged) failures.push(`${field.name}: a refused read was logged`);
        if (
          expected !== 'value' &&
          typeof truth[field.name] === 'string' &&
          truth[field.name].length > 2 &&
          text.includes(truth[field.name])
        ) {
          failures.push(`${field.name}: the value leaked`);
        }
      }
      expect(failures).toEqual([]);
    });
  });
});

function ownerToken(target: Target): string {
  return hub.tokens.system[target.owner];
}

function containsRecord(data: unknown): boolean {
  return JSON.stringify(data).includes('"__typename"') || /"[a-zA-Z]+":"[^"]+"/.test(JSON.stringify(data));
}

function observe(
  body: { errors?: Array<{ extensions?: Record<string, unknown> }> },
  record: any,
  fieldName: string,
  truth: unknown,
): Outcome | string {
  const forbidden = (body.errors ?? []).some((error) => error.extensions?.code === 'FORBIDDEN');
  if (record === null || record === undefined) return forbidden ? 'forbidden' : `no record (${JSON.stringify(body.errors)})`;
  const value = record[fieldName];
  if (forbidden) return value === null ? 'forbidden' : 'value with an error';
  if (body.errors?.length) return `error ${JSON.stringify(body.errors)}`;
  if (JSON.stringify(value) === JSON.stringify(truth)) return 'value';
  if (value === null) return 'hidden';
  if (JSON.stringify(value).includes('*')) return 'masked';
  return `different value ${JSON.stringify(value)}`;
}

describe('the revoked credential of any reader', () => {
  it.each<Path>(['HTTP', 'WebSocket'])('reads nothing over %s', async (path) => {
    const token = await issue(hub, { departmentCode: 'SCJG', roles: ['SYSTEM'], label: 'revoked reader' });
    const keyId = /^hub_([0-9a-f]{16})_/.exec(token)![1];
    await graphql(hub.url, `mutation { revokeCredential(keyId: "${keyId}") }`, { token: hub.tokens.admin });
    if (path === 'HTTP') {
      const response = await graphql(hub.url, targets[1].query('uscc legalRepresentativeIdNumber'), { token });
      expect(response.status).toBe(401);
      expect(response.body.data ?? null).toBeNull();
    } else {
      await expect(ask(hub, path, targets[1].query('uscc legalRepresentativeIdNumber'), token, null)).rejects.toBeDefined();
    }
  });
});

describe('outbound payloads (webhook) of every field', () => {
  const peer = new DepartmentPeer();
  beforeAll(async () => {
    await peer.up();
    for (const department of ['SW', 'RS', 'TJ', 'ZJ']) await createConnector(hub, webhookInput(department, peer.url));
  });
  afterAll(() => peer.down());

  it('carries to each receiving department exactly the fields it may read, top level and nested, each listed in the policy', async () => {
    const registered = await registerOk(hub, companyInput({ name: `广元出站测试有限公司${process.pid}` }));
    const received = await eventually(
      () => peer.accepted.filter((request) => request.body.aggregateKey === registered.uscc),
      (requests) => new Set(requests.map((request) => request.body.department)).size === 4,
    );
    const [stored] = await hub.orm.em
      .fork()
      .execute<Array<{ payload: Record<string, any> }>>(
        "select payload from outbox_event where aggregate_key = ? and event_type = 'enterprise.registered' limit 1",
        [registered.uscc],
      );
    for (const key of Object.keys(stored.payload))
      expect(key in defaultSharingPolicy.EnterpriseEvent.fields, `EnterpriseEvent.${key} has a level`).toBe(true);
    for (const key of Object.keys(stored.payload.enterprise))
      expect(key in defaultSharingPolicy.Enterprise.fields, `Enterprise.${key} has a level`).toBe(true);
    for (const request of received as Array<{ body: Record<string, any> }>) {
      const receiver: Profile = {
        name: request.body.department,
        kind: 'DEPARTMENT',
        department: request.body.department,
        token: () => '',
        purpose: null,
      };
      const enterpriseTarget = targets[1];
      for (const key of Object.keys(stored.payload.enterprise)) {
        const sent = key in request.body.data.enterprise;
        expect(sent, `${request.body.department} receives Enterprise.${key}`).toBe(
          expectedOutcome(receiver, enterpriseTarget, key, false) === 'value',
        );
      }
      for (const key of Object.keys(stored.payload))
        expect(key in request.body.data, `${request.body.department} receives ${key}`).toBe(
          levelOf('EnterpriseEvent', key) === SharingLevel.UNCONDITIONAL,
        );
    }
  });

  it('withholds a top-level field made conditional from a department without a grant', async () => {
    const set = await graphql(hub.url, 'mutation($input: SetFieldSharingInput!) { setFieldSharing(input: $input) { level } }', {
      token: hub.tokens.admin,
      variables: { input: { typeName: 'EnterpriseEvent', fieldName: 'document', level: 'CONDITIONAL', ownerDepartmentCode: 'SCJG' } },
    });
    expect(set.body.errors).toBeUndefined();
    const enterprise = await registerOk(hub, companyInput({ name: `广元变更出站测试有限公司${process.pid}` }));
    const changed = await graphql<any>(
      hub.url,
      'mutation($u: String!, $v: Int!) { changeEnterprise(uscc: $u, expectedVersion: $v, changes: { address: "昭化区元坝镇新街2号" }, document: "昭市监变字〔2026〕9号") { replayed } }',
      {
        token: hub.tokens.clerk,
        variables: { u: enterprise.uscc, v: enterprise.version },
      },
    );
    expect(changed.body.errors).toBeUndefined();
    const received = await eventually(
      () => peer.accepted.filter((request) => request.body.aggregateKey === enterprise.uscc && request.body.type === 'enterprise.changed'),
      (requests) => requests.length === 4,
    );
    for (const request of received as Array<{ body: Record<string, any> }>) {
      expect(request.body.data).not.toHaveProperty('document');
      expect(request.body.data.changedFields).toEqual([expect.objectContaining({ field: 'address', newValue: '昭化区元坝镇新街2号' })]);
      expect(JSON.stringify(request.body)).not.toContain('昭市监变字〔2026〕9号');
    }
  });
});
