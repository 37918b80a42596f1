import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalEntry, CURRENT_FORMAT, type NewAccessLogEntry } from '../../domain/access-log/access-log-entry-data.js';
import { accessLogFor } from '../../domain/access-log/access-log.js';
import { appendAccessLog } from '../../domain/access-log/append-access-log.js';
import { AccessLogWriter } from '../../domain/access-log/access-log-writer.js';
import { ActorKind } from '../../entities/actor-kind.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { registerOk, type RegisteredEnterprise } from '../registration/registration-fixtures.js';
import { ask, issue } from './sharing-support.js';

let hub: TestHub;
let enterprise: RegisteredEnterprise;
const statements: string[] = [];

beforeAll(async () => {
  hub = await startTestHub({}, { debug: ['query'], logger: (message: string) => statements.push(message) });
  enterprise = await registerOk(hub);
  await registerOk(hub);
});
afterAll(() => hub?.stop());

const READ_ID = `query ReadId($u: String!) { enterprise(uscc: $u) { name legalRepresentativeIdNumber } }`;
const readAsRs = () => ask(hub, 'HTTP', READ_ID, hub.tokens.system.RS, 'SOCIAL_INSURANCE_REGISTRATION', { u: enterprise.uscc });

const verifyAccessLog = (em: TestHub['orm']['em'], options = {}) => hub.accessLog.verify(em, options);

/** The hash someone who knows the algorithm but not the key would give an entry: plain sha256, as the log used to be. */
const plainHash = (previousHash: string, entry: NewAccessLogEntry) =>
  createHash('sha256').update(previousHash).update(canonicalEntry(CURRENT_FORMAT, entry)).digest('hex');

/** Runs SQL as the table owner, as someone with direct access to the database would. */
async function asDatabaseOwner<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
  return hub.orm.em.fork().execute(sql, params);
}

async function entries() {
  return asDatabaseOwner<{
    seq: string;
    department_code: string;
    action: string;
    fields: string[];
    purpose: string | null;
    subject_uscc: string | null;
    operation: string;
  }>(
    'select e.seq::text as seq, e.department_code, e.action, e.fields, e.purpose, e.subject_uscc, e.operation from access_log_entry e order by e.seq',
  );
}

describe('the access log', () => {
  it('records a conditional read with department, operation, record, fields, purpose and time; not an unconditional one', async () => {
    const before = (await entries()).length;
    await ask(hub, 'HTTP', `query($u: String!) { enterprise(uscc: $u) { name status } }`, hub.tokens.system.RS, null, {
      u: enterprise.uscc,
    });
    expect((await entries()).length).toBe(before);

    const body = await readAsRs();
    expect(body.errors).toBeUndefined();
    const last = (await entries()).at(-1)!;
    expect(last).toMatchObject({
      department_code: 'RS',
      action: 'READ',
      fields: ['legalRepresentativeIdNumber'],
      purpose: 'SOCIAL_INSURANCE_REGISTRATION',
      subject_uscc: enterprise.uscc,
      operation: 'query ReadId',
    });
  });

  it('names the actor: its kind, credential id and label, and department', async () => {
    await readAsRs();
    const [last] = await asDatabaseOwner(
      `select e.actor_kind, e.credential_id, e.credential_label, e.department_code, e.format, c.label as issued_label
         from access_log_entry e left join api_credential c on c.id = e.credential_id order by e.seq desc limit 1`,
    );
    expect(last).toMatchObject({
      actor_kind: 'SYSTEM',
      credential_label: 'RS test system',
      issued_label: 'RS test system',
      department_code: 'RS',
      format: 2,
    });

    await registerOk(hub);
    const [write] = await asDatabaseOwner(
      `select e.actor_kind, e.credential_label, e.department_code, e.actor from access_log_entry e order by e.seq desc limit 1`,
    );
    expect(write).toEqual({ actor_kind: 'CLERK', credential_label: 'test window', department_code: 'SCJG', actor: 'SCJG/测试员' });

    const listed = await graphql<any>(
      hub.url,
      `
        {
          accessLog(first: 1) {
            nodes {
              format
              actorKind
              departmentCode
              actor
              credentialId
              credentialLabel
            }
          }
        }
      `,
      { token: hub.tokens.admin },
    );
    expect(listed.body.data.accessLog.nodes[0]).toMatchObject({
      format: 2,
      actorKind: 'CLERK',
      departmentCode: 'SCJG',
      credentialLabel: 'test window',
    });
    expect(listed.body.data.accessLog.nodes[0].credentialId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does not record a refused read, and records writes', async () => {
    const before = (await entries()).length;
    const refused = await ask(hub, 'HTTP', READ_ID, hub.tokens.system.TJ, 'ANYTHING', { u: enterprise.uscc });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await entries()).length).toBe(before);
    await registerOk(hub);
    const last = (await entries()).at(-1)!;
    expect(last).toMatchObject({ department_code: 'SCJG', action: 'WRITE', fields: ['registerEnterprise'] });
    expect(last.subject_uscc).toMatch(/^[0-9A-Z]{18}$/);
  });

  it('writes a page of conditional reads in one INSERT, before the response', async () => {
    statements.length = 0;
    const body = await ask(
      hub,
      'HTTP',
      `{ enterprises(first: 50) { nodes { uscc legalRepresentativeIdNumber } } }`,
      hub.tokens.system.SCJG,
      null,
    );
    expect(body.errors).toBeUndefined();
    const inserts = statements.filter((statement) => /insert into "access_log_entry"/.test(statement));
    expect(inserts).toHaveLength(1);
    const nodes = (body.data!.enterprises as any).nodes as unknown[];
    expect(nodes.length).toBeGreaterThanOrEqual(3);
    const logged = (await entries()).filter((entry) => entry.department_code === 'SCJG' && entry.action === 'READ');
    expect(logged.length).toBe(nodes.length);
  });

  it('writes the entries of requests that finish while an append is in flight together (group commit)', async () => {
    const writer = accessLogFor(hub.orm.em).writer;
    const entry = (requestId: string) => ({
      occurredAt: new Date(),
      action: 'READ' as const,
      actorKind: ActorKind.SYSTEM,
      departmentCode: 'RS',
      actor: 'RS/test',
      credentialId: null,
      credentialLabel: null,
      operation: 'query GroupCommit',
      typeName: 'Enterprise',
      recordId: null,
      subjectUscc: enterprise.uscc,
      fields: ['legalRepresentativeIdNumber'],
      purpose: 'SOCIAL_INSURANCE_REGISTRATION',
      requestId,
    });
    statements.length = 0;
    const before = (await entries()).length;
    // The first starts an append at once; the four that arrive meanwhile share the next one.
    await Promise.all(['r1', 'r2', 'r3', 'r4', 'r5'].map((requestId) => writer.append([entry(requestId)])));
    expect(statements.filter((statement) => /insert into "access_log_entry"/.test(statement))).toHaveLength(2);
    expect((await entries()).length).toBe(before + 5);
    expect((await verifyAccessLog(hub.orm.em.fork())).valid).toBe(true);
  });

  it('keeps one chain when several hubs append at once, and appends in one statement while no other hub does', async () => {
    const entry = (requestId: string) => ({
      occurredAt: new Date(),
      action: 'WRITE' as const,
      actorKind: ActorKind.SYSTEM,
      departmentCode: 'RS',
      actor: 'RS/test',
      credentialId: null,
      credentialLabel: null,
      operation: 'mutation TwoHubs',
      typeName: 'Mutation',
      recordId: null,
      subjectUscc: null,
      fields: ['twoHubs'],
      purpose: null,
      requestId,
    });
    // A second writer with the same key on its own connection: what a second hub instance runs.
    const other = new AccessLogWriter(hub.orm.em.fork(), hub.accessLog.key);
    const writer = accessLogFor(hub.orm.em).writer;
    const before = (await entries()).length;
    await Promise.all(Array.from({ length: 30 }, (_, index) => (index % 2 === 0 ? writer : other).append([entry(`two-hubs-${index}`)])));
    const all = await entries();
    expect(all.length).toBe(before + 30);
    expect(all.map((row) => row.seq)).toEqual(all.map((_, index) => String(index + 1)));
    expect(await verifyAccessLog(hub.orm.em.fork())).toMatchObject({ valid: true, problem: null });

    // Alone again, the hub's writer knows where the chain ends once it has appended there: one INSERT, nothing else.
    await writer.append([entry('alone-1')]);
    statements.length = 0;
    await writer.append([entry('alone-2')]);
    expect(statements.filter((statement) => /\b(begin|commit|select e\.seq|pg_advisory)/i.test(statement))).toEqual([]);
    expect(statements.filter((statement) => /insert into "access_log_entry"/.test(statement))).toHaveLength(1);
  });

  it('keeps one unbroken chain under concurrent requests', async () => {
    await Promise.all(Array.from({ length: 20 }, () => readAsRs()));
    const all = await entries();
    expect(all.map((entry) => entry.seq)).toEqual(all.map((_, index) => String(index + 1)));
    const verification = await verifyAccessLog(hub.orm.em.fork());
    expect(verification).toMatchObject({ valid: true, checked: all.length, problem: null });
  });

  it.each([
    ['UPDATE', `update access_log_entry set purpose = 'forged' where seq = 1`],
    ['DELETE', `delete from access_log_entry where seq = 1`],
    ['TRUNCATE', `truncate access_log_entry`],
  ])('is refused an %s by the database', async (operation, sql) => {
    await expect(asDatabaseOwner(sql)).rejects.toThrow(new RegExp(`append-only: ${operation} is not allowed`));
    expect((await verifyAccessLog(hub.orm.em.fork())).valid).toBe(true);
  });

  it('lets an enterprise see which department read its data, as what kind of actor, and why (data tracker), administrators included', async () => {
    // An administrator reads conditional data under a grant like anyone else, and is logged like anyone else.
    const granted = await graphql<any>(hub.url, 'mutation($input: GrantSharingInput!) { grantSharing(input: $input) { id } }', {
      token: hub.tokens.admin,
      variables: {
        input: {
          departmentCode: 'ZWFW',
          typeName: 'Enterprise',
          fieldNames: ['legalRepresentativeIdNumber'],
          purposes: ['SUPERVISION'],
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
    });
    expect(granted.body.errors).toBeUndefined();
    const adminRead = await ask(hub, 'HTTP', READ_ID, hub.tokens.admin, 'SUPERVISION', { u: enterprise.uscc });
    expect(adminRead.errors).toBeUndefined();

    const token = await issue(hub, {
      departmentCode: 'ZWFW',
      roles: ['ENTERPRISE'],
      label: 'enterprise portal',
      enterpriseUscc: enterprise.uscc,
    });
    const response = await graphql<any>(
      hub.url,
      `
        {
          myDataAccesses(first: 100) {
            totalCount
            nodes {
              action
              actorKind
              departmentCode
              departmentName
              fields
              purpose
              occurredAt
            }
          }
        }
      `,
      { token },
    );
    expect(response.body.errors).toBeUndefined();
    const reads = response.body.data.myDataAccesses.nodes.filter((access: any) => access.action === 'READ');
    expect(reads).toContainEqual(
      expect.objectContaining({
        actorKind: 'SYSTEM',
        departmentCode: 'RS',
        departmentName: '广元市昭化区人力资源和社会保障局',
        fields: ['legalRepresentativeIdNumber'],
        purpose: 'SOCIAL_INSURANCE_REGISTRATION',
      }),
    );
    expect(reads[0]).toMatchObject({
      actorKind: 'ADMIN',
      departmentCode: 'ZWFW',
      fields: ['legalRepresentativeIdNumber'],
      purpose: 'SUPERVISION',
    });
    // Only its own data, and nothing else of the hub.
    const other = await graphql<any>(
      hub.url,
      `
        query ($u: String!) {
          enterprise(uscc: $u) {
            name
          }
        }
      `,
      { token, variables: { u: enterprise.uscc } },
    );
    expect(other.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const admin = await graphql<any>(
      hub.url,
      `
        {
          accessLog(first: 1) {
            totalCount
          }
        }
      `,
      { token },
    );
    expect(admin.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses an ENTERPRISE credential without a registered USCC or with department roles', async () => {
    const attempt = (input: Record<string, unknown>) =>
      graphql<any>(hub.url, 'mutation($input: IssueCredentialInput!) { issueCredential(input: $input) { token } }', {
        token: hub.tokens.admin,
        variables: { input },
      });
    expect((await attempt({ departmentCode: 'ZWFW', roles: ['ENTERPRISE'], label: 'x' })).body.errors?.[0].extensions).toMatchObject({
      field: 'enterpriseUscc',
    });
    expect(
      (await attempt({ departmentCode: 'ZWFW', roles: ['ENTERPRISE'], label: 'x', enterpriseUscc: '91350100M000100Y43' })).body.errors?.[0]
        .extensions,
    ).toMatchObject({
      code: 'NOT_FOUND',
      field: 'enterpriseUscc',
    });
    expect(
      (await attempt({ departmentCode: 'ZWFW', roles: ['ENTERPRISE', 'SYSTEM'], label: 'x', enterpriseUscc: enterprise.uscc })).body
        .errors?.[0].extensions,
    ).toMatchObject({
      field: 'roles',
    });
  });
});

describe('verifyAccessLog, against someone with direct access to the database', () => {
  /** The attacker: the table owner turning the append-only trigger off for the length of `work`. */
  async function tamper(work: () => Promise<unknown>) {
    await asDatabaseOwner('alter table access_log_entry disable trigger user');
    try {
      await work();
    } finally {
      await asDatabaseOwner('alter table access_log_entry enable trigger user');
    }
  }
  const row = async (seq: number) => (await asDatabaseOwner(`select * from access_log_entry where seq = ?`, [seq]))[0];
  const restore = async (original: Record<string, any>) =>
    tamper(async () => {
      await asDatabaseOwner('delete from access_log_entry where seq = ?', [original.seq]);
      await asDatabaseOwner(`insert into access_log_entry select * from json_populate_record(null::access_log_entry, ?::json)`, [
        JSON.stringify(original),
      ]);
    });
  const verify = (options = {}) => hub.accessLog.verify(hub.orm.em.fork(), options);

  beforeAll(async () => {
    while ((await entries()).length < 8) await readAsRs();
  });

  it('finds the log intact', async () => {
    expect((await verify()).valid).toBe(true);
  });

  it('detects an altered entry and says which', async () => {
    const original = await row(3);
    await tamper(() => asDatabaseOwner(`update access_log_entry set purpose = 'AUDIT' where seq = 3`));
    expect(await verify()).toMatchObject({ valid: false, problem: { kind: 'ALTERED', seq: '3' } });
    await restore(original);
    expect((await verify()).valid).toBe(true);
  });

  it('detects an entry rewritten and the chain re-hashed from there with plain sha256 by someone who knows the algorithm but not the key', async () => {
    const originals = await asDatabaseOwner(`select * from access_log_entry where seq >= 4 order by seq`);
    const asEntry = (stored: Record<string, any>): NewAccessLogEntry => ({
      occurredAt: new Date(stored.occurred_at),
      action: stored.action,
      actorKind: stored.actor_kind,
      departmentCode: stored.department_code,
      actor: stored.actor,
      credentialId: stored.credential_id,
      credentialLabel: stored.credential_label,
      operation: stored.operation,
      typeName: stored.type_name,
      recordId: stored.record_id,
      subjectUscc: stored.subject_uscc,
      fields: stored.fields,
      purpose: stored.purpose,
      requestId: stored.request_id,
    });
    // Entry 4 now names another department, and every later entry is re-chained onto it: the
    // chain is consistent again by the plain algorithm, so only the key can tell.
    await tamper(async () => {
      let previousHash = originals[0].previous_hash as string;
      for (const [index, stored] of originals.entries()) {
        const entry = { ...asEntry(stored), ...(index === 0 ? { departmentCode: 'GA' } : {}) };
        const hash = plainHash(previousHash, entry);
        await asDatabaseOwner(`update access_log_entry set department_code = ?, previous_hash = ?, hash = ? where seq = ?`, [
          entry.departmentCode,
          previousHash,
          hash,
          stored.seq,
        ]);
        previousHash = hash;
      }
    });
    expect(await verify()).toMatchObject({ valid: false, lastSeq: '3', problem: { kind: 'ALTERED', seq: '4' } });
    for (const original of originals) await restore(original);
    expect((await verify()).valid).toBe(true);
  });

  it('detects a removed entry and says where', async () => {
    const original = await row(5);
    await tamper(() => asDatabaseOwner('delete from access_log_entry where seq = 5'));
    const result = await verify();
    expect(result).toMatchObject({ valid: false, problem: { kind: 'REMOVED', seq: '6' } });
    expect(result.problem!.message).toMatch(/after 4/);
    await restore(original);
    expect((await verify()).valid).toBe(true);
  });

  it('detects an inserted entry and says which', async () => {
    const before = await row(2);
    const forged = {
      occurredAt: new Date(),
      action: 'READ' as const,
      actorKind: ActorKind.SYSTEM,
      departmentCode: 'RS',
      actor: 'RS/forged',
      credentialId: null,
      credentialLabel: 'forged',
      operation: 'query Forged',
      typeName: 'Enterprise',
      recordId: null,
      subjectUscc: enterprise.uscc,
      fields: ['legalRepresentativeIdNumber'],
      purpose: 'SOCIAL_INSURANCE_REGISTRATION',
      requestId: 'forged-request',
    };
    const hash = plainHash(before.hash, forged);
    await tamper(async () => {
      // Make room after entry 2 and slip a well-formed entry in, chained to entry 2.
      await asDatabaseOwner('update access_log_entry set seq = seq + 1000000 where seq > 2');
      await asDatabaseOwner(
        `insert into access_log_entry (seq, format, occurred_at, action, actor_kind, department_code, actor, credential_id, credential_label, operation, type_name, record_id, subject_uscc, fields, purpose, request_id, previous_hash, hash)
         values (3, 2, ?, 'READ', 'SYSTEM', 'RS', 'RS/forged', null, 'forged', 'query Forged', 'Enterprise', null, ?, '{legalRepresentativeIdNumber}', 'SOCIAL_INSURANCE_REGISTRATION', 'forged-request', ?, ?)`,
        [forged.occurredAt, enterprise.uscc, before.hash, hash],
      );
    });
    const result = await verify();
    expect(result).toMatchObject({ valid: false, problem: { kind: 'INSERTED', seq: '3' } });
    await tamper(async () => {
      await asDatabaseOwner('delete from access_log_entry where seq = 3');
      await asDatabaseOwner('update access_log_entry set seq = seq - 1000000 where seq > 1000000');
    });
    expect((await verify()).valid).toBe(true);
  });

  it('detects entries removed from the end against an anchor kept from an earlier check', async () => {
    const earlier = await verify();
    const last = await row(Number(earlier.lastSeq));
    await tamper(() => asDatabaseOwner('delete from access_log_entry where seq = ?', [earlier.lastSeq]));
    expect(await verify({ anchor: { seq: earlier.lastSeq, hash: earlier.lastHash } })).toMatchObject({
      valid: false,
      problem: { kind: 'REMOVED', seq: earlier.lastSeq },
    });
    await restore(last);
  });

  it('detects entries appended with a correct plain sha256 hash by someone without the key', async () => {
    const tail = (await asDatabaseOwner(`select e.seq::text as seq, e.hash from access_log_entry e order by e.seq desc limit 1`))[0];
    const forged: NewAccessLogEntry = {
      occurredAt: new Date(),
      action: 'READ',
      actorKind: ActorKind.SYSTEM,
      departmentCode: 'RS',
      actor: 'RS/RS test system',
      credentialId: null,
      credentialLabel: 'RS test system',
      operation: 'query ReadId',
      typeName: 'Enterprise',
      recordId: null,
      subjectUscc: enterprise.uscc,
      fields: ['legalRepresentativeIdNumber'],
      purpose: 'SOCIAL_INSURANCE_REGISTRATION',
      requestId: 'covering-request',
    };
    const first = String(Number(tail.seq) + 1);
    const second = String(Number(tail.seq) + 2);
    const firstHash = plainHash(tail.hash, forged);
    const append = (seq: string, previousHash: string) =>
      asDatabaseOwner(
        `insert into access_log_entry (seq, format, occurred_at, action, actor_kind, department_code, actor, credential_id, credential_label, operation, type_name, record_id, subject_uscc, fields, purpose, request_id, previous_hash, hash)
         values (?, 2, ?, 'READ', 'SYSTEM', 'RS', ?, null, ?, ?, 'Enterprise', null, ?, '{legalRepresentativeIdNumber}', 'SOCIAL_INSURANCE_REGISTRATION', ?, ?, ?)`,
        [
          seq,
          forged.occurredAt,
          forged.actor,
          forged.credentialLabel,
          forged.operation,
          enterprise.uscc,
          forged.requestId,
          previousHash,
          plainHash(previousHash, forged),
        ],
      );
    // Inserting needs no trigger off: the table accepts appends, and these chain correctly by plain sha256.
    await append(first, tail.hash);
    await append(second, firstHash);
    const result = await verify();
    expect(result).toMatchObject({ valid: false, lastSeq: tail.seq, problem: { kind: 'ALTERED', seq: first } });
    expect(result.problem!.message).toMatch(new RegExp(`written by someone without the key.*to ${second}`));
    // The hub's next append notices that the tail it chains onto is not its own; the forgery stays located.
    const appended = await appendAccessLog(hub.orm.em.fork(), hub.accessLog.key, [{ ...forged, requestId: 'genuine-after-forgery' }]);
    expect(appended).toMatchObject({ end: { seq: String(Number(tail.seq) + 3) }, badTail: second });
    expect(await verify()).toMatchObject({ valid: false, problem: { kind: 'ALTERED', seq: first } });
    await tamper(() => asDatabaseOwner('delete from access_log_entry where seq > ?', [tail.seq]));
    expect((await verify()).valid).toBe(true);
  });

  it('detects entries cut from the end against the signed checkpoint, without any anchor', async () => {
    await readAsRs();
    await readAsRs();
    await hub.accessLog.checkpoints.publish();
    const intact = await verify();
    expect(intact).toMatchObject({ valid: true, checkpoints: { checked: expect.any(Number), problem: null } });
    expect(intact.checkpoints!.latest).toMatchObject({ seq: intact.lastSeq, hash: intact.lastHash, count: intact.lastSeq });

    const end = Number(intact.lastSeq);
    const removed = await asDatabaseOwner(`select * from access_log_entry where seq > ? order by seq`, [end - 2]);
    await tamper(() => asDatabaseOwner('delete from access_log_entry where seq > ?', [end - 2]));
    const cut = await verify();
    expect(cut).toMatchObject({
      valid: false,
      lastSeq: String(end - 2),
      problem: { kind: 'REMOVED', seq: String(end - 1) },
      checkpoints: { problem: { kind: 'MISSING', seq: String(end) } },
    });
    expect(cut.problem!.message).toContain(`entries ${end - 1} to ${end} were cut from its end`);
    for (const entry of removed) await restore(entry);
    expect((await verify()).valid).toBe(true);
  });

  it('detects a tail cut and then continued by the hub, against the checkpoint, and bounds where it lies', async () => {
    await readAsRs();
    await hub.accessLog.checkpoints.publish();
    const bound = (await verify()).lastSeq!;
    await readAsRs();
    await readAsRs();
    await hub.accessLog.checkpoints.publish();
    const intact = await verify();
    expect(intact.checkpoints!.latest!.seq).toBe(intact.lastSeq);

    const end = Number(intact.lastSeq);
    const removed = await asDatabaseOwner(`select * from access_log_entry where seq > ? order by seq`, [end - 2]);
    await tamper(() => asDatabaseOwner('delete from access_log_entry where seq > ?', [end - 2]));
    // The hub goes on appending to what is left: the chain is whole again, and as long as before.
    await readAsRs();
    await readAsRs();
    const continued = await verify();
    expect(continued).toMatchObject({
      valid: false,
      lastSeq: String(end),
      problem: { kind: 'ALTERED', seq: String(end) },
      checkpoints: { problem: { kind: 'MISMATCH', seq: String(end) } },
    });
    expect(continued.problem!.message).toContain(`The checkpoint of entry ${bound} still matches: the change lies after it.`);
    await tamper(() => asDatabaseOwner('delete from access_log_entry where seq > ?', [end - 2]));
    for (const entry of removed) await restore(entry);
    expect((await verify()).valid).toBe(true);
  });

  it('verifies a range, and answers administrators over the API', async () => {
    const response = await graphql<any>(
      hub.url,
      `
        {
          verifyAccessLog(from: "2", to: "6") {
            valid
            checked
            legacyEntries
            problem {
              kind
            }
            checkpoints {
              found
              checked
              problem {
                kind
              }
            }
          }
        }
      `,
      { token: hub.tokens.admin },
    );
    // The checkpoints published so far all lie after entry 6: none is in the range.
    expect(response.body.data.verifyAccessLog).toEqual({
      valid: true,
      checked: 5,
      legacyEntries: 0,
      problem: null,
      checkpoints: { found: 3, checked: 0, problem: null },
    });
    const bad = await graphql<any>(
      hub.url,
      `
        {
          verifyAccessLog(from: "x") {
            valid
          }
        }
      `,
      { token: hub.tokens.admin },
    );
    expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
  });
});
