import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { accessLogFor } from '../domain/access-log/access-log.js';
import type { HubContext } from '../schema/context.js';
import { isDatabaseUnavailable } from '../schema/database-trouble.js';
import type { Logger } from '../support/logger.js';
import { answerUnavailable } from './unavailable-response.js';

export const ACCESS_LOG_FAILED_MESSAGE = 'The access log could not be written, so the response is withheld. Quote the request id to the hub operators.';

/**
 * Writes what a request read of conditional data, and wrote, to the access log before its response
 * is sent (Apollo awaits `willSendResponse` before writing the body): one INSERT for all its
 * entries, shared with the requests finishing at the same time (domain/access-log/access-log-writer.ts),
 * none for a request that read nothing conditional. If the log cannot be written the response is
 * withheld: conditional data never leaves unlogged.
 */
export function useAccessLog(logger: Logger): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, operation, operationName }) {
          if (!contextValue?.accessLog || contextValue.accessLog.isEmpty) return;
          try {
            await flushAccessLog(contextValue, operationLabel(operation, operationName));
          } catch (error) {
            logger.error({ requestId: contextValue.requestId, err: error }, 'access log write failed; response withheld');
            if (isDatabaseUnavailable(error)) return answerUnavailable(response);
            response.http.status = 500;
            if (response.body.kind === 'single') {
              const extensions = response.body.singleResult.extensions;
              response.body.singleResult = { errors: [{ message: ACCESS_LOG_FAILED_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } }], extensions };
            }
          }
        },
      };
    },
  };
}

/** Drains the request's (or subscription event's) collector into the log. */
export async function flushAccessLog(context: HubContext, operation: string): Promise<void> {
  const entries = context.accessLog.drain({
    principal: context.principal,
    purpose: context.purpose,
    requestId: context.requestId,
    operation,
  });
  await accessLogFor(context.em).writer.append(entries);
}

/** "query enterprise", "mutation changeEnterprise", or the operation's name when it has one. */
export function operationLabel(operation: OperationDefinitionNode | undefined | null, operationName?: string | null): string {
  if (!operation) return operationName ?? 'unknown';
  const name = operation.name?.value ?? operationName;
  if (name) return `${operation.operation} ${name}`;
  const roots = operation.selectionSet.selections.map((selection) => (selection.kind === Kind.FIELD ? selection.name.value : '…'));
  return `${operation.operation} ${roots.join(',')}`;
}

/** The operation a document runs, as graphql-js picks it. */
export function operationOf(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((operation) => operation.name?.value === operationName) : operations[0];
}
