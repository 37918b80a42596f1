import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../support/logger.js';
import type { Metrics } from './metrics.js';

/**
 * Ends a socket whose unsent messages passed `maxBufferedBytes` — its client stopped reading, so
 * the kernel's buffers are full and what the hub sends piles up in the hub's memory — and counts
 * it. Checked before each result is sent and on every keep-alive tick; returns whether it ended it.
 */
export function endIfBacklogged(socket: WebSocket, maxBufferedBytes: number, options: { logger: Logger; metrics: Metrics }): boolean {
  if (socket.readyState !== socket.OPEN || socket.bufferedAmount <= maxBufferedBytes) return false;
  options.metrics.webSocketsDropped.inc({ reason: 'backlog' });
  options.logger.info({ unsentBytes: socket.bufferedAmount, maxBufferedBytes }, 'terminating a WebSocket whose client does not read');
  socket.terminate();
  return true;
}

/**
 * Pings every socket each interval and ends the ones that do not read: a socket that has not
 * answered the previous ping — a client gone without a word, or one that stopped reading its
 * socket — is terminated, so the hub lets go of what it held for that client (its unsent
 * messages, its subscriptions), and counts it. Between pings, what a socket may queue unsent is
 * bounded by `maxBufferedBytes` (endIfBacklogged, above), checked here too.
 * Replaces graphql-ws's own keep-alive, which does the same silently.
 */
export function keepSocketsResponsive(
  wsServer: WebSocketServer,
  options: { intervalMs: number; maxBufferedBytes: number; logger: Logger; metrics: Metrics },
): () => void {
  const answered = new WeakMap<WebSocket, boolean>();
  wsServer.on('connection', (socket) => {
    answered.set(socket, true);
    socket.on('pong', () => answered.set(socket, true));
  });
  const timer = setInterval(() => {
    for (const socket of wsServer.clients) {
      if (endIfBacklogged(socket, options.maxBufferedBytes, options)) continue;
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
