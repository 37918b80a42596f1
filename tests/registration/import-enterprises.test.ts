import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpreadsheetFormat } from '../../domain/spreadsheet/spreadsheet-rows.js';
import { importEnterprises, RegistryImportMode } from '../../domain/registration/import/import-enterprises.js';
import { REGISTRY_HEADER } from '../../domain/registration/import/registry-columns.js';
import { composeUscc } from '../../domain/uscc.js';
import { Enterprise } from '../../entities/enterprise.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const uscc = (serial: number) =>
  composeUscc({ authority: '9', type: '1', divisionCode: '510811', organisationCodeBody: `MA7${String(serial).padStart(5, '0')}` });

function row(serial: number, overrides: Partial<Record<string, string>> = {}): string[] {
  const values: Record<string, string> = {
    统一社会信用代码: uscc(serial),
    名称: `广元市昭化区导入测试${serial}号有限公司`,
    类型: '公司',
    法定代表人: '赵六',
    '注册资本(万元)': '100',
    住所: '昭化区元坝镇',
    行政区划代码: '510811',
    行业代码: 'C1391',
    经营范围: '农产品加工',
    成立日期: '2012-05-18',
    登记状态: '存续',
    ...overrides,
  };
  return REGISTRY_HEADER.map((column) => values[column]);
}

const csv = (rows: string[][], header: string[] = REGISTRY_HEADER) =>
  Readable.from([[header, ...rows].map((cells) => cells.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',')).join('\n')]);

// COPY into a staging table on the PostgreSQL server; JSON batches on the embedded database.
describe.each([
  ['the PostgreSQL server', {}],
  ['the embedded database (PGlite)', { database: { driver: 'pglite' as const, dataDir: 'memory://' } }],
])('importing an existing registry into %s', (_database, overrides) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(overrides);
  }, 120_000);
  afterAll(() => hub.stop());

  const run = (source: Readable, mode = RegistryImportMode.ALL_OR_NOTHING, batchSize?: number) =>
    importEnterprises(hub.orm.em.fork(), source, { format: SpreadsheetFormat.CSV, mode, departmentCode: 'SCJG', batchSize });
  const count = () => hub.orm.em.fork().count(Enterprise);

  it('imports every row with its own USCC, searchable at once; importing the file again changes nothing', async () => {
    const rows = Array.from({ length: 25 }, (_, index) => row(index + 1));
    rows.push(row(26, { 登记状态: '注销', 类型: '个体工商户' }));
    const first = await run(csv(rows), RegistryImportMode.ALL_OR_NOTHING, 10);
    expect(first).toMatchObject({ read: 26, imported: 26, unchanged: 0, rejected: 0, committed: true });
    const found = await graphql<{ enterprises: any }>(
      hub.url,
      `
        {
          enterprises(filter: { nameContains: "导入测试7号" }) {
            nodes {
              uscc
              status
              kind
            }
          }
        }
      `,
      {
        token: hub.tokens.system.SW,
      },
    );
    expect(found.body.data!.enterprises.nodes).toEqual([{ uscc: uscc(7), status: 'ACTIVE', kind: 'COMPANY' }]);
    const again = await run(csv(rows), RegistryImportMode.ALL_OR_NOTHING, 10);
    expect(again).toMatchObject({ imported: 0, unchanged: 26, rejected: 0, committed: true });
  });

  it("counts the imported rows in the whole registry's totalCount", async () => {
    await run(csv(Array.from({ length: 12 }, (_, index) => row(401 + index))));
    const page = await graphql<{ enterprises: { totalCount: number } }>(
      hub.url,
      `
        {
          enterprises(first: 1) {
            totalCount
          }
        }
      `,
      {
        token: hub.tokens.system.SW,
      },
    );
    expect(page.body.data!.enterprises.totalCount).toBe(await count());
    // …added to a shard of the bulk writers' range, which no registration's connection adds to.
    const [bulk] = await hub.orm.em
      .fork()
      .getConnection()
      .execute<Array<{ added: number }>>(
        `select coalesce(sum(row_total), 0)::int as added from row_count where table_name = 'enterprise' and shard < 0`,
      );
    expect(bulk!.added).toBeGreaterThanOrEqual(12);
  });

  it('leaves the registry analysed, so reads prepared on the smaller table are planned again', async () => {
    const rows = Array.from({ length: 40 }, (_, index) => row(301 + index));
    await run(csv(rows));
    const [{ planned, counted }] = await hub.orm.em
      .fork()
      .getConnection()
      .execute<Array<{ planned: number; counted: number }>>(
        `select (select reltuples from pg_class where relname = 'enterprise')::int as planned, (select count(*) from enterprise)::int as counted`,
      );
    expect(planned).toBe(counted);
  });

  it('reports every bad row with its line and field, and writes nothing unless asked for the good rows', async () => {
    const rows = [
      row(101),
      row(102, { 统一社会信用代码: uscc(102).slice(0, 17) + (uscc(102).endsWith('0') ? '1' : '0') }),
      row(103, { 类型: '国营农场' }),
      row(104, { '注册资本(万元)': '1.0000001' }),
      row(105, { 行政区划代码: '519999' }),
      row(106, { 登记状态: '歇业' }),
      row(107, { 成立日期: '2012-02-30' }),
      row(101, { 名称: '另一个名字有限公司' }),
    ];
    const before = await count();
    const report = await run(csv(rows));
    expect(report).toMatchObject({ read: 8, imported: 0, rejected: 7, committed: false });
    expect(report.errors.map((error) => [error.line, error.field])).toEqual([
      [3, 'uscc'],
      [4, 'kind'],
      [5, 'registeredCapitalWanYuan'],
      [6, 'divisionCode'],
      [7, 'status'],
      [8, 'establishedOn'],
      [9, 'uscc'],
    ]);
    expect(report.errors[0].reason).toMatch(/check character/);
    expect(await count()).toBe(before);

    const partial = await run(csv(rows), RegistryImportMode.GOOD_ROWS_ONLY);
    expect(partial).toMatchObject({ imported: 1, rejected: 7, committed: true });
    expect(await count()).toBe(before + 1);
  });

  it('refuses registered capital written other than as digits with at most 6 decimals, naming the line', async () => {
    const forms = ['1,234,567.89', '+12.00', '00012.30', '1000.2300000'];
    const before = await count();
    const report = await run(
      csv(forms.map((form, index) => row(301 + index, { '注册资本(万元)': form }))),
      RegistryImportMode.GOOD_ROWS_ONLY,
    );
    expect(report).toMatchObject({ imported: 0, rejected: forms.length });
    expect(report.errors.map((error) => [error.line, error.field])).toEqual(
      forms.map((_form, index) => [index + 2, 'registeredCapitalWanYuan']),
    );
    expect(await count()).toBe(before);
  });

  it('refuses cells holding NUL, control characters or bidirectional overrides, naming the field', async () => {
    const rows = [
      row(401, { 名称: '昭化\u0000商贸有限公司' }),
      row(402, { 住所: '昭化区\u001b[31m元坝镇' }),
      row(403, { 法定代表人: '李\u202E明' }),
    ];
    const before = await count();
    const report = await run(csv(rows), RegistryImportMode.GOOD_ROWS_ONLY);
    expect(report).toMatchObject({ imported: 0, rejected: 3 });
    expect(report.errors.map((error) => [error.line, error.field, error.reason.match(/\(U\+[0-9A-F]+\)/)?.[0]])).toEqual([
      [2, 'name', '(U+0000)'],
      [3, 'address', '(U+001B)'],
      [4, 'legalRepresentative', '(U+202E)'],
    ]);
    expect(await count()).toBe(before);
  });

  it('refuses a name already held by an active entity of the authority', async () => {
    await run(csv([row(201)]));
    const report = await run(csv([row(202, { 名称: row(201)[1] })]));
    expect(report.errors).toEqual([{ line: 2, field: 'name', reason: expect.stringMatching(/already the name of an active/) }]);
  });

  it.each([
    ['a missing column', REGISTRY_HEADER.slice(1), /missing column 统一社会信用代码/],
    ['an extra column', [...REGISTRY_HEADER, '备注'], /unexpected column 备注/],
  ])('refuses a header with %s, naming it', async (_case, header, reason) => {
    await expect(run(csv([], header))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'file',
      message: expect.stringMatching(reason),
    });
  });

  const fileText = (rows: string[][], lineEnd = '\n') => [REGISTRY_HEADER, ...rows].map((cells) => cells.join(',')).join(lineEnd) + lineEnd;
  const names = async (serials: number[]) =>
    (await hub.orm.em.fork().find(Enterprise, { uscc: serials.map(uscc) }, { orderBy: { uscc: 'asc' } })).map(
      (enterprise) => enterprise.name,
    );

  it('reads a UTF-8 file with a byte-order mark and CRLF line ends as Excel saves "CSV UTF-8"', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fileText([row(501), row(502)], '\r\n'))]);
    const report = await run(Readable.from([bytes]));
    expect(report).toMatchObject({ read: 2, imported: 2, rejected: 0, committed: true });
    expect(await names([501, 502])).toEqual([row(501)[1], row(502)[1]]);
  });

  it('detects a GB 18030 (GBK) file, as Excel on a Chinese Windows saves "CSV", and imports its text as written', async () => {
    const bytes = iconv.encode(fileText([row(511), row(512, { 住所: '昭化区元坝镇𠀀号' })], '\r\n'), 'gb18030');
    // Cut inside a two-byte character, as a stream may deliver it.
    const report = await run(Readable.from([bytes.subarray(0, 101), bytes.subarray(101)]));
    expect(report).toMatchObject({ read: 2, imported: 2, rejected: 0, committed: true });
    expect(await names([511, 512])).toEqual([row(511)[1], row(512)[1]]);
    const address = (await hub.orm.em.fork().findOneOrFail(Enterprise, { uscc: uscc(512) })).address;
    expect(address).toBe('昭化区元坝镇𠀀号');
  });

  it('refuses a file whose lines mix encodings, naming the first line that breaks it, and writes nothing', async () => {
    const before = await count();
    const mixed = Buffer.concat([Buffer.from(fileText([row(521)])), iconv.encode(fileText([row(522)]).split('\n')[1] + '\n', 'gb18030')]);
    await expect(run(Readable.from([mixed]))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'file',
      message: expect.stringMatching(/line 3 is not valid UTF-8/),
    });
    const notText = Buffer.concat([Buffer.from('\x80\xff\x80,\xff\n', 'latin1'), Buffer.from(fileText([row(523)]))]);
    await expect(run(Readable.from([notText]))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'file',
      message: expect.stringMatching(/line 1 is neither UTF-8 nor GB 18030/),
    });
    expect(await count()).toBe(before);
  });

  it('imports only under a department that registers market entities', async () => {
    await expect(
      importEnterprises(hub.orm.em.fork(), csv([row(301)]), {
        format: SpreadsheetFormat.CSV,
        mode: RegistryImportMode.ALL_OR_NOTHING,
        departmentCode: 'SW',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
