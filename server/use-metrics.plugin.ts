import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { HubContext } from '../schema/context.js';
import type { Metrics } from './metrics.js';

/** Counts and times every GraphQL operation over HTTP, and counts returned errors by code. */
export function useMetrics(metrics: Metrics): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      const stopTimer = metrics.duration.startTimer();
      let type = 'unknown';
      let operation = 'unknown';
      return {
        async didResolveOperation({ operation: definition }) {
          if (!definition) return;
          type = definition.operation;
          operation = firstRootField(definition);
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          for (const error of errors) metrics.errors.inc({ code: String(error.extensions?.code ?? 'UNKNOWN') });
          metrics.requests.inc({ type, operation, outcome: errors.length ? 'error' : 'ok' });
          stopTimer({ type, operation });
        },
      };
    },
  };
}

export function firstRootField(definition: OperationDefinitionNode): string {
  const field = definition.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
  return field && field.kind === Kind.FIELD ? field.name.value : 'fragment';
}
