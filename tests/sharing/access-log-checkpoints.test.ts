import { createHash, randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpointLine, type AccessLogCheckpoint } from '../../domain/access-log/access-log-checkpoint.js';
import { canonicalEntry, GENESIS_HASH, LEGACY_FORMAT } from '../../domain/access-log/access-log-entry-data.js';
import { AccessLogKey } from '../../domain/access-log/access-log-key.js';
import { verifyAccessLog } from '../../domain/access-log/verify-access-log.js';
import { registerOk, type RegisteredEnterprise } from '../registration/registration-fixtures.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { ask } from './sharing-support.js';

let hub: TestHub;
let dir: string;
let checkpointFile: string;
let enterprise: RegisteredEnterprise;

/** Runs SQL as the table owner, as someone with direct access to the database would. */
const asDatabaseOwner = <T = any>(sql: string, params: unknown[] = []): Promise<T[]> => hub.orm.em.fork().execute(sql, params);
const verify = () => hub.accessLog.verify(hub.orm.em.fork());
const readAsRs = () =>
  ask(
    hub,
    'HTTP',
    `query($u: String!) { enterprise(uscc: $u) { legalRepresentativeIdNumber } }`,
    hub.tokens.system.RS,
    'SOCIAL_INSURANCE_REGISTRATION',
    { u: enterprise.uscc },
  );
const checkpointLines = async () => (await readFile(checkpointFile, 'utf8')).split('\n').filter((line) => line !== '');

/** An entry as the hub wrote them before the log was keyed: format 1, plain sha256, no actor kind. */
async function appendLegacyEntry(seq: number, previousHash: string): Promise<string> {
  const entry = {
    occurredAt: new Date('2026-11-30T08:00:00.000Z'),
    action: 'READ' as const,
    actorKind: null,
    departmentCode: 'RS',
    actor: 'RS/old system',
    credentialId: null,
    credentialLabel: null,
    operation: 'query Old',
    typeName: 'Enterprise',
    recordId: null,
    subjectUscc: null,
    fields: ['legalRepresentativeIdNumber'],
    purpose: 'SOCIAL_INSURANCE_REGISTRATION',
    requestId: `old-${seq}`,
  };
  const hash = createHash('sha256').update(previousHash).update(canonicalEntry(LEGACY_FORMAT, entry)).digest('hex');
  await asDatabaseOwner(
    `insert into access_log_entry (seq, format, occurred_at, action, actor_kind, department_code, actor, credential_id, credential_label, operation, type_name, record_id, subject_uscc, fields, purpose, request_id, previous_hash, hash)
     values (?, 1, ?, 'READ', null, 'RS', 'RS/old system', null, null, 'query Old', 'Enterprise', null, null, '{legalRepresentativeIdNumber}', 'SOCIAL_INSURANCE_REGISTRATION', ?, ?, ?)`,
    [seq, entry.occurredAt, entry.requestId, previousHash, hash],
  );
  return hash;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'access-log-checkpoints-'));
  checkpointFile = path.join(dir, 'checkpoints.jsonl');
  hub = await startTestHub({
    accessLog: {
      key: { source: 'environment', secret: randomBytes(32).toString('hex') },
      checkpointFile,
      checkpointEvery: 3,
      checkpointSeconds: 86_400,
    },
  });
  // Two entries from before the log was keyed; the hub's first keyed entry chains onto them.
  const first = await appendLegacyEntry(1, GENESIS_HASH);
  await appendLegacyEntry(2, first);
  enterprise = await registerOk(hub);
});
afterAll(async () => {
  await hub?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('entries written before the log was keyed', () => {
  it('still verify in their own format, and the keyed entries chain onto them', async () => {
    await readAsRs();
    const result = await verify();
    expect(result).toMatchObject({ valid: true, legacyEntries: 2, problem: null });
    expect(Number(result.checked)).toBeGreaterThan(2);
  });

  it('cannot be forged after keyed entries: an unkeyed entry at the end is found', async () => {
    const [tail] = await asDatabaseOwner<{ seq: string; hash: string }>(
      'select seq::text as seq, hash from access_log_entry order by seq desc limit 1',
    );
    const forgedSeq = Number(tail.seq) + 1;
    await appendLegacyEntry(forgedSeq, tail.hash);
    const result = await verify();
    expect(result).toMatchObject({ valid: false, lastSeq: tail.seq, problem: { kind: 'ALTERED', seq: String(forgedSeq) } });
    expect(result.problem!.message).toMatch(/unkeyed format 1 but follows keyed entries/);
    await asDatabaseOwner('alter table access_log_entry disable trigger user');
    try {
      await asDatabaseOwner('delete from access_log_entry where seq = ?', [forgedSeq]);
    } finally {
      await asDatabaseOwner('alter table access_log_entry enable trigger user');
    }
    expect((await verify()).valid).toBe(true);
  });
});

describe('checkpoints', () => {
  it('are published every N entries, signed, naming the entry and its hash as the log has them', async () => {
    for (let read = 0; read < 7; read += 1) await readAsRs();
    await hub.accessLog.checkpoints.settled();
    const lines = await checkpointLines();
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const checkpoints = lines.map((line) => readCheckpointLine(hub.accessLog.key, hub.accessLog.name, line));
    expect(checkpoints.every((read) => read.kind === 'checkpoint')).toBe(true);
    const signed = checkpoints.map((read) => (read as { checkpoint: AccessLogCheckpoint }).checkpoint);
    const positions = signed.map((checkpoint) => Number(checkpoint.seq));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    for (const checkpoint of signed) {
      const [entry] = await asDatabaseOwner<{ hash: string }>('select hash from access_log_entry where seq = ?', [checkpoint.seq]);
      expect(entry.hash).toBe(checkpoint.hash);
      expect(checkpoint).toMatchObject({
        kind: 'access-log-checkpoint',
        count: checkpoint.seq,
        keyId: hub.accessLog.key.id,
        log: hub.accessLog.name,
      });
    }
    const result = await verify();
    expect(result).toMatchObject({ valid: true, checkpoints: { found: signed.length, checked: signed.length, problem: null } });
    expect(result.checkpoints!.latest!.seq).toBe(String(Math.max(...positions)));
  });

  it('take a line cut short, or of another database, in their stride, and report a line forged without the key', async () => {
    const lines = await checkpointLines();
    const genuine = JSON.parse(lines.at(-1)!) as AccessLogCheckpoint;
    await appendFile(
      checkpointFile,
      `${JSON.stringify({ ...genuine, log: 'postgresql://elsewhere:5432/other' })}\n{"kind":"access-log-checkp\n`,
    );
    expect(await verify()).toMatchObject({ valid: true, checkpoints: { foreign: 1, unreadable: 1, problem: null } });

    // Someone without the key writes a checkpoint of their own (to vouch for a rewritten chain).
    await appendFile(checkpointFile, `${JSON.stringify({ ...genuine, seq: '1', mac: 'f'.repeat(64) })}\n`);
    const result = await verify();
    expect(result).toMatchObject({
      valid: false,
      problem: { kind: 'FORGED_CHECKPOINT', seq: '1' },
      checkpoints: { problem: { kind: 'FORGED', line: lines.length + 3, seq: '1' } },
    });
  });

  it('tell a hub running with another key why every keyed entry looks altered', async () => {
    const otherKey = new AccessLogKey(randomBytes(32));
    const result = await verifyAccessLog(hub.orm.em.fork(), { key: otherKey, log: hub.accessLog.name, checkpointFile });
    expect(result).toMatchObject({ valid: false, legacyEntries: 2, problem: { kind: 'ALTERED', seq: '3' }, checkpoints: { found: 0 } });
    expect(result.checkpoints!.otherKey).toBeGreaterThanOrEqual(2);
    expect(result.problem!.message).toContain('signed with another key');
  });
});
