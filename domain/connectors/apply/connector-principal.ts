import type { Principal } from '../../auth/principal.js';
import { Role } from '../../../entities/role.js';
import type { Connector } from '../../../entities/connector.js';

/**
 * Who a record sent in by a connector acts as: its department's business system. Applying it goes
 * through the same domain steps, and the same permission checks, as that system calling the API.
 */
export function connectorPrincipal(connector: Connector): Principal {
  return {
    credentialId: connector.id,
    credentialLabel: `connector ${connector.name}`,
    department: connector.department,
    clerk: null,
    roles: [Role.SYSTEM],
  };
}
