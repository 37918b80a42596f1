import { specifiedDirectives, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ConnectorInboundResolver } from '../resolvers/connector-inbound.resolver.js';
import { InboundPayloadResolver, SourcedRecordResolver } from '../resolvers/sourced-record.resolver.js';
import { ConnectorDeliveryResolver } from '../resolvers/connector-delivery.resolver.js';
import { ConnectorResolver } from '../resolvers/connector.resolver.js';
import { CalendarResolver } from '../resolvers/calendar.resolver.js';
import { CaseResolver } from '../resolvers/case.resolver.js';
import { LiveCountsResolver } from '../resolvers/live-counts.resolver.js';
import { CaseAlertsResolver } from '../resolvers/case-alerts.resolver.js';
import { CatalogStatsResolver } from '../resolvers/catalog-stats.resolver.js';
import { DepartmentResolver } from '../resolvers/department.resolver.js';
import { EnterpriseRelationsResolver } from '../resolvers/enterprise-relations.resolver.js';
import { EnterpriseResolver } from '../resolvers/enterprise.resolver.js';
import { IntegratedCertificateResolver } from '../resolvers/integrated-certificate.resolver.js';
import { LicenceCountsResolver } from '../resolvers/licence-counts.resolver.js';
import { LicenceMutationResolver } from '../resolvers/licence-mutation.resolver.js';
import { LicenceQueryResolver } from '../resolvers/licence-query.resolver.js';
import { LicenceTypeResolver } from '../resolvers/licence-type.resolver.js';
import { LicenceUseQueryResolver } from '../resolvers/licence-use-query.resolver.js';
import { LicenceUseResolver } from '../resolvers/licence-use.resolver.js';
import { LicenceVerificationResolver } from '../resolvers/licence-verification.resolver.js';
import { LicenceResolver } from '../resolvers/licence.resolver.js';
import { RegistrationCountsResolver } from '../resolvers/registration-counts.resolver.js';
import { RegistrationReceiptResolver } from '../resolvers/registration-receipt.resolver.js';
import { RegistrationResolver } from '../resolvers/registration.resolver.js';
import { RegistrationHandOverResolver } from '../resolvers/registration-hand-over.resolver.js';
import { DivisionResolver } from '../resolvers/division.resolver.js';
import { UsccResolver } from '../resolvers/uscc.resolver.js';
import { MatterResolver } from '../resolvers/matter.resolver.js';
import { MatterImportResolver } from '../resolvers/matter-import.resolver.js';
import { PrincipalResolver } from '../resolvers/principal.resolver.js';
import { ServerClockResolver } from '../resolvers/server-clock.resolver.js';
import { TradeCountsResolver } from '../resolvers/trade-counts.resolver.js';
import { TradeResolver } from '../resolvers/trade.resolver.js';
import { EnterpriseTradesResolver } from '../resolvers/trades-won.resolver.js';
import { EnterpriseDepartmentFactsResolver } from '../resolvers/enterprise-department-facts.resolver.js';
import { AccessLogResolver } from '../resolvers/access-log.resolver.js';
import { SharingPolicyResolver } from '../resolvers/sharing-policy.resolver.js';
import type { HubPubSub } from '../support/pubsub.js';
import { authChecker, authDirective } from '../schema/auth.js';
import { resolveFieldsDirectly } from '../schema/direct-field-resolvers.js';
import { enforceSharingPolicy } from '../schema/sharing-enforcement.js';
import { enforceTextHygiene } from '../schema/text-hygiene-enforcement.js';
import '../schema/enums.js';

export const resolvers = [
  PrincipalResolver,
  DepartmentResolver,
  ServerClockResolver,
  UsccResolver,
  EnterpriseResolver,
  EnterpriseRelationsResolver,
  RegistrationResolver,
  RegistrationReceiptResolver,
  RegistrationHandOverResolver,
  DivisionResolver,
  RegistrationCountsResolver,
  IntegratedCertificateResolver,
  LicenceResolver,
  ConnectorResolver,
  ConnectorDeliveryResolver,
  ConnectorInboundResolver,
  SourcedRecordResolver,
  InboundPayloadResolver,
  LicenceQueryResolver,
  LicenceMutationResolver,
  LicenceVerificationResolver,
  LicenceTypeResolver,
  LicenceCountsResolver,
  LicenceUseResolver,
  LicenceUseQueryResolver,
  TradeResolver,
  TradeCountsResolver,
  EnterpriseTradesResolver,
  EnterpriseDepartmentFactsResolver,
  MatterResolver,
  CatalogStatsResolver,
  MatterImportResolver,
  SharingPolicyResolver,
  AccessLogResolver,
  CalendarResolver,
  CaseResolver,
  LiveCountsResolver,
  CaseAlertsResolver,
] as const;

/** The hub's one GraphQL schema, used by HTTP, WebSocket and the emitted `schema.graphql`. */
export async function buildHubSchema(pubSub: HubPubSub): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    pubSub,
    authChecker,
    // Listing directives replaces graphql-js's defaults, so the specified ones (@include, @skip,
    // @deprecated, @specifiedBy) are listed too.
    directives: [...specifiedDirectives, authDirective],
    // Inputs are checked by the domain, which knows the rules and names the field; class-validator would duplicate them.
    validate: false,
  });
  // Outermost, so arguments are clean before the sharing policy or any resolver sees them.
  return enforceTextHygiene(enforceSharingPolicy(resolveFieldsDirectly(schema, resolvers)));
}
