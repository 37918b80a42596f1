import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { createConnector, uniqueName } from './connector-fixtures.js';
import { registerOk } from '../registration/registration-fixtures.js';

/** Valid, but never registered here: the standard's own worked example. */
const UNREGISTERED = '91350100M000100Y43';
const IMPORT = `mutation($id: ID!, $format: SpreadsheetFormat!, $content: String!) {
  importRecords(connectorId: $id, format: $format, contentBase64: $content) { applied duplicates rejected }
}`;

describe('file import (CSV, XLSX)', () => {
  let hub: TestHub;
  let connector: { id: string };
  let GOOD: string;
  let OTHER: string;
  beforeAll(async () => {
    hub = await startTestHub({ delivery: { workers: 0, pollMs: 1_000, leaseMs: 5_000, batchSize: 10 } });
    GOOD = (await registerOk(hub)).uscc;
    OTHER = (await registerOk(hub)).uscc;
    connector = await createConnector(hub, {
      name: uniqueName('rs-roster'),
      kind: 'FILE_IMPORT',
      departmentCode: 'RS',
      eventTypes: ['enterprise'],
      config: {
        recordType: 'enterprise',
        keyColumn: '统一社会信用代码',
        columns: { socialInsuranceAccount: '社保登记号', insuredEmployees: '参保人数' },
      },
    });
  });
  afterAll(() => hub.stop());

  const upload = (format: string, content: Buffer, token = hub.tokens.system.RS, id = connector.id) =>
    graphql<{ importRecords: { applied: number; duplicates: number; rejected: number } }>(hub.url, IMPORT, {
      token,
      variables: { id, format, content: content.toString('base64') },
    });
  const sourced = (key: string, token: string) =>
    graphql<{ sourcedRecord: { fields: Record<string, unknown> } | null }>(
      hub.url,
      'query($key: String!) { sourcedRecord(recordType: "enterprise", key: $key) { fields } }',
      {
        token,
        variables: { key },
      },
    );
  // The owner of the facts reads them: the social-insurance account is conditional data of RS.
  const fields = async (key: string) => (await sourced(key, hub.tokens.system.RS)).body.data!.sourcedRecord?.fields;
  const accessLogSize = async () => Number((await hub.orm.em.fork().execute('select count(*) as n from access_log_entry'))[0].n);
  const inboundCount = async () => Number((await hub.orm.em.fork().execute('select count(*) as n from connector_inbound_record'))[0].n);

  it('imports a CSV roster row by row; importing it again changes nothing; a bad row is refused with its reason', async () => {
    const csv = Buffer.from(
      `\uFEFF统一社会信用代码,社保登记号,参保人数\n${GOOD},SB510811001,12\n${OTHER},SB510811002,3\n91350100M000100Y44,SB510811003,5\n${UNREGISTERED},SB510811004,7\n`,
      'utf8',
    );
    const first = await upload('CSV', csv);
    expect(first.body.data).toEqual({ importRecords: { applied: 2, duplicates: 0, rejected: 2 } });
    expect(await fields(GOOD)).toEqual({ socialInsuranceAccount: 'SB510811001', insuredEmployees: 12 });

    // An administrator holds no grant: the conditional value is refused, named, and no read is logged.
    const logged = await accessLogSize();
    const asAdmin = await sourced(GOOD, hub.tokens.admin);
    expect(asAdmin.body.data!.sourcedRecord).toBeNull();
    expect(asAdmin.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'SourcedRecord.fields' });
    expect(asAdmin.body.errors?.[0].message).toContain('socialInsuranceAccount');
    const payloads = await graphql<{
      inboundRecords: { nodes: Array<{ naturalKey: string; payload: { fields: Record<string, unknown>; withheldFields?: string[] } }> };
    }>(hub.url, 'query($filter: InboundRecordFilterInput) { inboundRecords(filter: $filter) { nodes { naturalKey payload } } }', {
      token: hub.tokens.admin,
      variables: { filter: { connectorId: connector.id, status: 'APPLIED' } },
    });
    const good = payloads.body.data!.inboundRecords.nodes.find((node) => node.naturalKey === GOOD)!;
    expect(good.payload.fields).toEqual({ insuredEmployees: '12' });
    expect(good.payload.withheldFields).toEqual(['socialInsuranceAccount']);
    expect(await accessLogSize()).toBe(logged);

    const again = await upload('CSV', csv);
    expect(again.body.data).toEqual({ importRecords: { applied: 0, duplicates: 2, rejected: 2 } });
    const rejected = await graphql<{ inboundRecords: { nodes: Array<{ naturalKey: string; reason: string }> } }>(
      hub.url,
      'query($filter: InboundRecordFilterInput) { inboundRecords(filter: $filter) { nodes { naturalKey reason } } }',
      { token: hub.tokens.system.RS, variables: { filter: { connectorId: connector.id, status: 'REJECTED' } } },
    );
    expect(rejected.body.data!.inboundRecords.nodes).toEqual(
      expect.arrayContaining([
        { naturalKey: '91350100M000100Y44', reason: expect.stringMatching(/^key: the uscc /) },
        { naturalKey: UNREGISTERED, reason: expect.stringMatching(/^key: no enterprise .* is in the registry/) },
      ]),
    );
    expect(await fields(UNREGISTERED)).toBeUndefined();
  });

  it('imports an XLSX workbook (first sheet, header row)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('参保单位');
    sheet.addRow(['统一社会信用代码', '社保登记号', '参保人数']);
    sheet.addRow([OTHER, 'SB510811002', 40]);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const result = await upload('XLSX', content);
    expect(result.body.data).toEqual({ importRecords: { applied: 1, duplicates: 0, rejected: 0 } });
    expect(await fields(OTHER)).toEqual({ socialInsuranceAccount: 'SB510811002', insuredEmployees: 40 });
  });

  it('refuses a file without a mapped column, an unreadable workbook, and another department, writing nothing', async () => {
    const before = await inboundCount();
    const missing = await upload('CSV', Buffer.from(`统一社会信用代码,社保登记号\n${GOOD},SB1\n`));
    expect(missing.body.errors?.[0]).toMatchObject({
      message: 'contentBase64: the file has no column "参保人数"',
      extensions: { code: 'BAD_USER_INPUT', field: 'contentBase64' },
    });
    const garbage = await upload('XLSX', Buffer.from('this is not a workbook'));
    expect(garbage.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contentBase64' });
    const asTax = await upload('CSV', Buffer.from(`统一社会信用代码,社保登记号,参保人数\n${GOOD},SB1,1\n`), hub.tokens.system.SW);
    expect(asTax.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'connectorId' });
    expect(await inboundCount()).toBe(before);
  });

  it('refuses every row of a file that writes a field its department does not own', async () => {
    const names = await createConnector(hub, {
      name: uniqueName('rs-names'),
      kind: 'FILE_IMPORT',
      departmentCode: 'RS',
      eventTypes: ['enterprise'],
      config: { recordType: 'enterprise', keyColumn: 'uscc', idColumn: 'row_id', columns: { name: '企业名称' } },
    });
    const result = await upload('CSV', Buffer.from(`row_id,uscc,企业名称\nr1,${GOOD},改名公司\n`), hub.tokens.system.RS, names.id);
    expect(result.body.data).toEqual({ importRecords: { applied: 0, duplicates: 0, rejected: 1 } });
    expect((await fields(GOOD))!.name).toBeUndefined();
  });
});
