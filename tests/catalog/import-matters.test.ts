import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_HEADER } from '../../domain/catalog/import/catalog-columns.js';
import { MatterCategory } from '../../entities/matter-category.js';
import { MatterKind } from '../../entities/matter-kind.js';
import { MatterLevel } from '../../entities/matter-level.js';
import { MatterStatus } from '../../entities/adjustment-type.js';
import { Matter } from '../../entities/matter.js';
import { MatterVersion } from '../../entities/matter-version.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { base64, catalogCsv, catalogRow, catalogXlsx, csvLine } from './catalog-files.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const REPORT = 'rowsRead added adjusted delegated cancelled unchanged rejected written errors { line column reason }';
const IMPORT = `mutation I($input: ImportMattersInput!) { importMatters(input: $input) { id status } }`;
const JOB = `query J($id: ID!) { importJob(id: $id) { status failure { code field message line } matterReport { ${REPORT} } } }`;

/**
 * Imports a file as a client does: the mutation returns a job, polled until it ends. Answers as the
 * mutation did when it reported in the request: the report as `importMatters`, or the error (the
 * mutation's own, or the job's failure).
 */
async function importFile(
  file: string | Buffer,
  options: { format?: string; mode?: string; departmentCode?: string; token?: string } = {},
) {
  const { token = hub.tokens.admin, format = 'CSV', ...rest } = options;
  const started = await graphql<{ importMatters: { id: string; status: string } }>(hub.url, IMPORT, {
    token,
    variables: { input: { file: base64(file), format, ...rest } },
  });
  if (started.body.errors) return started as unknown as { body: { data?: { importMatters: Record<string, any> }; errors?: any[] } };
  const job = await pollImportJob(started.body.data!.importMatters.id, token);
  if (job.failure) {
    const { message, ...extensions } = job.failure;
    return { body: { errors: [{ message, extensions }] } } as { body: { data?: { importMatters: Record<string, any> }; errors?: any[] } };
  }
  return { body: { data: { importMatters: job.matterReport } } } as {
    body: { data?: { importMatters: Record<string, any> }; errors?: any[] };
  };
}

async function pollImportJob(id: string, token: string) {
  for (;;) {
    const polled = await graphql<{ importJob: Record<string, any> }>(hub.url, JOB, { token, variables: { id } });
    expect(polled.body.errors).toBeUndefined();
    if (polled.body.data!.importJob.status !== 'RUNNING') return polled.body.data!.importJob;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function counts() {
  const em = hub.orm.em.fork();
  return { matters: await em.count(Matter, {}), versions: await em.count(MatterVersion, {}) };
}

describe('importing a department catalog', () => {
  it('adds the matters of a CSV file, and importing the same file again changes nothing', async () => {
    const file = catalogCsv([
      catalogRow('ZJJ-XK-001', 'ZJJ', { name: '建筑工程施工许可证核发' }),
      catalogRow('ZJJ-XK-002', 'ZJJ'),
      catalogRow('ZJJ-XK-003', 'ZJJ'),
    ]);
    const first = await importFile(file, { token: hub.tokens.system.ZJJ });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.importMatters).toEqual({
      rowsRead: 3,
      added: 3,
      adjusted: 0,
      delegated: 0,
      cancelled: 0,
      unchanged: 0,
      rejected: 0,
      written: true,
      errors: [],
    });
    const after = await counts();

    const again = await importFile(file, { token: hub.tokens.system.ZJJ });
    expect(again.body.data!.importMatters).toMatchObject({ rowsRead: 3, added: 0, unchanged: 3, rejected: 0, written: false });
    expect(await counts()).toEqual(after);

    const found = await graphql<Record<string, any>>(
      hub.url,
      '{ matter(code: "ZJJ-XK-001") { name department { code } materials { name form copies required } fees { item } free history { adjustmentType documentNumber recordedBy } } }',
      { token: hub.tokens.admin },
    );
    expect(found.body.data!.matter).toMatchObject({
      name: '建筑工程施工许可证核发',
      department: { code: 'ZJJ' },
      materials: [
        { name: '申请书', form: 'ORIGINAL', copies: 1, required: true },
        { name: '营业执照', form: 'COPY', copies: 2, required: false },
      ],
      free: true,
      history: [{ adjustmentType: 'ADD', documentNumber: '昭府发〔2015〕10号', recordedBy: 'ZJJ ZJJ test system' }],
    });
  });

  it('turns changed rows into delegations, adjustments and cancellations dated by the file', async () => {
    const rows = [catalogRow('MZ-IM-001', 'MZ'), catalogRow('MZ-IM-002', 'MZ'), catalogRow('MZ-IM-003', 'MZ')];
    expect((await importFile(catalogCsv(rows))).body.data!.importMatters).toMatchObject({ added: 3, written: true });
    const later = { documentNumber: '昭府发〔2016〕30号', effectiveOn: '2016-10-01' };
    const changed = [
      catalogRow('MZ-IM-001', 'MZ', { levels: [MatterLevel.COUNTY, MatterLevel.TOWNSHIP], lowerLevelsAcceptOnBehalf: true }, later),
      catalogRow(
        'MZ-IM-002',
        'MZ',
        { promisedTimeLimitDays: 2, fees: [{ item: '工本费', standard: '每证 9 元', basis: '计价格〔2001〕1234号' }] },
        later,
      ),
      catalogRow('MZ-IM-003', 'MZ', { status: MatterStatus.CANCELLED }, later),
    ];
    const response = await importFile(catalogCsv(changed), { departmentCode: 'MZ' });
    expect(response.body.data!.importMatters).toMatchObject({
      added: 0,
      delegated: 1,
      adjusted: 1,
      cancelled: 1,
      rejected: 0,
      written: true,
    });
    expect((await importFile(catalogCsv(changed), { departmentCode: 'MZ' })).body.data!.importMatters).toMatchObject({
      unchanged: 3,
      written: false,
    });

    const query = `query Q($asOf: String) { matters(asOf: $asOf, filter: { departmentCode: "MZ", text: "测试事项MZ-IM" }) { nodes { code levels promisedTimeLimitDays fees { standard } } } }`;
    const before = await graphql<Record<string, any>>(hub.url, query, { token: hub.tokens.admin, variables: { asOf: '2016-09-30' } });
    expect(before.body.data!.matters.nodes.map((node: { code: string }) => node.code)).toEqual(['MZ-IM-001', 'MZ-IM-002', 'MZ-IM-003']);
    const after = await graphql<Record<string, any>>(hub.url, query, { token: hub.tokens.admin, variables: { asOf: '2016-10-01' } });
    expect(after.body.data!.matters.nodes).toEqual([
      { code: 'MZ-IM-001', levels: ['COUNTY', 'TOWNSHIP'], promisedTimeLimitDays: 5, fees: [] },
      { code: 'MZ-IM-002', levels: ['COUNTY'], promisedTimeLimitDays: 2, fees: [{ standard: '每证 9 元' }] },
    ]);
  });

  it('reports every bad row with its line and reason and, by default, writes nothing', async () => {
    await importFile(catalogCsv([catalogRow('SW-IM-OLD', 'SW', {}, { effectiveOn: '2015-06-01' })]));
    const rows = [
      catalogRow('SW-IM-001', 'SW'),
      catalogRow('SW-IM-002', 'SW', { promisedTimeLimitDays: 30 }),
      catalogRow('SW-IM-003', 'SW'),
      catalogRow('SW-IM-004', 'NOPE'),
      catalogRow('SW-IM-001', 'SW'),
      catalogRow('SW-IM-OLD', 'SW', { conditions: '新条件' }, { effectiveOn: '2015-01-01' }),
      catalogRow('SW-IM-005', 'SW', { status: MatterStatus.CANCELLED }),
      catalogRow('SW-IM-006', 'SW'),
      catalogRow('SW-IM-007', 'SW'),
    ];
    const lines = catalogCsv(rows).split('\r\n');
    lines[3] = lines[3].replace(',行政许可,', ',行政审批,');
    lines[8] = lines[8].replace(/,2015-01-01$/, ',2015-02-30');
    lines[9] = lines[9].replace(',县级,', ',街道级,');
    const file = lines.join('\r\n');
    const before = await counts();

    const response = await importFile(file);
    const report = response.body.data!.importMatters;
    expect(report).toMatchObject({ rowsRead: 9, added: 1, rejected: 8, written: false });
    expect(report.errors.map((error: { line: number; column: string }) => [error.line, error.column])).toEqual([
      [3, '承诺时限'],
      [4, '事项类别'],
      [5, '实施部门'],
      [6, '事项编码'],
      [7, '生效日期'],
      [8, '状态'],
      [9, '生效日期'],
      [10, '行使层级'],
    ]);
    expect(report.errors[0].reason).toMatch(/promised limit \(30 working days\) may not exceed the legal limit \(20\)/);
    expect(report.errors[1].reason).toContain('unknown category "行政审批"');
    expect(report.errors[2].reason).toContain('no department NOPE');
    expect(report.errors[3].reason).toContain('duplicate code SW-IM-001: it is already on line 2');
    expect(report.errors[4].reason).toContain('before it exists');
    expect(report.errors[5].reason).toContain('is not in the catalog, so it cannot be cancelled');
    expect(report.errors[6].reason).toContain('"2015-02-30" is not a date');
    expect(report.errors[7].reason).toContain('unknown level "街道级"');
    expect(await counts()).toEqual(before);

    const goodOnly = await importFile(file, { mode: 'GOOD_ROWS_ONLY' });
    expect(goodOnly.body.data!.importMatters).toMatchObject({ added: 1, rejected: 8, written: true });
    expect(goodOnly.body.data!.importMatters.errors).toHaveLength(8);
    expect(await counts()).toEqual({ matters: before.matters + 1, versions: before.versions + 1 });
  });

  it('refuses cells holding NUL, control characters or bidirectional overrides, naming the column', async () => {
    const rows = [
      catalogRow('SW-TX-001', 'SW', { name: '测试\u0000事项' }),
      catalogRow('SW-TX-002', 'SW', { name: '测试\u001b[31m事项' }),
      catalogRow('SW-TX-003', 'SW', { legalBasis: '《行政许可法》\u202E条二十第' }),
      // Line breaks are the documented separator of materials and fine in 受理条件, a multi-line field.
      catalogRow('SW-TX-004', 'SW', { conditions: '材料齐全\n符合法定形式' }),
    ];
    const before = await counts();
    const report = (await importFile(catalogCsv(rows))).body.data!.importMatters;
    expect(report).toMatchObject({ rowsRead: 4, rejected: 3, written: false });
    expect(
      report.errors.map((error: { line: number; column: string; reason: string }) => [
        error.column,
        error.reason.match(/\(U\+[0-9A-F]+\)/)?.[0],
      ]),
    ).toEqual([
      ['事项名称', '(U+0000)'],
      ['事项名称', '(U+001B)'],
      ['设定依据', '(U+202E)'],
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a file whose header lacks a column or has an extra one, naming it', async () => {
    const row = catalogRow('TJ-IM-001', 'TJ');
    const missing = catalogCsv([row])
      .split('\r\n')
      .map((line) =>
        line
          .split(',')
          .filter((_cell, index) => index !== CATALOG_HEADER.indexOf('受理条件'))
          .join(','),
      )
      .join('\r\n');
    const response = await importFile(missing);
    expect(response.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.file',
      missingColumns: ['受理条件'],
      extraColumns: [],
    });
    expect(response.body.errors?.[0].message).toContain('missing column 受理条件');

    const extra = catalogCsv([row])
      .split('\r\n')
      .map((line, index) => (line ? `${line},${index === 0 ? '备注' : ''}` : line))
      .join('\r\n');
    const extraResponse = await importFile(extra);
    expect(extraResponse.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.file',
      extraColumns: ['备注'],
    });
    expect(extraResponse.body.errors?.[0].message).toContain('unexpected column 备注');

    const empty = await importFile('');
    expect(empty.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.file' });
    expect(await hub.orm.em.fork().count(Matter, { code: 'TJ-IM-001' })).toBe(0);
  });

  it('refuses a file that is not UTF-8 (a GBK export), naming the first bad line', async () => {
    const utf8 = catalogCsv([catalogRow('RS-IM-001', 'RS'), catalogRow('RS-IM-002', 'RS', { name: '中文事项' })]);
    const lines = utf8.split('\r\n');
    // 中文 in GBK, as Excel on a Chinese Windows saves a plain "CSV" file.
    const gbkName = Buffer.from([0xd6, 0xd0, 0xce, 0xc4]);
    const [before3, after3] = lines[2].split('中文');
    const gbk = Buffer.concat([Buffer.from(`${lines[0]}\r\n${lines[1]}\r\n${before3}`), gbkName, Buffer.from(`${after3}\r\n`)]);
    const response = await importFile(gbk);
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.file', line: 3 });
    expect(response.body.errors?.[0].message).toContain('line 3 is not valid UTF-8');
    expect(await hub.orm.em.fork().count(Matter, { code: { $like: 'RS-IM-%' } })).toBe(0);
    const notBase64 = await graphql(hub.url, IMPORT, {
      token: hub.tokens.admin,
      variables: { input: { file: '不是base64', format: 'CSV' } },
    });
    expect(notBase64.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.file' });
  });

  it('imports the first worksheet of an XLSX workbook, with real date and number cells', async () => {
    const rows = [
      catalogRow(
        'GA-IM-001',
        'GA',
        { name: '户口迁移', category: MatterCategory.ADMINISTRATIVE_CONFIRMATION, kind: MatterKind.ON_THE_SPOT, promisedTimeLimitDays: 0 },
        { effectiveOn: '2016-03-15' },
      ),
      catalogRow('GA-IM-002', 'GA', {}, { effectiveOn: '2016-03-15' }),
    ];
    const workbook = await catalogXlsx(rows);
    const response = await importFile(workbook, { format: 'XLSX' });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.importMatters).toMatchObject({ rowsRead: 2, added: 2, written: true });
    expect((await importFile(workbook, { format: 'XLSX' })).body.data!.importMatters).toMatchObject({ unchanged: 2, written: false });
    const version = await hub.orm.em.fork().findOneOrFail(MatterVersion, { code: 'GA-IM-001' });
    expect([version.validFrom, version.kind, version.legalTimeLimitDays]).toEqual(['2016-03-15', 'ON_THE_SPOT', 20]);

    const textDates = await catalogXlsx([catalogRow('GA-IM-003', 'GA', {}, { effectiveOn: '2016-02-30' })], { realDates: false });
    const bad = await importFile(textDates, { format: 'XLSX' });
    // A refusal of the whole request (not a row's error) fails here with its message, not as a null below.
    expect(bad.body.errors).toBeUndefined();
    expect(bad.body.data!.importMatters.errors).toEqual([{ line: 2, column: '生效日期', reason: expect.stringContaining('2016-02-30') }]);

    const notAWorkbook = await importFile(catalogCsv(rows), { format: 'XLSX' });
    expect(notAWorkbook.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.file' });
  });

  it("lets a department system import only its own department's matters", async () => {
    const mine = await importFile(catalogCsv([catalogRow('SY-IM-001', 'SY'), catalogRow('SY-IM-002', 'ZJ')]), {
      token: hub.tokens.system.SY,
    });
    expect(mine.body.data!.importMatters).toMatchObject({ added: 1, rejected: 1, written: false });
    expect(mine.body.data!.importMatters.errors[0]).toMatchObject({
      line: 3,
      column: '实施部门',
      reason: expect.stringContaining("this import is for SY's matters"),
    });
    const other = await importFile(catalogCsv([catalogRow('ZJ-IM-001', 'ZJ')]), { token: hub.tokens.system.SY, departmentCode: 'ZJ' });
    expect(other.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.departmentCode' });
    const clerk = await importFile(catalogCsv([catalogRow('SCJG-IM-001', 'SCJG')]), { token: hub.tokens.clerk });
    expect(clerk.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('quotes cells with commas, quotes and line breaks, and reports the line a row starts on', async () => {
    const row = catalogRow('ZJ-IM-002', 'ZJ', { conditions: '一、材料齐全，"符合"要求\n二、现场核查合格' });
    const bad = catalogRow('ZJ-IM-003', 'ZJ', { conditions: '多行\n条件', legalTimeLimitDays: 1, promisedTimeLimitDays: 3 });
    const file = catalogCsv([row, bad]);
    expect(file.split('\r\n')[0]).toBe(csvLine(CATALOG_HEADER));
    const response = await importFile(file, { mode: 'GOOD_ROWS_ONLY' });
    expect(response.body.data!.importMatters).toMatchObject({ added: 1, rejected: 1 });
    expect(response.body.data!.importMatters.errors[0]).toMatchObject({ line: 4, column: '承诺时限' });
    const stored = await hub.orm.em.fork().findOneOrFail(MatterVersion, { code: 'ZJ-IM-002' });
    expect(stored.conditions).toBe('一、材料齐全，"符合"要求\n二、现场核查合格');
  });
});
