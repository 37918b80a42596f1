import type { OperationTypeNode } from 'graphql';
import { limitError } from '../../schema/limit-errors.js';

export interface WebSocketBudgetLimits {
  maxOperationsPerConnection: number;
  maxSubscriptionsPerConnection: number;
  maxSubscriptionsPerCredential: number;
}

interface ConnectionHoldings {
  credentialId: string | null;
  operations: Set<string>;
  subscriptions: Set<string>;
}

/**
 * How many operations a WebSocket holds at once. HTTP bounds a client by its requests (one
 * operation each, rate-limited); one socket could otherwise start thousands of subscriptions, each
 * holding memory and a share of every push, for the price of one connection. Counted per socket
 * (any operation still running, and live subscriptions) and per credential over all its sockets in
 * this process, admitted before any work is done and released when the operation ends or the
 * socket closes.
 */
export class WebSocketBudget {
  private readonly connections = new WeakMap<object, ConnectionHoldings>();
  private readonly perCredential = new Map<string, number>();

  constructor(private readonly limits: WebSocketBudgetLimits) {}

  /** Takes a place for operation `id` of `connection`, or returns the refusal to send instead. */
  admit(connection: object, credentialId: string | null, id: string, operation: OperationTypeNode | undefined) {
    const holdings = this.holdingsOf(connection, credentialId);
    if (holdings.operations.size >= this.limits.maxOperationsPerConnection) {
      return limitError(
        'TOO_MANY_OPERATIONS',
        `This connection already runs ${holdings.operations.size} operations; complete some before starting more.`,
        {
          name: 'WS_MAX_OPERATIONS_PER_CONNECTION',
          max: this.limits.maxOperationsPerConnection,
          actual: holdings.operations.size + 1,
        },
      );
    }
    if (operation === 'subscription') {
      if (holdings.subscriptions.size >= this.limits.maxSubscriptionsPerConnection) {
        return limitError('TOO_MANY_SUBSCRIPTIONS', `This connection already holds ${holdings.subscriptions.size} subscriptions.`, {
          name: 'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION',
          max: this.limits.maxSubscriptionsPerConnection,
          actual: holdings.subscriptions.size + 1,
        });
      }
      const held = credentialId ? (this.perCredential.get(credentialId) ?? 0) : 0;
      if (credentialId && held >= this.limits.maxSubscriptionsPerCredential) {
        return limitError('TOO_MANY_SUBSCRIPTIONS', `This credential already holds ${held} subscriptions over its connections.`, {
          name: 'WS_MAX_SUBSCRIPTIONS_PER_CREDENTIAL',
          max: this.limits.maxSubscriptionsPerCredential,
          actual: held + 1,
        });
      }
      holdings.subscriptions.add(id);
      if (credentialId) this.perCredential.set(credentialId, held + 1);
    }
    holdings.operations.add(id);
    return null;
  }

  /** The operation ended (completed, failed, or stopped by the client). */
  release(connection: object, id: string): void {
    const holdings = this.connections.get(connection);
    if (!holdings) return;
    holdings.operations.delete(id);
    if (holdings.subscriptions.delete(id) && holdings.credentialId) {
      const left = (this.perCredential.get(holdings.credentialId) ?? 1) - 1;
      if (left > 0) this.perCredential.set(holdings.credentialId, left);
      else this.perCredential.delete(holdings.credentialId);
    }
  }

  /** The socket closed: everything it held is free again. */
  releaseAll(connection: object): void {
    const holdings = this.connections.get(connection);
    if (!holdings) return;
    for (const id of [...holdings.operations]) this.release(connection, id);
    this.connections.delete(connection);
  }

  /** Subscriptions a credential holds now (for tests and metrics). */
  subscriptionsOf(credentialId: string): number {
    return this.perCredential.get(credentialId) ?? 0;
  }

  private holdingsOf(connection: object, credentialId: string | null): ConnectionHoldings {
    let holdings = this.connections.get(connection);
    if (!holdings) {
      holdings = { credentialId, operations: new Set(), subscriptions: new Set() };
      this.connections.set(connection, holdings);
    }
    return holdings;
  }
}
