import type { Connector } from '../../entities/connector.js';
import type { OutboundMessage } from '../../domain/connectors/outbound-payload.js';

/** A failed attempt, classified: retried later, or dead-lettered at once when `permanent`. */
export class DeliveryFailure extends Error {
  readonly permanent: boolean;
  readonly statusCode: number | null;
  readonly retryAfterMs: number | null;

  constructor(message: string, options: { permanent?: boolean; statusCode?: number | null; retryAfterMs?: number | null } = {}) {
    super(message);
    this.name = 'DeliveryFailure';
    this.permanent = options.permanent ?? false;
    this.statusCode = options.statusCode ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}

export interface DeliveryReceipt {
  statusCode?: number | null;
}

export interface DeliveryOptions {
  /** Aborted at the connector's timeout or when the hub shuts down and hands the claim back. */
  signal?: AbortSignal;
  /** An earlier attempt may have reached the department (its answer was never recorded). */
  possiblyDelivered?: boolean;
}

/**
 * Hands one message to one department system. Resolves when the peer has accepted it (2xx with
 * the expected body, a committed row, a JetStream ack); throws `DeliveryFailure` otherwise. Any
 * other error counts as a retryable failure.
 */
export interface OutboundTransport {
  deliver(message: OutboundMessage, options?: DeliveryOptions): Promise<DeliveryReceipt>;
  close(): Promise<void>;
}

export type TransportFactory = (connector: Connector) => OutboundTransport;
