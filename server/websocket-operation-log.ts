import type { GraphQLFormattedError, OperationTypeNode } from 'graphql';
import type { Principal } from '../domain/auth/principal.js';
import type { Logger } from '../support/logger.js';

interface OpenOperation {
  requestId: string | null;
  operationName: string | null;
  operationType: OperationTypeNode | null;
  started: bigint;
  results: number;
  /** The code of the first error a result carried, if any did. */
  firstErrorCode: string | null;
}

/**
 * One JSON line per WebSocket operation, like HTTP's request log (server/request-log.ts), written
 * when the operation ends: its request id, who asked, what, how long it ran (a subscription: how
 * long it was subscribed), how many results it sent, and how it ended (`OK`, or the code of the
 * first error it met). Operations are keyed by their socket's graphql-ws context and the client's operation id.
 */
export class WebSocketOperationLog {
  private readonly open = new WeakMap<object, Map<string, OpenOperation>>();

  constructor(private readonly logger: Logger) {}

  subscribed(socket: object, id: string, operationName: string | null, operationType: OperationTypeNode | null): void {
    let operations = this.open.get(socket);
    if (!operations) this.open.set(socket, (operations = new Map()));
    operations.set(id, {
      requestId: null,
      operationName,
      operationType,
      started: process.hrtime.bigint(),
      results: 0,
      firstErrorCode: null,
    });
  }

  executing(socket: object, id: string, requestId: string): void {
    const operation = this.open.get(socket)?.get(id);
    if (operation) operation.requestId = requestId;
  }

  resultSent(socket: object, id: string, errors: readonly GraphQLFormattedError[] | undefined): void {
    const operation = this.open.get(socket)?.get(id);
    if (!operation) return;
    operation.results++;
    operation.firstErrorCode ??= errors?.length ? codeOf(errors[0]) : null;
  }

  ended(socket: object, id: string, principal: Principal | undefined, errors?: readonly GraphQLFormattedError[]): void {
    const operations = this.open.get(socket);
    const operation = operations?.get(id);
    if (!operation) return;
    operations!.delete(id);
    this.logger.info(
      {
        requestId: operation.requestId,
        transport: 'websocket',
        credentialId: principal?.credentialId ?? null,
        department: principal?.department.code ?? null,
        operationName: operation.operationName,
        operationType: operation.operationType,
        results: operation.results,
        durationMs: Number((process.hrtime.bigint() - operation.started) / 1000n) / 1000,
        outcome: errors?.length ? codeOf(errors[0]) : (operation.firstErrorCode ?? 'OK'),
      },
      'graphql request',
    );
  }
}

function codeOf(error: GraphQLFormattedError): string {
  return String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
}
