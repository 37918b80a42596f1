import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, visit, type DocumentNode } from 'graphql';
import type { HubContext } from '../schema/context.js';

/**
 * Who may read the schema through introspection (`__schema`, `__type`), set by `INTROSPECTION`:
 * `true` everyone, `authenticated` requests with a valid credential (the production default: a
 * department's developer explores the API with their token, an anonymous scanner learns nothing),
 * `false` nobody. `__typename` is never refused.
 */
export type IntrospectionPolicy = 'everyone' | 'authenticated' | 'nobody';

/** The setting a refusal names, so an operator knows what to change. */
export const INTROSPECTION_SETTING = 'INTROSPECTION';

export function asksForIntrospection(document: DocumentNode): boolean {
  let asks = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') asks = true;
    },
  });
  return asks;
}

/**
 * The refusal of an operation that asks for introspection the policy does not allow, or null. The
 * one rule for HTTP (the plugin below) and WebSocket (server/websocket.ts, where every connection
 * has authenticated), so no transport answers what the other refuses.
 */
export function introspectionRefusal(policy: IntrospectionPolicy, document: DocumentNode, authenticated: boolean): GraphQLError | null {
  if (policy === 'everyone' || !asksForIntrospection(document)) return null;
  if (policy === 'authenticated') {
    if (authenticated) return null;
    return new GraphQLError(
      `Introspection (__schema, __type) needs a credential on this hub (${INTROSPECTION_SETTING}=authenticated): send "Authorization: Bearer <token>", or set ${INTROSPECTION_SETTING}=true to allow it to anyone.`,
      { extensions: { code: 'UNAUTHENTICATED', setting: INTROSPECTION_SETTING, http: { status: 401 } } },
    );
  }
  return new GraphQLError(
    `Introspection (__schema, __type) is switched off on this hub (${INTROSPECTION_SETTING}=false); set ${INTROSPECTION_SETTING}=authenticated or true to allow it. The schema is also in schema/schema.graphql of the source tree.`,
    { extensions: { code: 'FORBIDDEN', setting: INTROSPECTION_SETTING, http: { status: 403 } } },
  );
}

/**
 * Refuses introspection the policy does not allow, after the operation is resolved and before
 * anything runs. Apollo's own switch stays on: its refusal names Apollo's constructor option,
 * which no operator of the hub can set.
 */
export function useIntrospectionPolicy(policy: IntrospectionPolicy): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      if (policy === 'everyone') return;
      return {
        async didResolveOperation({ document, contextValue }) {
          const refusal = introspectionRefusal(policy, document, contextValue.principal !== null);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
