import { getMetadataStorage, registerEnumType } from 'type-graphql';
import { EnterpriseKind, EnterpriseStatus } from '../../domain/registration/enterprise-kind.js';

/**
 * Trades link their winners to the registry's Enterprise type, which needs its enums in the
 * schema. The registry's own schema module may register them too: type-graphql keys enums by their
 * object, so a second registration replaces the first rather than adding a duplicate type.
 */
const registered = (enumObj: object) => getMetadataStorage().enums.some((entry) => entry.enumObj === enumObj);
if (!registered(EnterpriseKind)) registerEnumType(EnterpriseKind, { name: 'EnterpriseKind', description: 'The kind of market entity.' });
if (!registered(EnterpriseStatus)) registerEnumType(EnterpriseStatus, { name: 'EnterpriseStatus', description: 'Whether the entity exists (存续) or is deregistered (注销).' });
