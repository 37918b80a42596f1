import type { Connector } from '../entities/connector.js';
import { ConnectorKind } from '../entities/connector-kind.js';
import { natsTransport } from './outbound/nats.js';
import { rabbitMqTransport } from './outbound/rabbitmq.js';
import { sqlTableTransport } from './outbound/sql-table.js';
import type { OutboundTransport, TransportFactory } from './outbound/transport.js';
import { webhookTransport } from './outbound/webhook.js';

const factories: Partial<Record<ConnectorKind, TransportFactory>> = {
  [ConnectorKind.WEBHOOK]: webhookTransport,
  [ConnectorKind.SQL_TABLE]: sqlTableTransport,
  [ConnectorKind.NATS]: natsTransport,
  [ConnectorKind.RABBITMQ]: rabbitMqTransport,
};

/**
 * Open transports by connector. Database pools and broker connections are reused across
 * deliveries and rebuilt when the connector's configuration changes; `closeAll` on shutdown.
 */
export class TransportCache {
  private readonly open = new Map<string, { version: number; transport: OutboundTransport }>();

  get(connector: Connector): OutboundTransport {
    const version = connector.updatedAt.getTime();
    const cached = this.open.get(connector.id);
    if (cached && cached.version === version) return cached.transport;
    if (cached) void cached.transport.close().catch(() => {});
    const factory = factories[connector.kind];
    if (!factory) throw new Error(`${connector.kind} is not an outbound connector kind`);
    const transport = factory(connector);
    this.open.set(connector.id, { version, transport });
    return transport;
  }

  async closeAll(): Promise<void> {
    const transports = [...this.open.values()].map((entry) => entry.transport);
    this.open.clear();
    await Promise.allSettled(transports.map((transport) => transport.close()));
  }
}
