import { createPubSub } from '@graphql-yoga/subscription';

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
 * live-count subscriptions recount from the database (server/live-figures.ts), so a lost or merged
 * message costs nothing.
 */
export const COUNTS_CHANGED = 'counts:changed';

export interface CountsChanged {
  kind: 'registration' | 'licence' | 'case' | 'trade';
  departmentCode?: string;
  divisionCode?: string;
}
