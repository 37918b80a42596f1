import { connect, credentials, type ChannelModel, type ConfirmChannel, type Message } from 'amqplib';
import type { Connector } from '../../entities/connector.js';
import type { RabbitMqConfig } from '../../domain/connectors/connector-config.js';
import { topicFor, type OutboundMessage } from '../../domain/connectors/outbound-payload.js';
import { DeliveryFailure, type OutboundTransport } from './transport.js';

const DEFAULT_EXCHANGE = 'hub';
const DEFAULT_ROUTING_KEY = 'hub.{department}.{type}';
const DEFAULT_TIMEOUT_MS = 10_000;
/** AMQP's limit on a routing key (a short string), in bytes. */
const MAX_ROUTING_KEY_BYTES = 255;
/** The error amqplib hands a publish callback on the broker's basic.nack. */
const NACKED = 'message nacked';

interface Session {
  model: ChannelModel;
  channel: ConfirmChannel;
  /** Why the broker returned a message, by message id, until its confirm arrives. */
  returned: Map<string, string>;
}

/**
 * The user comes from the URL and its password from the secret `password`, each RabbitMQ's default
 * `guest` when absent. The URL never carries the password (the config check refuses it), because
 * the API returns a connector's config to admins and never its secrets.
 */
function login(url: URL, password: string | undefined) {
  return credentials.plain(decodeURIComponent(url.username) || 'guest', password ?? 'guest');
}

/**
 * Publishes each event to a durable topic exchange on a confirm channel and counts it delivered
 * only on the broker's publisher confirm. `mandatory` makes a message no queue takes come back
 * (a basic.return, which the broker sends before the confirm), so "no queue bound yet" is a
 * retried failure rather than a silent drop. The event id is the `messageId`, stable across
 * retries and replays, so a receiver drops duplicates by it.
 *
 * One connection and channel serve all deliveries of a connector. When the broker closes either
 * (restart, forced close, a channel error), the session is forgotten and the next delivery opens
 * a new one, declaring the exchange again.
 */
export function rabbitMqTransport(connector: Connector): OutboundTransport {
  const config = connector.config as RabbitMqConfig;
  const exchange = config.exchange ?? DEFAULT_EXCHANGE;
  const timeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let session: Promise<Session> | undefined;

  async function start(forget: () => void): Promise<Session> {
    const model = await connect(config.url, {
      timeout,
      credentials: login(new URL(config.url), connector.secrets.password),
      // Names the connection after the connector in the broker's management tools.
      clientProperties: { connection_name: `hub connector ${connector.name}` },
    });
    // Without a listener an 'error' event would crash the process; the 'close' after it is what counts.
    model.on('error', () => {});
    model.on('close', forget);
    try {
      const channel = await model.createConfirmChannel();
      channel.on('error', () => {});
      channel.on('close', () => {
        forget();
        void model.close().catch(() => {});
      });
      const returned = new Map<string, string>();
      channel.on('return', (message: Message) => {
        const { replyCode, replyText } = message.fields as Message['fields'] & { replyCode?: number; replyText?: string };
        if (message.properties.messageId)
          returned.set(String(message.properties.messageId), `${replyCode ?? ''} ${replyText ?? 'returned'}`.trim());
      });
      await channel.assertExchange(exchange, 'topic', { durable: true });
      return { model, channel, returned };
    } catch (error) {
      await model.close().catch(() => {});
      throw error;
    }
  }

  function open(): Promise<Session> {
    if (!session) {
      const forget = () => {
        if (session === attempt) session = undefined;
      };
      const attempt = start(forget);
      attempt.catch(forget);
      session = attempt;
    }
    return session;
  }

  /** Resolves on the broker's ack with the reason the message came back, if it did. */
  function publish({ channel, returned }: Session, routingKey: string, message: OutboundMessage): Promise<string | undefined> {
    return new Promise<string | undefined>((resolve, reject) => {
      const settle = (error: unknown) => {
        clearTimeout(timer);
        const reason = returned.get(message.id);
        returned.delete(message.id);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(reason);
      };
      const timer = setTimeout(() => settle(new Error(`no confirm within ${timeout} ms`)), timeout);
      try {
        channel.publish(
          exchange,
          routingKey,
          Buffer.from(JSON.stringify(message)),
          {
            mandatory: true,
            persistent: true,
            messageId: message.id,
            type: message.type,
            contentType: 'application/json',
            timestamp: Math.floor(Date.now() / 1000),
          },
          settle,
        );
      } catch (error) {
        settle(error);
      }
    });
  }

  return {
    async deliver(message) {
      const routingKey = topicFor(config.routingKey ?? DEFAULT_ROUTING_KEY, message);
      if (Buffer.byteLength(routingKey) > MAX_ROUTING_KEY_BYTES) {
        throw new DeliveryFailure(`routing key "${routingKey.slice(0, 60)}…" is longer than AMQP's ${MAX_ROUTING_KEY_BYTES} bytes`, {
          permanent: true,
        });
      }
      const opening = open();
      let current: Session;
      try {
        current = await opening;
      } catch (error) {
        throw new DeliveryFailure(`cannot reach RabbitMQ or declare exchange "${exchange}" (${(error as Error).message})`);
      }
      let returned: string | undefined;
      try {
        returned = await publish(current, routingKey, message);
      } catch (error) {
        const reason = (error as Error).message;
        // A nack is the broker's clear refusal (a full queue that rejects publishes, say); the session is fine.
        if (reason === NACKED) throw new DeliveryFailure('RabbitMQ refused the message (nack)');
        // A lost confirm or a closed channel leaves the session in doubt: the next delivery opens a new one.
        if (session === opening) session = undefined;
        void current.model.close().catch(() => {});
        throw new DeliveryFailure(`RabbitMQ did not confirm: ${reason}`);
      }
      if (returned) {
        // Nothing consumes the routing key yet; the department may bind a queue later, so it is retried.
        throw new DeliveryFailure(`no queue is bound to routing key "${routingKey}" on exchange "${exchange}" (${returned})`);
      }
      return {};
    },
    async close() {
      const open = session;
      session = undefined;
      if (open) await (await open.catch(() => undefined))?.model.close().catch(() => {});
    },
  };
}
