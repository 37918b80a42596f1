import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../entities/role.js';
import { findDeliveries } from '../domain/connectors/delivery-queries.js';
import { replayDeadLetters, replayDelivery } from '../domain/connectors/replay.js';
import { Connector } from '../entities/connector.js';
import { Delivery } from '../entities/delivery.js';
import { DeliveryAttempt } from '../entities/delivery-attempt.js';
import { RequiresAuth } from '../schema/auth.js';
import { toConnection, type ConnectionShape } from '../schema/connection.js';
import { DeliveryConnection, DeliveryFilterInput } from '../schema/connector.types.js';
import type { HubContext } from '../schema/context.js';
import { departmentScope } from '../domain/sharing/decide.js';
import { sharingStateOf } from '../schema/sharing-state.js';
import { forbidden } from '../domain/errors.js';

@Resolver(() => Delivery)
export class ConnectorDeliveryResolver {
  @Query(() => DeliveryConnection, {
    description: 'Deliveries of outbox events to department systems, newest first. A SYSTEM caller sees only those to its own department.',
  })
  @RequiresAuth(Role.ADMIN, Role.SYSTEM)
  async deliveries(
    @Ctx() context: HubContext,
    @Arg('filter', () => DeliveryFilterInput, { nullable: true }) filter?: DeliveryFilterInput | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ConnectionShape<Delivery>> {
    const scoped = { ...filter };
    const scope = departmentScope(sharingStateOf(context).reader);
    if (scope.kind === 'none') throw forbidden('deliveries are listed to administrators and department systems', 'deliveries');
    if (scope.kind === 'own') scoped.departmentCode = scope.departmentCode;
    return toConnection(await findDeliveries(context.em, scoped, { first, after }), after);
  }

  @Mutation(() => Delivery, { description: 'Sends a dead-lettered (or delivered) event again, with the same event id.' })
  @RequiresAuth(Role.ADMIN)
  replayDelivery(@Arg('id', () => ID) id: string, @Ctx() { em }: HubContext): Promise<Delivery> {
    return replayDelivery(em, id);
  }

  @Mutation(() => Int, { description: 'Sends every dead letter of a connector again; returns how many.' })
  @RequiresAuth(Role.ADMIN)
  replayDeadLetters(@Arg('connectorId', () => ID) connectorId: string, @Ctx() { em }: HubContext): Promise<number> {
    return replayDeadLetters(em, connectorId);
  }

  @FieldResolver(() => ID, { description: 'The outbox event id: the same on every retry and replay, for receivers to drop duplicates.' })
  eventId(@Root() delivery: Delivery): string {
    return delivery.event.id;
  }

  @FieldResolver(() => Connector)
  async connector(@Root() delivery: Delivery, @Ctx() context: HubContext): Promise<Connector> {
    return (await context.loaders.connectorById.load(delivery.connector.id))!;
  }

  @FieldResolver(() => [DeliveryAttempt], { description: 'Every attempt, oldest first.' })
  history(@Root() delivery: Delivery, @Ctx() context: HubContext): Promise<DeliveryAttempt[]> {
    return context.loaders.attemptsByDeliveryId.load(delivery.id);
  }
}
