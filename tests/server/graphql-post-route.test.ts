import { request } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ maxRequestBytes: 4096 });
});
afterAll(() => hub?.stop());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One raw HTTP request: the headers and bytes exactly as given, no client adding its own. */
function send(path: string, headers: Record<string, string>, body: Buffer | string, method = 'POST'): Promise<Answer> {
  const { port } = new URL(hub.url);
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const ME = JSON.stringify({ query: '{ me { department { code } roles } }' });
const json = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };

/** Each request a client could send to POST /graphql, good and bad. */
const CASES: Array<[string, Record<string, string>, Buffer | string]> = [
  ['a query', { ...json, authorization: 'TOKEN' }, ME],
  ['a query without a credential', json, ME],
  ['a query and a search string', { ...json, authorization: 'TOKEN' }, ME],
  ['a gzip body', { ...json, authorization: 'TOKEN', 'content-encoding': 'gzip' }, gzipSync(ME)],
  ['a deflate body', { ...json, authorization: 'TOKEN', 'content-encoding': 'deflate' }, deflateSync(ME)],
  ['an unknown content encoding', { ...json, 'content-encoding': 'compress' }, ME],
  ['a charset that is not UTF-8', { ...json, 'content-type': 'application/json; charset=latin1' }, ME],
  ['a UTF-8 charset', { ...json, 'content-type': 'application/json; charset=utf-8', authorization: 'TOKEN' }, ME],
  ['a text content type', { ...json, 'content-type': 'text/plain' }, ME],
  ['no content type', { accept: 'application/json' }, ME],
  ['bad JSON', json, '{"query": '],
  ['a JSON string, not an object', json, '"{ me { roles } }"'],
  ['an empty body', json, ''],
  ['bytes that are not UTF-8', json, Buffer.from([0x7b, 0x22, 0x71, 0xff, 0xfe, 0x22, 0x7d])],
  ['a body over the limit', json, JSON.stringify({ query: `{ me { roles } } # ${'x'.repeat(5000)}` })],
  ['a batch (MAX_BATCH_SIZE is 1 by default)', json, `[${ME},${ME}]`],
  ['a body without a query', json, '{"variables": {}}'],
  ['a syntax error', json, JSON.stringify({ query: '{ me { ' })],
  ['a forged credential', { ...json, authorization: 'Bearer hub_forged' }, ME],
  ['a legacy JSON client', { 'content-type': 'application/json', accept: 'application/json' }, JSON.stringify({ query: '{ nope }' })],
];

/** What must agree between the two routes: the request id differs by request, so it is set aside. */
function comparable(answer: Answer) {
  const requestId = answer.headers['x-request-id'] as string;
  return {
    status: answer.status,
    contentType: answer.headers['content-type'],
    retryAfter: answer.headers['retry-after'],
    body: answer.body.replaceAll(requestId, '<request id>'),
  };
}

/**
 * POST /graphql is answered without Express (server/graphql-post-route.ts); POST /graphql/ still
 * goes through Express's route, the reference. Every request gets the same answer from both.
 */
describe('the GraphQL POST route outside Express', () => {
  for (const [name, headers, body] of CASES) {
    it(`answers ${name} as the Express route does`, async () => {
      const withToken = Object.fromEntries(
        Object.entries(headers).map(([key, value]) => [key, value === 'TOKEN' ? `Bearer ${hub.tokens.clerk}` : value]),
      );
      const search = name.includes('search') ? '?from=test' : '';
      const direct = await send(`/graphql${search}`, withToken, body);
      const throughExpress = await send(`/graphql/${search}`, withToken, body);
      expect(comparable(direct)).toEqual(comparable(throughExpress));
      expect(direct.headers['x-request-id']).toMatch(/^[A-Za-z0-9._-]{8,64}$/);
    });
  }

  it('answers a good query with the principal, and each refusal with its code', async () => {
    const answer = async (headers: Record<string, string>, body: Buffer | string) => {
      const sent = await send('/graphql', headers, body);
      return { status: sent.status, body: JSON.parse(sent.body) };
    };
    const me = await answer({ ...json, authorization: `Bearer ${hub.tokens.clerk}`, 'content-encoding': 'gzip' }, gzipSync(ME));
    expect(me).toMatchObject({ status: 200, body: { data: { me: { department: { code: 'SCJG' } } } } });
    expect((await answer({ ...json, 'content-type': 'text/plain' }, ME)).body.errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await answer(json, '{"query": ')).body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect((await answer(json, `[${ME},${ME}]`)).body.errors[0].extensions.code).toBe('BATCH_TOO_LARGE');
    const large = await answer(json, JSON.stringify({ query: `{ me { roles } } # ${'x'.repeat(5000)}` }));
    expect(large).toMatchObject({ status: 413, body: { errors: [{ extensions: { code: 'REQUEST_TOO_LARGE' } }] } });
  });

  it('keeps the caller’s sane request id, and replaces one that is not', async () => {
    const headers = { ...json, authorization: `Bearer ${hub.tokens.clerk}` };
    const kept = await send('/graphql', { ...headers, 'x-request-id': 'dept-system-0001' }, ME);
    expect(kept.headers['x-request-id']).toBe('dept-system-0001');
    expect(JSON.parse(kept.body).extensions.requestId).toBe('dept-system-0001');
    const replaced = await send('/graphql', { ...headers, 'x-request-id': 'bad id <script>' }, ME);
    expect(replaced.headers['x-request-id']).not.toBe('bad id <script>');
    expect(JSON.parse(replaced.body).extensions.requestId).toBe(replaced.headers['x-request-id']);
  });
});
