import { Agent, request } from 'node:http';

/**
 * Kept-alive connections, as a department system's client holds them. node:http, not fetch: fetch
 * (undici) spent 0.7–1.1 ms of the load generator's CPU per registration, half again what the hub's
 * own HTTP layer does, on the two cores the hub and PostgreSQL share with it; node:http half that.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One GraphQL operation over HTTP; throws on a transport error, an HTTP error or a GraphQL error. */
export function postGraphQL<T>(
  url: string,
  query: string,
  options: { token?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<T> {
  const body = JSON.stringify({ query, variables: options.variables });
  const target = new URL('/graphql', url);
  return new Promise<T>((resolve, reject) => {
    const outgoing = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          let parsed: { data?: T; errors?: Array<{ message: string }> };
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof parsed;
          } catch {
            reject(new Error(`${url}: HTTP ${response.statusCode}, not JSON: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`));
            return;
          }
          if (response.statusCode !== 200 || parsed.errors?.length || !parsed.data) {
            reject(new Error(`${url}: HTTP ${response.statusCode} ${JSON.stringify(parsed.errors ?? parsed).slice(0, 500)}`));
          } else {
            resolve(parsed.data);
          }
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
