import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedRows, writeTogether, newRows } from '../../domain/write-together-store.js';
import { Department } from '../../entities/department.js';
import { Enterprise } from '../../entities/enterprise.js';
import { EnterpriseKind } from '../../entities/enterprise-kind.js';
import { OutboxEvent } from '../../entities/outbox-event.js';
import { Registration } from '../../entities/registration.js';
import { RegistrationKind } from '../../entities/registration-kind.js';
import { queryEveryPooledConnection } from '../support/pooled-connections.js';
import { recordingQueries, startTestHub, type TestHub } from '../support/test-hub.js';

/**
 * The set-based write of the hot mutations on a real database: rows of several tables in one
 * statement, every column type they use read back as written, and nothing written when any row fails.
 */
describe('writeTogether', () => {
  let hub: TestHub;
  let statements: string[] = [];
  let department: Department;
  beforeAll(async () => {
    hub = await startTestHub(
      {},
      recordingQueries((statement) => statements.push(statement)),
    );
    department = await hub.orm.em.fork().findOneOrFail(Department, { code: 'SCJG' });
  });
  afterAll(() => hub.stop());

  /** Some connection of the pool holds `text` as a prepared statement, under one name. */
  const expectPreparedUnderOneName = async (text: string) => {
    const prepared = await queryEveryPooledConnection<{ name: string }>(
      hub,
      'select name from pg_prepared_statements where statement = $1',
      [text],
    );
    expect(new Set(prepared.flat().map((row) => row.name)).size).toBe(1);
  };

  const enterprise = (uscc: string, name: string) =>
    Object.assign(new Enterprise(), {
      uscc,
      name,
      nameGrams: ['引"号', "单'引", '反\\斜', '😀'],
      searchName: name,
      kind: EnterpriseKind.COMPANY,
      legalRepresentative: '李明',
      registeredCapitalWanYuan: '12345678901234.000001',
      address: '元坝镇\n解放街1号',
      divisionCode: '510811',
      industryCode: 'F5211',
      businessScope: '{"不是":"JSON"}',
      establishedOn: '2026-02-28',
      registeringAuthority: department,
      version: 1,
    });

  it('writes rows of several tables in one statement, each value read back as written', async () => {
    const company = enterprise('91510811MA0000010P', '广元市"引号"与\'撇号\'有限公司');
    const registration = Object.assign(new Registration(), {
      enterprise: company,
      kind: RegistrationKind.ESTABLISHMENT,
      department,
      certificates: [{ code: 'TAX', name: "税务'登记", departmentCode: 'SW' }],
    });
    const event = Object.assign(new OutboxEvent(), {
      eventType: 'test.event',
      aggregateType: 'enterprise',
      aggregateKey: company.uscc,
      department,
      payload: { nested: { list: [1, '二', null] }, text: 'a\\b"c' },
    });
    statements = [];
    await writeTogether(hub.orm.em.fork(), [
      newRows(Enterprise, [company]),
      newRows(Registration, [registration]),
      newRows(OutboxEvent, [event]),
    ]);
    // One statement wrote all three tables (the hub's background work may log statements of its own meanwhile).
    expect(statements.filter((statement) => /insert into "(enterprise|registration|outbox_event)"/.test(statement))).toEqual([
      expect.stringMatching(/insert into "enterprise".*insert into "registration".*insert into "outbox_event"/s),
    ]);

    const em = hub.orm.em.fork();
    const stored = await em.findOneOrFail(Enterprise, { uscc: company.uscc }, { populate: ['nameGrams'] });
    expect(stored).toMatchObject({
      id: company.id,
      name: company.name,
      nameGrams: company.nameGrams,
      address: company.address,
      businessScope: company.businessScope,
      registeredCapitalWanYuan: '12345678901234.000001',
      establishedOn: '2026-02-28',
      version: 1,
      status: 'ACTIVE',
      parentUscc: null,
    });
    expect(stored.createdAt.getTime()).toBe(company.createdAt.getTime());
    expect(stored.registeringAuthority.id).toBe(department.id);
    const storedRegistration = await em.findOneOrFail(Registration, { id: registration.id });
    expect(storedRegistration.certificates).toEqual(registration.certificates);
    expect(storedRegistration.enterprise.id).toBe(company.id);
    const storedEvent = await em.findOneOrFail(OutboxEvent, { id: event.id });
    expect(storedEvent.payload).toEqual(event.payload);
    expect(Number(storedEvent.sequence)).toBeGreaterThan(0); // the column's default, as no row set it
  });

  it('writes nothing when one row of one table fails', async () => {
    const company = enterprise('91510811MA0000020K', '广元市全有或全无有限公司');
    const orphan = Object.assign(new Registration(), {
      enterprise: Object.assign(new Enterprise(), { id: '01900000-0000-7000-8000-000000000000' }),
      kind: RegistrationKind.ESTABLISHMENT,
      department,
      certificates: [],
    });
    await expect(writeTogether(hub.orm.em.fork(), [newRows(Enterprise, [company]), newRows(Registration, [orphan])])).rejects.toThrow(
      /foreign key/,
    );
    expect(await hub.orm.em.fork().count(Enterprise, { uscc: company.uscc })).toBe(0);
  });

  it('changes existing rows by primary key in the same statement, only the properties named, or nothing when an insert fails', async () => {
    const company = enterprise('91510811MA0000030H', '广元市改写前有限公司');
    await writeTogether(hub.orm.em.fork(), [newRows(Enterprise, [company])]);
    const renamed = Object.assign(company, {
      name: '广元市改写后有限公司',
      address: '不应写入',
      version: 2,
      updatedAt: new Date('2026-03-01T08:00:00+08:00'),
    });
    const event = Object.assign(new OutboxEvent(), {
      eventType: 'test.changed',
      aggregateType: 'enterprise',
      aggregateKey: company.uscc,
      department,
      payload: { name: renamed.name },
    });
    statements = [];
    const written = await writeTogether(hub.orm.em.fork(), [
      changedRows(Enterprise, [renamed], ['name', 'version', 'updatedAt']),
      newRows(OutboxEvent, [event]),
    ]);
    expect(statements.filter((statement) => statement.includes('update "enterprise"'))).toHaveLength(1);
    expect(written).toBe(2);
    const stored = await hub.orm.em.fork().findOneOrFail(Enterprise, { uscc: company.uscc });
    expect(stored).toMatchObject({ name: '广元市改写后有限公司', address: '元坝镇\n解放街1号', version: 2 });
    expect(stored.updatedAt.toISOString()).toBe('2026-03-01T00:00:00.000Z');

    const orphan = Object.assign(new Registration(), {
      enterprise: Object.assign(new Enterprise(), { id: '01900000-0000-7000-8000-000000000001' }),
      kind: RegistrationKind.ESTABLISHMENT,
      department,
      certificates: [],
    });
    await expect(
      writeTogether(hub.orm.em.fork(), [
        changedRows(Enterprise, [Object.assign(renamed, { name: '广元市不应生效有限公司', version: 3 })], ['name', 'version']),
        newRows(Registration, [orphan]),
      ]),
    ).rejects.toThrow(/foreign key/);
    expect(await hub.orm.em.fork().findOneOrFail(Enterprise, { uscc: company.uscc })).toMatchObject({
      name: '广元市改写后有限公司',
      version: 2,
    });
  });

  it('sends the rows as a bound parameter of a statement each pooled connection prepares once', async () => {
    const write = (uscc: string, name: string) => writeTogether(hub.orm.em.fork(), [newRows(Enterprise, [enterprise(uscc, name)])]);
    statements = [];
    await write('91510811MA0000061J', '广元市预备语句一号有限公司');
    await write('91510811MA0000070E', '广元市预备语句二号有限公司');
    const writes = statements.filter((statement) => statement.includes('insert into "enterprise"'));
    expect(writes).toHaveLength(2);
    if (!hub.database.url) {
      // The embedded database (this file under the mutation tests' runner) has no pool: the statement is formatted as ever.
      expect(writes[0]).toContain('?::jsonb');
      expect(writes[0]).not.toContain('$1');
    } else {
      // The values travel apart from the text: the text is the same for both, and names no company.
      expect(writes[0]).toContain('$1::jsonb');
      expect(writes[0]).not.toContain('预备语句');
      const text = (writes[0]!.match(/with input as [\s\S]*as count/) ?? [])[0];
      expect(text).toBeDefined();
      expect(writes[1]).toContain(text);
      await expectPreparedUnderOneName(text!);
    }
    expect(await hub.orm.em.fork().count(Enterprise, { name: { $like: '广元市预备语句%' } })).toBe(2);
  });

  it("binds a condition's values too, plans it at each execution, and writes nothing while the condition is false", async () => {
    // The access log's append is such a write: its condition names the chain's end, which moves with every append.
    const first = enterprise('91510811MA00000871', '广元市条件写入一号有限公司');
    await writeTogether(hub.orm.em.fork(), [newRows(Enterprise, [first])]);
    const writeIfStored = (uscc: string, company: Enterprise) =>
      writeTogether(hub.orm.em.fork(), [newRows(Enterprise, [company])], {
        sql: 'exists (select 1 from enterprise where uscc = ?)',
        params: [uscc],
      });
    statements = [];
    expect(await writeIfStored('91510811MA0000095H', enterprise('91510811MA00001010', '广元市条件写入二号有限公司'))).toBe(0);
    expect(await writeIfStored(first.uscc, enterprise('91510811MA0000110Y', '广元市条件写入三号有限公司'))).toBe(1);
    const writes = statements.filter((statement) => statement.includes('insert into "enterprise"'));
    expect(writes).toHaveLength(2);
    const names = async () =>
      (await hub.orm.em.fork().find(Enterprise, { name: { $like: '广元市条件写入%' } }, { orderBy: { name: 'asc' } })).map(
        (company) => company.name,
      );
    expect(await names()).toEqual(['广元市条件写入一号有限公司', '广元市条件写入三号有限公司']);
    if (hub.database.url) {
      const text = (writes[0]!.match(/with input as [\s\S]*as count/) ?? [])[0];
      expect(text).toContain('where exists (select 1 from enterprise where uscc = $2)');
      expect(text).not.toContain('91510811');
      expect(writes[1]).toContain(text);
      // Never a named statement: a generic plan made while the condition's table was small would stay.
      const prepared = await queryEveryPooledConnection<{ name: string }>(
        hub,
        'select name from pg_prepared_statements where statement = $1',
        [text],
      );
      expect(prepared.flat()).toEqual([]);
    }
  });
});
