import { registerEnumType } from 'type-graphql';
import { AttemptOutcome, DeliveryStatus } from '../entities/delivery-status.js';
import { CircuitState } from '../entities/circuit-state.js';
import { ConnectorDirection, ConnectorKind } from '../entities/connector-kind.js';
import { InboundStatus } from '../entities/inbound-status.js';

registerEnumType(ConnectorKind, { name: 'ConnectorKind', description: 'How a connector reaches a department system.' });
registerEnumType(ConnectorDirection, { name: 'ConnectorDirection', description: 'OUT: hub to department; IN: department to hub.' });
registerEnumType(DeliveryStatus, { name: 'DeliveryStatus', description: 'Where one event stands with one outbound connector.' });
registerEnumType(AttemptOutcome, { name: 'AttemptOutcome', description: 'The result of one delivery attempt.' });
registerEnumType(InboundStatus, { name: 'InboundStatus', description: 'What became of a record a department sent in.' });
registerEnumType(CircuitState, {
  name: 'CircuitState',
  description: 'CLOSED: every due event is sent. OPEN: one probe per interval until the department system answers.',
});
