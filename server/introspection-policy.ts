import { BREAK, GraphQLError, visit, type DocumentNode } from 'graphql';

/**
 * Who may read the schema through introspection (`__schema`, `__type`), set by `INTROSPECTION`:
 * `true` everyone, `authenticated` requests with a valid credential (the production default: a
 * department's developer explores the API with their token, an anonymous scanner learns nothing),
 * `false` nobody. `__typename` is never refused.
 */
export type IntrospectionPolicy = 'everyone' | 'authenticated' | 'nobody';

/** The setting a refusal names, so an operator knows what to change. */
export const INTROSPECTION_SETTING = 'INTROSPECTION';

/** Per parsed document: Apollo keeps one per query text, so a query sent again is not walked again. */
const asking = new WeakMap<DocumentNode, boolean>();

export function asksForIntrospection(document: DocumentNode): boolean {
  let asks = asking.get(document);
  if (asks === undefined) {
    asks = false;
    visit(document, {
      Field(node) {
        if (node.name.value !== '__schema' && node.name.value !== '__type') return undefined;
        asks = true;
        return BREAK;
      },
    });
    asking.set(document, asks);
  }
  return asks;
}

/**
 * The refusal of an operation that asks for introspection the policy does not allow, or null. Part of the
 * request pipeline's admission (server/request-pipeline.ts), for HTTP and WebSocket alike.
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
