import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../entities/role.js';
import { isHealthy } from '../domain/connectors/connector-figures.js';
import { ConnectorDirection } from '../entities/connector-kind.js';
import { createConnector, secretNames, updateConnector } from '../domain/connectors/manage-connectors.js';
import { isUuid } from '../domain/connectors/uuid.js';
import { badUserInput } from '../domain/errors.js';
import { Connector } from '../entities/connector.js';
import { Department } from '../entities/department.js';
import { RequiresAuth } from '../schema/auth.js';
import { ConnectorHealth, CreateConnectorInput, UpdateConnectorInput } from '../schema/connector.types.js';
import type { HubContext } from '../schema/context.js';

@Resolver(() => Connector)
export class ConnectorResolver {
  @Query(() => [Connector], { description: 'The connectors, by name; each with its department, health and last error.' })
  @RequiresAuth(Role.ADMIN)
  connectors(
    @Ctx() { em }: HubContext,
    @Arg('direction', () => ConnectorDirection, { nullable: true }) direction?: ConnectorDirection | null,
    @Arg('departmentCode', () => String, { nullable: true }) departmentCode?: string | null,
  ): Promise<Connector[]> {
    return em.find(
      Connector,
      { ...(direction ? { direction } : {}), ...(departmentCode ? { department: { code: departmentCode } } : {}) },
      { orderBy: { name: 'asc' } },
    );
  }

  @Query(() => [ConnectorHealth], { description: 'Backlog, lag, dead letters and last error of every connector (or one).' })
  @RequiresAuth(Role.ADMIN, Role.DASHBOARD)
  async connectorHealth(
    @Ctx() context: HubContext,
    @Arg('connectorId', () => ID, { nullable: true }) connectorId?: string | null,
  ): Promise<ConnectorHealth[]> {
    if (connectorId && !isUuid(connectorId)) throw badUserInput('connectorId', 'is not an id');
    const connectors = await context.em.find(Connector, connectorId ? { id: connectorId } : {}, { orderBy: { name: 'asc' } });
    return Promise.all(connectors.map((connector) => healthOf(context, connector)));
  }

  @Mutation(() => Connector, {
    description: 'Registers a connector; a malformed URL, mapping or secret is refused with the field and reason.',
  })
  @RequiresAuth(Role.ADMIN)
  createConnector(@Arg('input') input: CreateConnectorInput, @Ctx() { em }: HubContext): Promise<Connector> {
    return createConnector(em, input);
  }

  @Mutation(() => Connector, { description: 'Changes a connector (enable, disable, reconfigure, rotate secrets).' })
  @RequiresAuth(Role.ADMIN)
  updateConnector(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateConnectorInput,
    @Ctx() { em }: HubContext,
  ): Promise<Connector> {
    return updateConnector(em, id, input);
  }

  @FieldResolver(() => Department)
  async department(@Root() connector: Connector, @Ctx() { loaders }: HubContext): Promise<Department> {
    return (await loaders.departmentById.load(connector.department.id))!;
  }

  @FieldResolver(() => [String], { description: 'Which secrets are set (their values are never returned).' })
  secretNames(@Root() connector: Connector): string[] {
    return secretNames(connector);
  }

  @FieldResolver(() => ConnectorHealth)
  health(@Root() connector: Connector, @Ctx() context: HubContext): Promise<ConnectorHealth> {
    return healthOf(context, connector);
  }
}

async function healthOf(context: HubContext, connector: Connector): Promise<ConnectorHealth> {
  // Live state, not the connector row as the request's identity map holds it: a worker changes both meanwhile.
  const row = await context.loaders.healthByConnectorId.load(connector.id);
  const lastSuccessAt = connector.lastSuccessAt ?? null;
  const lastFailureAt = connector.lastFailureAt ?? null;
  // An error that a later success answered is history, not the connector's state.
  const failingNow = lastFailureAt != null && (lastSuccessAt == null || lastFailureAt > lastSuccessAt);
  return {
    connector,
    healthy: isHealthy(row),
    circuit: row.circuitState,
    circuitOpenedAt: row.circuitOpenedAt,
    nextProbeAt: row.circuitProbeAt,
    consecutiveFailures: row.consecutiveFailures,
    backlog: row.backlog,
    inFlight: row.inFlight,
    stalled: row.stalled,
    retrying: row.retrying,
    deadLetters: row.dead,
    delivered: row.delivered,
    lagSeconds: row.oldestWaitingAt ? Math.max(0, (Date.now() - row.oldestWaitingAt.getTime()) / 1000) : 0,
    lastSuccessAt,
    lastFailureAt,
    lastError: failingNow ? (connector.lastError ?? null) : null,
  };
}
