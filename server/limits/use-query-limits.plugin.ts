import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../../schema/context.js';
import { checkQueryLimits, type QueryLimits } from './query-limits.js';

/**
 * Refuses an operation that breaks a limit after it is parsed and validated and before any
 * resolver runs, so an abusive document costs the hub its parsing and nothing else.
 * (graphql-ws runs the same check in server/websocket.ts.)
 */
export function useQueryLimits(limits: QueryLimits): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          const refusal = checkQueryLimits(schema, document, operationName, request.variables, limits);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
