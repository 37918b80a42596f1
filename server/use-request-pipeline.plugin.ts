import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../schema/context.js';
import { isDatabaseUnavailable } from '../schema/database-trouble.js';
import type { Logger } from '../support/logger.js';
import { operationLabel } from './operation-label.js';
import { ACCESS_LOG_FAILED_MESSAGE, type RequestPipeline } from './request-pipeline.js';
import { answerUnavailable } from './unavailable-response.js';

/**
 * The request pipeline's steps that Apollo reaches through its plugin hooks (the first two, and the
 * context, run in hub.ts's context function):
 *
 * - admit, once the operation is parsed and validated and before any resolver runs, so an abusive
 *   document costs the hub its parsing and nothing else;
 * - log, before the response is sent (Apollo awaits `willSendResponse` before writing the body): the
 *   request's conditional reads and writes in one INSERT, shared with the requests finishing at the
 *   same time (domain/access-log/access-log-writer.ts), none for a request that read nothing
 *   conditional. If the log cannot be written the response is withheld: conditional data never
 *   leaves unlogged.
 */
export function useRequestPipeline(pipeline: RequestPipeline, logger: Logger): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName, request, contextValue }) {
          const refusal = pipeline.admit(document, operationName, request.variables, contextValue.principal !== null);
          if (refusal) throw refusal;
        },
        async willSendResponse({ response, contextValue, operation, operationName }) {
          if (!contextValue?.accessLog) return;
          try {
            await pipeline.log(contextValue, operationLabel(operation, operationName));
          } catch (error) {
            logger.error({ requestId: contextValue.requestId, err: error }, 'access log write failed; response withheld');
            if (isDatabaseUnavailable(error)) return answerUnavailable(response);
            response.http.status = 500;
            if (response.body.kind === 'single') {
              const extensions = response.body.singleResult.extensions;
              response.body.singleResult = {
                errors: [{ message: ACCESS_LOG_FAILED_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
                extensions,
              };
            }
          }
        },
      };
    },
  };
}
