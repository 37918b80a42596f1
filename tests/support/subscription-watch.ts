import { wsClient } from './graphql-client.js';

/** One subscriber on its own connection; keeps every result, and `until` waits for a matching one. */
export function watchSubscription<T>(url: string, token: string, query: string, field: string, variables?: Record<string, unknown>) {
  const client = wsClient(url, token);
  const results: T[] = [];
  const errors: unknown[] = [];
  const waiters: Array<{ test: (value: T) => boolean; resolve: (value: T) => void }> = [];
  const unsubscribe = client.subscribe<Record<string, T>>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        const value = result.data?.[field];
        if (!value) return;
        results.push(value);
        for (const waiter of [...waiters]) {
          if (waiter.test(value)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(value);
          }
        }
      },
      error: (error) => errors.push(error),
      complete: () => {},
    },
  );
  return {
    results,
    errors,
    until(test: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
      const found = results.find(test);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `nothing matching within ${timeoutMs} ms; last: ${JSON.stringify(results.at(-1))}; errors: ${JSON.stringify(errors)}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({ test, resolve: (value) => (clearTimeout(timer), resolve(value)) });
      });
    },
    async close() {
      unsubscribe();
      await client.dispose();
    },
  };
}

export type SubscriptionWatch<T> = ReturnType<typeof watchSubscription<T>>;
