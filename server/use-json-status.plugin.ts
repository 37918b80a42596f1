import { createRequire } from 'node:module';
import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../schema/context.js';

// The same negotiator Apollo uses to pick the response's media type, so both decisions agree.
const Negotiator = createRequire(import.meta.url)('negotiator') as new (request: { headers: { accept?: string } }) => {
  mediaType(available: string[]): string | undefined;
};

const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
const APPLICATION_JSON = 'application/json';

/** Codes of a request that was well-formed HTTP but whose document or variables were not usable. */
const DOCUMENT_FAILURES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);

/**
 * GraphQL over HTTP: a client that accepts only `application/json` (the legacy media type) cannot
 * tell a GraphQL error from a broken proxy by a 4xx status, so the specification asks for 200 with
 * the errors in the body when the document fails to parse, validate or coerce its variables.
 * Clients of `application/graphql-response+json` keep Apollo's 400.
 */
export function useJsonStatus(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          if (response.http.status !== 400 || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          // Only failures before execution: they answer without a `data` key.
          if ('data' in result || !result.errors?.length) return;
          if (!result.errors.every((error) => DOCUMENT_FAILURES.has(String(error.extensions?.code)))) return;
          const accept = request.http?.headers.get('accept');
          const chosen = accept
            ? new Negotiator({ headers: { accept } }).mediaType([APPLICATION_JSON, GRAPHQL_RESPONSE_JSON])
            : APPLICATION_JSON;
          if (chosen === APPLICATION_JSON) response.http.status = 200;
        },
      };
    },
  };
}
