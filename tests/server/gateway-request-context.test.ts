import { describe, expect, it } from 'vitest';
import { ApolloServer, HeaderMap } from '@apollo/server';
import type { GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import { buildSchema, printSchema } from 'graphql';

/**
 * The hub executes HTTP queries through Apollo's gateway interface (server/compiled-execution.ts).
 * Apollo 5.5.1 gives the executor a response whose `http.status` was an object literal's own getter
 * and setter closing over the whole request: V8 then kept, for every request, an accessor pair in
 * the old generation that held the request alive through the next scavenge, so about a tenth of
 * every lookup's bytes was promoted and the scavenges took 8–14 ms (BENCHMARKS.md, session 14).
 * patches/@apollo+server+5.5.1.patch makes it a class's accessor; `npm install` applies it.
 */
describe("Apollo's request context for the hub's executor", () => {
  async function executeWith(executor: (context: GatewayGraphQLRequestContext) => void) {
    const schema = buildSchema('type Query { hello: String }');
    const gateway: GatewayInterface = {
      onSchemaLoadOrUpdate(callback) {
        callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
        return () => {};
      },
      async load() {
        return {
          executor: async (context) => {
            executor(context);
            return { data: { hello: 'world' } };
          },
        };
      },
      async stop() {},
    };
    const apollo = new ApolloServer({ gateway });
    await apollo.start();
    try {
      return await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: 'POST',
          headers: new HeaderMap([['content-type', 'application/json']]),
          search: '',
          body: { query: '{ hello }' },
        },
        context: async () => ({}),
      });
    } finally {
      await apollo.stop();
    }
  }

  it("carries the status as its class's accessor, not one of its own (the patch is applied)", async () => {
    let ownStatus: PropertyDescriptor | undefined | null = null;
    await executeWith((context) => {
      ownStatus = Object.getOwnPropertyDescriptor(context.response!.http!, 'status');
    });
    expect(ownStatus).toBeUndefined();
  });

  it('still reads and sets the status and headers of the HTTP answer', async () => {
    let before: number | undefined | null = null;
    const answer = await executeWith((context) => {
      const http = context.response!.http!;
      before = http.status;
      http.status = 299;
      http.headers.set('x-from-executor', 'yes');
    });
    expect(before).toBeUndefined();
    expect(answer.status).toBe(299);
    expect(answer.headers.get('x-from-executor')).toBe('yes');
    expect(answer.body.kind === 'complete' && JSON.parse(answer.body.string)).toEqual({ data: { hello: 'world' } });
  });
});
