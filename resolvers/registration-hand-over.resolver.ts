import { Repeater } from '@graphql-yoga/subscription';
import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../entities/role.js';
import { badUserInput, notFound, unauthenticated } from '../domain/errors.js';
import { Registration } from '../entities/registration.js';
import { RegistrationReceipt } from '../entities/registration-receipt.js';
import { RequiresAuth } from '../schema/auth.js';
import type { HubContext } from '../schema/context.js';
import { createLoaders } from '../reads/loaders.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const POLL_MS = 500;

@Resolver()
export class RegistrationHandOverResolver {
  @Subscription(() => Registration, {
    name: 'registrationHandOver',
    description:
      "A registration with its receipts: at once, then whenever a receiving department's receipt changes (PENDING → DELIVERED, ACKNOWLEDGED, RETRYING or FAILED), within a second.",
    subscribe: async ({ args, context }) => {
      const hub = context as HubContext;
      if (!hub.principal) throw unauthenticated('registrationHandOver needs a credential');
      const id = String(args.id);
      if (!UUID.test(id)) throw badUserInput('id', 'must be a registration id');
      // Refused before any event, so an unknown id is an error of the subscription, not of its stream.
      if ((await hub.em.fork().count(Registration, { id })) === 0) throw notFound('id', `no registration has the id ${id}`);
      return handOverOf(hub, id);
    },
  })
  @RequiresAuth(Role.ADMIN, Role.CLERK, Role.SYSTEM)
  registrationHandOver(@Root() registration: Registration, @Arg('id', () => ID) _id: string): Registration {
    return registration;
  }
}

/**
 * Receipts move in the connectors' workers (raw SQL, possibly on another hub instance) and when a
 * department acknowledges, so the watch reads them rather than waiting for a message a path may
 * not send: one indexed read every half second per watching window, and a registration sent only
 * when a receipt changed. Each sent registration is read afresh, with new loaders: a subscription's
 * context lives as long as the subscription, and its caches would otherwise repeat the first state.
 */
function handOverOf(context: HubContext, id: string): AsyncIterable<Registration> {
  return new Repeater<Registration>(async (push, stop) => {
    let stopped = false;
    void stop.then(() => {
      stopped = true;
    });
    let seen: string | null = null;
    while (!stopped) {
      const receipts = await context.em.fork().find(RegistrationReceipt, { registration: id }, { orderBy: { id: 'asc' } });
      const state = receipts.map((receipt) => `${receipt.id}:${receipt.status}:${receipt.updatedAt.getTime()}`).join(',');
      if (state !== seen) {
        context.em.clear();
        context.loaders = createLoaders(context.em);
        const registration = await context.em.findOneOrFail(Registration, { id });
        seen = state;
        await push(registration);
      }
      await Promise.race([new Promise((resolve) => setTimeout(resolve, POLL_MS)), stop]);
    }
  });
}
