import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../domain/connectors/signature.js';
import { cleanText, cleanValue, defangValue, findTextProblem } from '../../domain/text/text-hygiene.js';
import { createInboundWebhook, HMAC_SECRET } from '../connectors/connector-fixtures.js';
import { constructionPermit, issue } from '../licences/licence-fixtures.js';
import { companyInput, register } from '../registration/registration-fixtures.js';
import { graphql, wsClient } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

/** The four kinds of text the hub refuses, each inside otherwise ordinary Chinese text. */
const BAD = [
  ['NUL', '昭化\u0000商贸', 'NUL', 'U+0000'],
  ['an ANSI escape', '昭化\u001b[31m商贸', 'CONTROL_CHARACTER', 'U+001B'],
  ['a right-to-left override', '昭化\u202E贸商', 'BIDI_CONTROL', 'U+202E'],
  ['a lone surrogate', '昭化\ud800商贸', 'LONE_SURROGATE', 'U+D800'],
] as const;

describe('the text rules', () => {
  it.each(BAD)('finds %s', (_name, text, problem, codePoint) => {
    expect(findTextProblem(text)).toEqual({ problem, codePoint, index: 2 });
  });

  it('allows line breaks and tabs only where a field is multi-line, and C1 controls nowhere', () => {
    expect(findTextProblem('第一行\n第二行')?.problem).toBe('CONTROL_CHARACTER');
    expect(findTextProblem('第一行\r\n\t第二行', true)).toBeNull();
    expect(findTextProblem('a\u0085b', true)?.codePoint).toBe('U+0085');
    expect(findTextProblem('a\u2067b', true)?.problem).toBe('BIDI_CONTROL');
    // A pair is a character (𠀀, U+20000), and a mark that is no override is text.
    expect(findTextProblem('\ud840\udc00 \u200f')).toBeNull();
  });

  it('returns text in NFC', () => {
    expect(cleanText('Cafe\u0301', 'name')).toBe('Caf\u00e9');
  });

  it('names the nested field of a value, and cleans keys as well', () => {
    expect(() => cleanValue({ fields: { contractor: 'x\u0000' } }, 'input')).toThrow(
      /^input\.fields\.contractor: contains a NUL character \(U\+0000\)/,
    );
    expect(() => cleanValue({ ['a\u202Eb']: 1 }, 'fields')).toThrow(/^fields\.a.b: contains a bidirectional control character \(U\+202E\)/);
    expect(() => cleanValue(['ok', 'no\u0007'], 'missingMaterials')).toThrow(
      /^missingMaterials\[1\]: contains a control character \(U\+0007\)/,
    );
  });

  it('writes refused characters out when a refused record is kept', () => {
    expect(defangValue({ name: '昭化\u0000\u001b\u202E\ud800' })).toEqual({ name: '昭化<U+0000><U+001B><U+202E><U+D800>' });
  });
});

describe('text arriving at the hub', () => {
  let hub: TestHub;
  let tradeConnector: string;
  beforeAll(async () => {
    hub = await startTestHub();
    tradeConnector = (await createInboundWebhook(hub, 'GGZY', ['trade'])).id;
  });
  afterAll(() => hub?.stop());

  const count = async (table: string) => Number((await hub.orm.em.fork().execute(`select count(*) as n from ${table}`))[0].n);

  it.each(BAD)(
    'refuses %s in an enterprise name and address with BAD_USER_INPUT naming the field, writing nothing',
    async (_name, text, problem, codePoint) => {
      const before = await count('enterprise');
      for (const field of ['name', 'address', 'legalRepresentative'] as const) {
        const response = await register(hub, companyInput({ [field]: `${text}${field}` }));
        expect(response.body.errors?.[0].extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          field: `input.${field}`,
          reason: problem,
          codePoint,
        });
        expect(response.body.errors?.[0].message).toMatch(
          new RegExp(`^input\\.${field}: contains .*\\(${codePoint.replace('+', '\\+')}\\) at position 2`),
        );
      }
      expect(await count('enterprise')).toBe(before);
    },
  );

  it.each(BAD)('refuses %s in a licence field, writing nothing', async (_name, text, problem) => {
    const before = await count('licence');
    const permit = constructionPermit();
    const response = await issue(hub, { ...permit, fields: { ...(permit.fields as object), contractor: text } });
    expect(response.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.fields.contractor',
      reason: problem,
    });
    expect(await count('licence')).toBe(before);
  });

  it('stores names in NFC and takes line breaks in a multi-line field', async () => {
    const input = companyInput({ businessScope: '日用百货销售\n五金交电销售' });
    const response = await register(hub, { ...input, name: `${input.name as string}Cafe\u0301` });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.registerEnterprise.enterprise.name).toBe(`${input.name as string}Caf\u00e9`);
  });

  it('refuses bad text in a query argument too, before any lookup', async () => {
    const response = await graphql(hub.url, 'query($code: String!) { trade(code: $code) { code } }', {
      token: hub.tokens.admin,
      variables: { code: 'ZHGC\u0000' },
    });
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code', reason: 'NUL' });
  });

  it('refuses bad text in a subscription argument over WebSocket', async () => {
    const client = wsClient(hub.url, hub.tokens.dashboard);
    try {
      const failure = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: 'subscription($code: String) { caseAlerts(departmentCode: $code) { caseNo } }', variables: { code: 'SC\u202EJG' } },
          {
            next: resolve,
            error: resolve,
            complete: () => undefined,
          },
        );
      });
      expect(JSON.stringify(failure)).toContain('"code":"BAD_USER_INPUT"');
      expect(JSON.stringify(failure)).toContain('"field":"departmentCode"');
      expect(JSON.stringify(failure)).toContain('"reason":"BIDI_CONTROL"');
    } finally {
      await client.dispose();
    }
  });

  async function sendRecord(record: unknown, raw?: Buffer) {
    const body = raw ?? Buffer.from(JSON.stringify(record));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(`${hub.url}/connectors/${tradeConnector}/records`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-timestamp': timestamp,
        'x-hub-signature': sign(HMAC_SECRET, timestamp, body.toString('utf8')),
      },
      body: new Uint8Array(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  }
  const announced = (code: string, fields: Record<string, unknown> = {}) => ({
    id: `text-${code}`,
    type: 'trade',
    key: code,
    fields: {
      status: 'ANNOUNCED',
      name: '昭化区元坝镇污水处理站',
      category: 'CONSTRUCTION',
      method: 'OPEN_TENDER',
      budget: '880000',
      divisionCode: '510811',
      announcedOn: '2026-11-02',
      ...fields,
    },
  });

  it.each(BAD)(
    'refuses an inbound record with %s in a field, keeping it defanged with the reason',
    async (_name, text, _problem, codePoint) => {
      const code = `ZHGC-2026-9${codePoint.slice(-2)}`;
      const trades = await count('trade');
      const response = await sendRecord(announced(code, { name: text }));
      expect(response.status).toBe(422);
      expect(response.body.results[0]).toMatchObject({
        status: 'REJECTED',
        reason: expect.stringMatching(new RegExp(`^fields\\.name: contains .*\\(${codePoint.replace('+', '\\+')}\\)`)),
      });
      expect(await count('trade')).toBe(trades);
      const [kept] = await hub.orm.em
        .fork()
        .execute(`select payload, reason from connector_inbound_record where source_event_id = ?`, [`text-${code}`]);
      expect(kept.payload.fields.name).toBe(`昭化<${codePoint}>${text.slice(3)}`);
    },
  );

  it('refuses an inbound record whose id holds NUL without failing to keep it', async () => {
    const response = await sendRecord({ ...announced('ZHGC-2026-990'), id: 'bad\u0000id' });
    expect(response.status).toBe(422);
    expect(response.body.results[0]).toMatchObject({
      sourceEventId: 'bad<U+0000>id',
      status: 'REJECTED',
      reason: expect.stringMatching(/^id: contains a NUL/),
    });
  });

  it.each(['1,234,567.89', '+12.00', '00012.30', '1000.230', ' 12.30'])('refuses the inbound amount %j', async (amount) => {
    const trades = await count('trade');
    const response = await sendRecord({
      ...announced(`ZHGC-2026-8${trades}`),
      id: `amount-${amount}`,
      fields: { ...announced('x').fields, budget: amount },
    });
    expect(response.status).toBe(422);
    expect(response.body.results[0]).toMatchObject({ status: 'REJECTED', reason: expect.stringMatching(/^fields\.budget: /) });
    expect(await count('trade')).toBe(trades);
  });

  it('refuses a webhook body that is not UTF-8, and a GraphQL request body that is not', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"id":"utf-1","type":"trade","key":"ZHGC-2026-991","fields":{"name":"'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('"}}'),
    ]);
    const inbound = await sendRecord(null, bytes);
    expect(inbound.status).toBe(400);
    expect(inbound.body.errors[0]).toMatchObject({ message: 'the body is not valid UTF-8', extensions: { code: 'BAD_REQUEST' } });
    const overGraphql = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hub.tokens.admin}` },
      body: new Uint8Array(
        Buffer.concat([Buffer.from('{"query":"{ trade(code: \\"'), Buffer.from([0xff]), Buffer.from('\\") { code } }"}')]),
      ),
    });
    expect(overGraphql.status).toBe(400);
    expect(((await overGraphql.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});
