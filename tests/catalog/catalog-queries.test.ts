import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matterFilterCondition } from '../../domain/catalog/find-matters.js';
import { MatterVersion } from '../../entities/matter-version.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
const ADD = 'mutation A($input: AddMatterInput!) { addMatter(input: $input) { code } }';

function matter(code: string, departmentCode: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    code,
    name,
    departmentCode,
    category: 'ADMINISTRATIVE_LICENSING',
    legalBasis: '《中华人民共和国行政许可法》',
    legalTimeLimitDays: 20,
    promisedTimeLimitDays: 5,
    kind: 'PROMISED',
    levels: ['COUNTY'],
    documentNumber: '昭府发〔2015〕1号',
    effectiveOn: '2015-01-01',
    ...extra,
  };
}

beforeAll(async () => {
  hub = await startTestHub();
  const matters = [
    matter('ZJJ-001', 'ZJJ', '建筑工程施工许可证核发', { legalBasis: '《中华人民共和国建筑法》第七条' }),
    matter('ZJJ-002', 'ZJJ', '施工许证与许可备案', { category: 'OTHER_ADMINISTRATIVE_POWER' }),
    matter('ZJJ-003', 'ZJJ', '对违法建设的行政处罚', {
      category: 'ADMINISTRATIVE_PENALTY',
      legalBasis: '《中华人民共和国城乡规划法》第六十四条',
    }),
    matter('MZ-001', 'MZ', '内地居民婚姻登记', {
      category: 'ADMINISTRATIVE_CONFIRMATION',
      kind: 'ON_THE_SPOT',
      promisedTimeLimitDays: 0,
      levels: ['COUNTY', 'TOWNSHIP'],
    }),
    matter('MZ-002', 'MZ', '社会团体成立登记', { category: 'ADMINISTRATIVE_LICENSING', effectiveOn: '2016-06-01' }),
    matter('SCJG-001', 'SCJG', '企业设立登记（三证合一）', {
      category: 'ADMINISTRATIVE_LICENSING',
      legalBasis: '国办发〔2015〕50号 ABC 条款 100% 适用',
    }),
  ];
  for (const input of matters) {
    const response = await graphql(hub.url, ADD, { token: hub.tokens.admin, variables: { input } });
    if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
  }
  for (let index = 0; index < 60; index++) {
    await graphql(hub.url, ADD, {
      token: hub.tokens.admin,
      variables: {
        input: matter(`TJ-${String(index).padStart(3, '0')}`, 'TJ', `统计调查事项${index}`, { category: 'ADMINISTRATIVE_INSPECTION' }),
      },
    });
  }
});
afterAll(() => hub?.stop());

async function codes(filter: Record<string, unknown>, asOf = '2020-01-01'): Promise<string[]> {
  const response = await graphql<Record<string, any>>(
    hub.url,
    'query Q($f: MatterFilterInput, $a: String) { matters(filter: $f, asOf: $a, first: 500) { nodes { code } } }',
    {
      token: hub.tokens.admin,
      variables: { f: filter, a: asOf },
    },
  );
  if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
  return response.body.data!.matters.nodes.map((node: { code: string }) => node.code);
}

describe('querying the catalog', () => {
  it('finds Chinese substrings of the name or the legal basis, and only true substrings', async () => {
    expect(await codes({ text: '施工许可' })).toEqual(['ZJJ-001']);
    expect(await codes({ text: '婚姻' })).toEqual(['MZ-001']);
    expect(await codes({ text: '婚' })).toEqual(['MZ-001']);
    expect(await codes({ text: '建筑法' })).toEqual(['ZJJ-001']);
    expect(await codes({ text: '三证 合一' })).toEqual(['SCJG-001']);
    expect(await codes({ text: 'ａｂｃ' })).toEqual(['SCJG-001']);
    expect(await codes({ text: '100%' })).toEqual(['SCJG-001']);
    expect(await codes({ text: '%' })).toEqual(['SCJG-001']);
    expect(await codes({ text: '许可法', departmentCode: 'ZJJ' })).toEqual(['ZJJ-002']);
    expect(await codes({ text: '驾驶' })).toEqual([]);
  });

  it('uses the GIN index of the search grams for a text search', async () => {
    const em = hub.orm.em.fork();
    const where = await matterFilterCondition(em, '2020-01-01', { text: '施工许可' });
    const sql = em
      .createQueryBuilder(MatterVersion)
      .select('*')
      .where(where as never)
      .getFormattedQuery();
    class RollBack extends Error {
      constructor(readonly plan: string) {
        super('roll back');
      }
    }
    // A catalog of realistic size (20 000 versions), analysed, inside a transaction that is rolled back.
    const plan = await em
      .transactional(async (tx) => {
        await tx.execute(`insert into matter (id, code, added_on, created_at)
          select gen_random_uuid(), 'FILL-' || g, '2015-01-01', now() from generate_series(1, 20000) g`);
        await tx.execute(`insert into matter_version (id, matter_id, code, sequence, adjustment_type, document_number, valid_from, changed_fields,
            recorded_by, recorded_at, name, category, department_id, legal_basis, conditions, materials, fees, legal_time_limit_days,
            promised_time_limit_days, kind, levels, lower_levels_accept_on_behalf, online_available, status, search_grams, search_text)
          select gen_random_uuid(), m.id, m.code, 1, 'ADD', '某发〔2015〕1号', '2015-01-01', '{}', 'filler', now(), '统计调查' || m.code,
            'ADMINISTRATIVE_INSPECTION', (select id from department where code = 'TJ'), '《统计法》', '', '[]', '[]', 20, 5, 'PROMISED', '{COUNTY}',
            false, false, 'IN_FORCE', array['统','计','调','查','统计','计调','调查'], '统计调查' || lower(m.code) || E'\n《统计法》'
          from matter m where m.code like 'FILL-%'`);
        await tx.execute('analyze matter_version');
        const rows = await tx.execute<Array<{ 'QUERY PLAN': string }>>(`explain ${sql}`);
        throw new RollBack(rows.map((row) => row['QUERY PLAN']).join('\n'));
      })
      .catch((error: unknown) => {
        if (error instanceof RollBack) return error.plan;
        throw error;
      });
    expect(plan).toContain('matter_version_search_grams_index');
    expect(plan).toMatch(/search_grams @>/);
    expect(await em.fork().count(MatterVersion, { code: { $like: 'FILL-%' } })).toBe(0);
  });

  it('filters by department, category, level, kind and date, and pages by code', async () => {
    expect(await codes({ departmentCode: 'MZ' })).toEqual(['MZ-001', 'MZ-002']);
    expect(await codes({ departmentCode: 'MZ' }, '2016-05-31')).toEqual(['MZ-001']);
    expect(await codes({ category: 'ADMINISTRATIVE_PENALTY' })).toEqual(['ZJJ-003']);
    expect(await codes({ level: 'TOWNSHIP' })).toEqual(['MZ-001']);
    expect(await codes({ kind: 'ON_THE_SPOT' })).toEqual(['MZ-001']);
    expect(await codes({}, '2014-12-31')).toEqual([]);

    const page =
      'query P($after: String) { matters(asOf: "2020-01-01", filter: { departmentCode: "TJ" }, first: 25, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { code } } }';
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 5; pages++) {
      const response: any = await graphql<Record<string, any>>(hub.url, page, { token: hub.tokens.admin, variables: { after } });
      const matters = response.body.data.matters;
      expect(matters.totalCount).toBe(60);
      seen.push(...matters.nodes.map((node: { code: string }) => node.code));
      if (!matters.pageInfo.hasNextPage) break;
      after = matters.pageInfo.endCursor;
    }
    expect(seen).toEqual(Array.from({ length: 60 }, (_, index) => `TJ-${String(index).padStart(3, '0')}`));
  });

  it('refuses bad arguments naming them', async () => {
    const cases: Array<[string, string, string]> = [
      ['{ matters(first: 501) { totalCount } }', 'PAGE_TOO_LARGE', 'first'],
      ['{ matters(asOf: "2020-02-30") { totalCount } }', 'BAD_USER_INPUT', 'asOf'],
      ['{ matters(after: "nonsense") { totalCount } }', 'BAD_USER_INPUT', 'after'],
      ['{ matters(filter: { departmentCode: "NOPE" }) { totalCount } }', 'NOT_FOUND', 'filter.departmentCode'],
      ['{ catalogStats(asOf: "yesterday") { total } }', 'BAD_USER_INPUT', 'asOf'],
    ];
    for (const [query, code, field] of cases) {
      const response = await graphql(hub.url, query, { token: hub.tokens.admin });
      expect(response.body.errors?.[0].extensions, query).toMatchObject({ code, field });
    }
    const anonymous = await graphql(hub.url, '{ matters { totalCount } }');
    expect(anonymous.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('counts the catalog by category and department as the reports do', async () => {
    const query =
      'query S($a: String) { catalogStats(asOf: $a) { asOf total summary byCategory { category label count text } byDepartment { department { code } total summary } } }';
    const response = await graphql<Record<string, any>>(hub.url, query, { token: hub.tokens.dashboard, variables: { a: '2016-01-01' } });
    const stats = response.body.data!.catalogStats;
    expect(stats.total).toBe(65);
    expect(stats.summary).toBe('共 65 项：行政许可 2 项、行政处罚 1 项、行政确认 1 项、行政检查 60 项、其他行政权力 1 项');
    expect(stats.byCategory).toHaveLength(11);
    expect(stats.byCategory[0]).toEqual({ category: 'ADMINISTRATIVE_LICENSING', label: '行政许可', count: 2, text: '行政许可 2 项' });
    expect(stats.byDepartment).toEqual([
      { department: { code: 'MZ' }, total: 1, summary: '共 1 项：行政确认 1 项' },
      { department: { code: 'SCJG' }, total: 1, summary: '共 1 项：行政许可 1 项' },
      { department: { code: 'TJ' }, total: 60, summary: '共 60 项：行政检查 60 项' },
      { department: { code: 'ZJJ' }, total: 3, summary: '共 3 项：行政许可 1 项、行政处罚 1 项、其他行政权力 1 项' },
    ]);
    const later = await graphql<Record<string, any>>(hub.url, query, { token: hub.tokens.dashboard, variables: { a: '2016-06-01' } });
    expect(later.body.data!.catalogStats.total).toBe(66);
    const empty = await graphql<Record<string, any>>(hub.url, query, { token: hub.tokens.dashboard, variables: { a: '2000-01-01' } });
    expect(empty.body.data!.catalogStats).toMatchObject({ total: 0, summary: '共 0 项', byDepartment: [] });
  });

  it('costs the same number of SQL statements for a page of 60 matters as for a page of 5, with departments and histories', async () => {
    const logger = hub.orm.config.getLogger();
    const original = logger.logQuery.bind(logger);
    let statements = 0;
    logger.logQuery = (context) => {
      // The credential is read at most once a second (domain/auth/credential-cache.ts): whether a
      // request reads it depends on timing, not on the page, so it is left out of the count.
      if (!String(context.query).includes('api_credential')) statements += 1;
      original(context);
    };
    const count = async (first: number) => {
      statements = 0;
      const response = await graphql<Record<string, any>>(
        hub.url,
        `{ matters(asOf: "2020-01-01", first: ${first}) { nodes { code department { code } history { sequence department { name } } } } }`,
        { token: hub.tokens.admin },
      );
      expect(response.body.data!.matters.nodes).toHaveLength(first);
      return statements;
    };
    try {
      const small = await count(5);
      const large = await count(60);
      expect(small).toBeGreaterThan(0);
      expect(large).toBe(small);
    } finally {
      logger.logQuery = original;
    }
  });
});
