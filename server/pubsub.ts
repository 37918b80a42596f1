import { createPubSub, filter, pipe, Repeater } from '@graphql-yoga/subscription';

/**
 * The in-process PubSub that type-graphql subscriptions listen on. Channels are added here, typed,
 * as the domains that publish them arrive.
 */
export function createHubPubSub() {
  return createPubSub<Record<string, [unknown]>>();
}

export type HubPubSub = ReturnType<typeof createHubPubSub>;

/**
 * Published after a commit that changes a live count (registrations, licences, cases, trades);
 * count subscriptions recompute from the database, so a lost or merged message costs nothing.
 */
export const COUNTS_CHANGED = 'counts:changed';

export interface CountsChanged {
  kind: 'registration' | 'licence' | 'case' | 'trade';
  departmentCode?: string;
  divisionCode?: string;
}

/**
 * The triggers of a live-count subscription: one at once (so the subscriber starts with the
 * current figures), then one per committed change of `kind`.
 */
export function countTriggers(pubSub: HubPubSub, kind: CountsChanged['kind']): AsyncIterable<unknown> {
  const changes = pipe(
    pubSub.subscribe(COUNTS_CHANGED),
    filter((change) => (change as CountsChanged).kind === kind),
  );
  return Repeater.merge([[{ initial: true }], changes]);
}
