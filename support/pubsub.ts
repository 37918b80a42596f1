import { createPubSub } from '@graphql-yoga/subscription';

/**
 * The in-process PubSub that type-graphql subscriptions listen on. Channels are added here, typed,
 * as the domains that publish them arrive.
 */
export function createHubPubSub() {
  return createPubSub<Record<string, [unknown]>>();
}

export type HubPubSub = ReturnType<typeof createHubPubSub>;
