import type { Connector } from '../../entities/connector.js';
import type { RestPullConfig } from '../../domain/connectors/connector-config.js';

const DEFAULT_TIMEOUT_MS = 10_000;
/** Pages read in one pass, so one busy feed cannot hold the scheduler for ever. */
const MAX_PAGES_PER_PASS = 20;

export interface PullPage {
  records: unknown[];
  /** Where the next pass resumes; saved only after the page's records were taken in. */
  cursor: string | null;
}

/**
 * Reads a department's feed page by page from the saved cursor (`?after=<cursor>`, names
 * configurable): `{ items: [...records], nextCursor }`. The cursor is the feed's own, opaque
 * to the hub. Ends when a page is empty or the cursor stops moving; `signal` cancels a request
 * under way (the pass lost its lease).
 */
export async function* pullRestPages(
  connector: Connector,
  from: { cursor: string | null; signal?: AbortSignal },
): AsyncGenerator<PullPage> {
  const config = connector.config as RestPullConfig;
  let cursor = from.cursor;
  for (let page = 0; page < MAX_PAGES_PER_PASS; page += 1) {
    const url = new URL(config.url);
    if (cursor) url.searchParams.set(config.cursorParam ?? 'after', cursor);
    const token = connector.secrets.bearerToken;
    const response = await fetch(url, {
      headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      signal: anySignal(AbortSignal.timeout(config.timeoutMs ?? DEFAULT_TIMEOUT_MS), from.signal),
    });
    if (!response.ok) throw new Error(`the feed answered HTTP ${response.status}`);
    const body = (await response.json()) as Record<string, unknown>;
    const records = body[config.itemsField ?? 'items'];
    if (!Array.isArray(records)) throw new Error(`the feed's answer has no "${config.itemsField ?? 'items'}" array`);
    const next = body[config.nextCursorField ?? 'nextCursor'];
    const nextCursor = next == null ? cursor : String(next);
    yield { records, cursor: nextCursor };
    if (records.length === 0 || nextCursor === cursor) return;
    cursor = nextCursor;
  }
}

const anySignal = (timeout: AbortSignal, other: AbortSignal | undefined) => (other ? AbortSignal.any([timeout, other]) : timeout);
