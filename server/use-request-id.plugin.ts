import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import { DomainError } from '../domain/errors.js';
import type { HubContext } from '../schema/context.js';
import type { Logger } from '../support/logger.js';

/**
 * Every response carries its request id (header and `extensions.requestId`), and every
 * unexpected error is logged with that id and its stack: the client sees a neutral message,
 * the operator finds the cause from the id the client quotes.
 */
export function useRequestId(logger: Logger): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, request }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (original instanceof DomainError || (original instanceof GraphQLError && original.extensions?.code)) continue;
            logger.error(
              { requestId: contextValue?.requestId, operationName: request.operationName, err: original, path: error.path },
              'unexpected error while handling a GraphQL request',
            );
          }
        },
        async willSendResponse({ response, contextValue }) {
          const requestId = contextValue?.requestId;
          if (!requestId) return;
          response.http.headers.set('x-request-id', requestId);
          if (response.body.kind === 'single') {
            const result = response.body.singleResult;
            result.extensions = { ...result.extensions, requestId };
          }
        },
      };
    },
  };
}
