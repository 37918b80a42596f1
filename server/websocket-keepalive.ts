import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../support/logger.js';
import type { Metrics } from './metrics.js';

/**
 * Pings every socket each interval and ends the ones that do not read: a socket that has not
 * answered the previous ping — a client gone without a word, or one that stopped reading its
 * socket — is terminated, so the hub lets go of what it held for that client (its unsent
 * messages, its subscriptions), and counts it. What a socket can queue meanwhile is bounded by the
 * operations it may hold (server/limits/websocket-budget.ts), each sending one result at a time.
 * Replaces graphql-ws's own keep-alive, which does the same silently.
 */
export function keepSocketsResponsive(
  wsServer: WebSocketServer,
  options: { intervalMs: number; logger: Logger; metrics: Metrics },
): () => void {
  const answered = new WeakMap<WebSocket, boolean>();
  wsServer.on('connection', (socket) => {
    answered.set(socket, true);
    socket.on('pong', () => answered.set(socket, true));
  });
  const timer = setInterval(() => {
    for (const socket of wsServer.clients) {
      if (answered.get(socket) === false) {
        options.metrics.webSocketsDropped.inc({ reason: 'unresponsive' });
        options.logger.info({ unsentBytes: socket.bufferedAmount }, 'terminating a WebSocket that did not answer a ping');
        socket.terminate();
        continue;
      }
      answered.set(socket, false);
      socket.ping();
    }
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
