import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import type { Connector } from '../../entities/connector.js';
import type { NatsConfig } from '../../domain/connectors/connector-config.js';
import { topicFor, type OutboundMessage } from '../../domain/connectors/outbound-payload.js';
import { DeliveryFailure, type OutboundTransport } from './transport.js';

const DEFAULT_SUBJECT = 'hub.{department}.{type}';
const DEFAULT_TIMEOUT_MS = 10_000;

export function subjectFor(template: string | undefined, message: OutboundMessage): string {
  return topicFor(template ?? DEFAULT_SUBJECT, message);
}

/**
 * Publishes each event to JetStream and counts it delivered only on the stream's publisher
 * acknowledgement. The event id is the `Nats-Msg-Id`, so JetStream itself drops a resend within
 * its duplicate window, and consumers see the same id on any later duplicate.
 */
export function natsTransport(connector: Connector): OutboundTransport {
  const config = connector.config as NatsConfig;
  const timeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let connection: Promise<{ nc: NatsConnection; js: JetStreamClient }> | undefined;

  function open() {
    connection ??= connect({ servers: config.servers, token: connector.secrets.token, timeout, maxReconnectAttempts: -1 }).then(
      (nc) => ({ nc, js: jetstream(nc, { timeout }) }),
      (error: unknown) => {
        connection = undefined;
        throw error;
      },
    );
    return connection;
  }

  return {
    async deliver(message) {
      let js: JetStreamClient;
      try {
        ({ js } = await open());
      } catch (error) {
        throw new DeliveryFailure(`cannot reach NATS (${(error as Error).message})`);
      }
      const messageHeaders = headers();
      messageHeaders.set('Hub-Event-Type', message.type);
      try {
        await js.publish(subjectFor(config.subject, message), JSON.stringify(message), {
          msgID: message.id,
          timeout,
          headers: messageHeaders,
        });
      } catch (error) {
        // No stream listens on the subject ("no responders") or the ack timed out: both may pass
        // once the department creates its stream or the server recovers, so they are retried.
        throw new DeliveryFailure(`JetStream did not acknowledge: ${(error as Error).message}`);
      }
      return {};
    },
    async close() {
      const open = connection;
      connection = undefined;
      if (open) await (await open.catch(() => undefined))?.nc.drain().catch(() => {});
    },
  };
}
