import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * A hall screen's graphql-ws client of the hub at `url`: its credential in the connection
 * parameters, connecting on its first subscription and never retrying (a refused socket is a figure).
 */
export function dashboardClient(url: string, token: string, options: { onNonLazyError?: () => void } = {}): Client {
  return createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
    ...options,
  });
}
