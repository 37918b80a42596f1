import type { Connector } from '../../entities/connector.js';
import type { WebhookConfig } from '../../domain/connectors/connector-config.js';
import { isPermanentHttpStatus, parseRetryAfter } from '../../domain/connectors/retry-policy.js';
import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../domain/connectors/signature.js';
import { readBounded } from './bounded-body.js';
import { DeliveryFailure, type OutboundTransport } from './transport.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const KEPT_BODY_CHARS = 500;
/** Enough for any success body a department sends; the rest of a larger answer is never read. */
const READ_BODY_CHARS = 64_000;

/**
 * POSTs each event as JSON, signed with the connector's secret. The event id travels in
 * `X-Hub-Event-Id` and `Idempotency-Key` as well as in the body, for receivers that dedupe at
 * the HTTP layer; a resend after an attempt whose answer was never recorded also carries
 * `X-Hub-Possibly-Delivered: true`. Redirects are not followed: a signed registration goes only
 * to the URL an admin configured, so a 3xx is a dead letter naming where it pointed.
 */
export function webhookTransport(connector: Connector): OutboundTransport {
  const config = connector.config as WebhookConfig;
  const secret = connector.secrets.hmacSecret;
  return {
    async deliver(message, options = {}) {
      const body = JSON.stringify(message);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const timeout = AbortSignal.timeout(timeoutMs);
      let response: Response;
      try {
        response = await fetch(config.url, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            'content-type': 'application/json',
            'x-hub-event-id': message.id,
            'x-hub-event-type': message.type,
            'idempotency-key': message.id,
            [TIMESTAMP_HEADER]: timestamp,
            [SIGNATURE_HEADER]: sign(secret, timestamp, body),
            ...(options.possiblyDelivered ? { 'x-hub-possibly-delivered': 'true' } : {}),
          },
          body,
          signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
        });
      } catch (error) {
        const reason = timeout.aborted ? `no answer within ${timeoutMs} ms` : describeNetworkError(error);
        throw new DeliveryFailure(reason);
      }
      const text = await readBounded(response, READ_BODY_CHARS).catch(() => '');
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get('location');
        throw new DeliveryFailure(
          `HTTP ${response.status}: redirect${location ? ` to ${location}` : ''} not followed (the hub sends only to the configured URL)`,
          {
            statusCode: response.status,
            permanent: true,
          },
        );
      }
      if (response.status >= 200 && response.status < 300) {
        if (config.successField !== undefined) checkSuccessBody(text, config, response.status);
        return { statusCode: response.status };
      }
      const snippet = text.slice(0, KEPT_BODY_CHARS);
      throw new DeliveryFailure(`HTTP ${response.status}${snippet ? `: ${snippet}` : ''}`, {
        statusCode: response.status,
        permanent: isPermanentHttpStatus(response.status),
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      });
    },
    close: async () => {},
  };
}

/** A 2xx with the wrong body is how many old systems report an error: retried, not trusted. */
function checkSuccessBody(text: string, config: WebhookConfig, status: number): void {
  let value: unknown;
  try {
    value = (JSON.parse(text) as Record<string, unknown>)[config.successField!];
  } catch {
    throw new DeliveryFailure(`HTTP ${status} but the body is not JSON: ${text.slice(0, KEPT_BODY_CHARS)}`, { statusCode: status });
  }
  if (String(value) !== String(config.successValue)) {
    throw new DeliveryFailure(
      `HTTP ${status} but ${config.successField} is ${JSON.stringify(value)}, expected ${JSON.stringify(config.successValue)}: ${text.slice(0, KEPT_BODY_CHARS)}`,
      { statusCode: status },
    );
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `cannot reach the department system (${cause.code})`;
  return `cannot reach the department system (${cause?.message ?? (error as Error).message})`;
}
