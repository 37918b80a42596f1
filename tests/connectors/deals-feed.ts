import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FEED_TOKEN = 'feed-token';

export interface FeedRequest {
  /** The cursor asked for (`since`), 0 for the first page. */
  since: number;
  /** When the request arrived (this machine's clock, as the database's). */
  at: number;
  /** Requests being answered when it arrived, itself included. */
  concurrent: number;
}

/**
 * The trading centre's deals feed, a real HTTP server: pages of two, cursor = index of the next
 * deal. It can fail on demand and answer slowly, and it keeps every request with how many were
 * being answered at the same time, so a test sees whether two hub processes polled it at once.
 */
export class DealsFeed {
  readonly deals: Array<Record<string, unknown>> = [];
  readonly requests: FeedRequest[] = [];
  failing = false;
  /** How long each answer takes. */
  delayMs = 0;
  /** The most requests it was answering at once. */
  maxConcurrent = 0;
  private inFlight = 0;
  private server!: Server;
  url = '';

  async start() {
    this.server = createServer((request, response) => {
      const url = new URL(request.url!, 'http://feed');
      if (request.headers.authorization !== `Bearer ${FEED_TOKEN}`) {
        response.writeHead(401).end();
        return;
      }
      this.inFlight += 1;
      this.maxConcurrent = Math.max(this.maxConcurrent, this.inFlight);
      const from = Number(url.searchParams.get('since') ?? 0);
      this.requests.push({ since: from, at: Date.now(), concurrent: this.inFlight });
      response.on('close', () => (this.inFlight -= 1));
      setTimeout(() => {
        if (response.destroyed) return;
        if (this.failing) {
          response.writeHead(503, { 'content-type': 'application/json' }).end('{"msg":"维护中"}');
          return;
        }
        const page = this.deals.slice(from, from + 2);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ data: page, next: from + page.length }));
      }, this.delayMs);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/deals`;
  }

  stop() {
    this.server.closeAllConnections();
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export const WINNER = '91350100M000100Y43';

/** One project as the trading centre's system exports it: announced on the 10th, awarded on the 20th. */
export const deal = (code: string, dealAmount: string, extra: Record<string, unknown> = {}) => ({
  id: `deal-${code}-v1`,
  type: 'trade',
  key: code,
  fields: {
    status: 'AWARDED',
    name: `${code} 昭化区道路改造工程`,
    category: 'CONSTRUCTION',
    method: 'OPEN_TENDER',
    budget: '2196892.00',
    divisionCode: '510811',
    announcedOn: '2026-11-10',
    dealAmount,
    dealOn: '2026-11-20',
    winnerUscc: WINNER,
    winnerName: '四川昭化路桥有限公司',
    ...extra,
  },
});

/** The connector input that polls `feed` as the trading centre (GGZY). */
export const feedConnectorInput = (name: string, feed: DealsFeed, overrides: Record<string, unknown> = {}) => ({
  name,
  kind: 'REST_PULL',
  departmentCode: 'GGZY',
  eventTypes: ['trade'],
  config: { url: feed.url, intervalMs: 50, cursorParam: 'since', itemsField: 'data', nextCursorField: 'next' },
  secrets: { bearerToken: FEED_TOKEN },
  ...overrides,
});
