import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  contentType: string | null;
  headers: Headers;
  body: {
    data?: T | null;
    errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
    extensions?: Record<string, unknown>;
  };
}

/** POSTs one GraphQL operation over real HTTP, as a department system would. */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; token?: string; headers?: Record<string, string>; accept?: string } = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: options.accept ?? 'application/graphql-response+json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    headers: response.headers,
    body: (await response.json()) as GraphQLResponse<T>['body'],
  };
}

/** A real graphql-ws client, authenticated in connection_init. */
export function wsClient(url: string, token: string | undefined, extraParams: Record<string, unknown> = {}): Client {
  return createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extraParams },
    retryAttempts: 0,
    lazy: true,
  });
}

/** Collects `count` results of a subscription, then unsubscribes. */
export function takeResults<T>(client: Client, query: string, count: number, variables?: Record<string, unknown>): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const results: T[] = [];
    const unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          results.push(result as T);
          if (results.length === count) {
            unsubscribe();
            resolve(results);
          }
        },
        error: reject,
        complete: () => resolve(results),
      },
    );
  });
}
