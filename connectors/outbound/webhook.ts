import type { Connector } from '../../entities/connector.js';
import type { WebhookConfig } from '../../domain/connectors/connector-config.js';
import { isPermanentHttpStatus, parseRetryAfter } from '../../domain/connectors/retry-policy.js';
import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../domain/connectors/signature.js';
import { DeliveryFailure, type OutboundTransport } from './transport.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const KEPT_BODY_CHARS = 500;

/**
 * POSTs each event as JSON, signed with the connector's secret. The event id travels in
 * `X-Hub-Event-Id` and `Idempotency-Key` as well as in the body, for receivers that dedupe at
 * the HTTP layer.
 */
export function webhookTransport(connector: Connector): OutboundTransport {
  const config = connector.config as WebhookConfig;
  const secret = connector.secrets.hmacSecret;
  return {
    async deliver(message) {
      const body = JSON.stringify(message);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
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
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describeNetworkError(error);
        throw new DeliveryFailure(reason);
      }
      const text = (await response.text().catch(() => '')).slice(0, 64_000);
      if (response.status >= 200 && response.status < 300) {
        if (config.successField !== undefined) checkSuccessBody(text, config, response.status);
        return { statusCode: response.status };
      }
      const snippet = text.slice(0, KEPT_BODY_CHARS);
      throw new DeliveryFailure(`HTTP ${response.status}${snippet ? `: ${snippet}` : ''}`, {
        statusCode: response.status,
        permanent: isPermanentHttpStatus(response.status) || (response.status >= 300 && response.status < 400),
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
