import { EnterpriseKind } from '../../entities/enterprise-kind.js';

/** GB 32100 position 2 under authority 9 (市场监管): 1 enterprise, 2 individual business, 3 co-operative. */
export function usccOrganisationType(kind: EnterpriseKind): '1' | '2' | '3' {
  if (kind === EnterpriseKind.INDIVIDUAL_BUSINESS) return '2';
  if (kind === EnterpriseKind.FARMERS_COOPERATIVE) return '3';
  return '1';
}
