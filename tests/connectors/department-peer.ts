import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type PeerMode =
  | { kind: 'ok' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  | { kind: 'wrongBody' }
  /** Takes the request in and never answers (nor closes the connection). */
  | { kind: 'hang' }
  /** Answers with exactly this status, headers and body (a redirect, garbage, megabytes). */
  | { kind: 'raw'; status: number; headers?: Record<string, string>; body: string | Buffer };

export interface ReceivedRequest {
  eventId: string;
  body: { id: string; type: string; aggregateKey: string; sequence: string; data: Record<string, unknown>; [key: string]: unknown };
  rawBody: string;
  headers: IncomingHttpHeaders;
  /** The mode the peer answered in. */
  answeredWith: string;
  /** Whether the answer was sent (a slow answer may never be, if the hub dies first). */
  answered: boolean;
  /** When it arrived (Date.now()). */
  receivedAt: number;
}

/**
 * A department business system on a real port that can be switched, while the hub runs, to be
 * down, slow, failing with 5xx, rate-limiting with Retry-After, or answering 2xx with an error
 * body. Every request it received is kept, accepted or not.
 */
export class DepartmentPeer {
  readonly received: ReceivedRequest[] = [];
  /** Times two requests for the same event were being handled at once. */
  overlaps = 0;
  /** The most requests this peer held open at once. */
  maxOpen = 0;
  private open = 0;
  private readonly inFlight = new Map<string, number>();
  private server: Server | null = null;
  private mode: PeerMode = { kind: 'ok' };
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/receive`;
  }

  /** Requests the department took in: answered 2xx with the right body, or still being answered slowly. */
  get accepted(): ReceivedRequest[] {
    return this.received.filter((request) => request.answeredWith === 'ok' || request.answeredWith === 'slow');
  }

  set(mode: PeerMode): void {
    this.mode = mode;
  }

  async up(): Promise<void> {
    const server = createServer((request, response) => {
      let raw = '';
      request.setEncoding('utf8');
      request.on('data', (chunk) => (raw += chunk));
      request.on('end', () => {
        const mode = this.mode;
        const eventId = String(request.headers['x-hub-event-id']);
        const concurrent = (this.inFlight.get(eventId) ?? 0) + 1;
        if (concurrent > 1) this.overlaps += 1;
        this.inFlight.set(eventId, concurrent);
        this.open += 1;
        this.maxOpen = Math.max(this.maxOpen, this.open);
        response.on('close', () => {
          this.open -= 1;
          this.inFlight.set(eventId, (this.inFlight.get(eventId) ?? 1) - 1);
        });
        const record = () => {
          const body = JSON.parse(raw) as ReceivedRequest['body'];
          const received = {
            eventId,
            body,
            rawBody: raw,
            headers: request.headers,
            answeredWith: mode.kind,
            answered: mode.kind !== 'slow' && mode.kind !== 'hang',
            receivedAt: Date.now(),
          };
          this.received.push(received);
          return received;
        };
        const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
          if (response.destroyed) return;
          response.writeHead(status, { 'content-type': 'application/json', ...headers });
          response.end(typeof body === 'string' ? body : JSON.stringify(body));
        };
        switch (mode.kind) {
          case 'ok':
            record();
            return answer(200, { code: 0, msg: '成功' });
          case 'slow': {
            // The department takes the record in at once but answers late: a hub killed meanwhile
            // never learns it arrived, and must send it again.
            const received = record();
            setTimeout(() => {
              if (response.destroyed) return;
              received.answered = true;
              answer(200, { code: 0, msg: '成功' });
            }, mode.delayMs);
            return;
          }
          case 'status':
            record();
            return answer(
              mode.status,
              mode.body ?? { code: mode.status, msg: 'error' },
              mode.retryAfter ? { 'retry-after': mode.retryAfter } : {},
            );
          case 'wrongBody':
            record();
            return answer(200, { code: 1, msg: '系统繁忙' });
          case 'hang':
            record();
            return;
          case 'raw':
            record();
            if (response.destroyed) return;
            response.writeHead(mode.status, mode.headers ?? {});
            return response.end(mode.body);
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening: connections are refused until `up()` again, on the same port. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
