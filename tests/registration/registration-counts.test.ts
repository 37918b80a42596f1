import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, wsClient } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { companyInput, registerOk } from './registration-fixtures.js';

const COUNTS = `established changes deregistrations establishedByKind { kind count }`;

interface Counts {
  established: number;
  changes: number;
  deregistrations: number;
  establishedByKind: Array<{ kind: string; count: number }>;
}

describe('live registration counts', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it('streams the current figures at once, then the new ones after each registration commits', async () => {
    const client = wsClient(hub.url, hub.tokens.dashboard);
    const received: Counts[] = [];
    const waiters: Array<() => void> = [];
    const nextResult = () => new Promise<void>((resolve) => waiters.push(resolve));
    const first = nextResult();
    const unsubscribe = client.subscribe<{ registrationCounts: Counts }>(
      { query: `subscription { registrationCounts { ${COUNTS} } }` },
      {
        next: (result) => {
          received.push(result.data!.registrationCounts);
          waiters.shift()?.();
        },
        error: (error) => {
          throw error;
        },
        complete: () => {},
      },
    );
    try {
      await first;
      expect(received[0].established).toBe(0);

      const second = nextResult();
      await registerOk(hub, companyInput({ kind: 'PARTNERSHIP' }));
      await second;
      expect(received[1].established).toBe(1);
      expect(received[1].establishedByKind.find((entry) => entry.kind === 'PARTNERSHIP')?.count).toBe(1);
      expect(received[1].establishedByKind).toHaveLength(6);

      const query = await graphql<{ registrationCounts: Counts }>(hub.url, `{ registrationCounts { ${COUNTS} } }`, {
        token: hub.tokens.dashboard,
      });
      expect(query.body.data?.registrationCounts).toEqual(received[1]);
    } finally {
      unsubscribe();
      await client.dispose();
    }
  });

  it('refuses the counts to a request without a credential', async () => {
    const response = await graphql(
      hub.url,
      `
        {
          registrationCounts {
            established
          }
        }
      `,
    );
    expect(response.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
