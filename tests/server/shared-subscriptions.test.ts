import { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionResult } from 'graphql';
import { Repeater } from '@graphql-yoga/subscription';
import { describe, expect, it } from 'vitest';
import { AccessLogCollector } from '../../domain/access-log/access-log-collector.js';
import { Role } from '../../entities/role.js';
import type { Principal } from '../../domain/auth/principal.js';
import type { HubContext } from '../../schema/context.js';
import { createMetrics } from '../../server/metrics.js';
import { SharedSubscriptions } from '../../server/shared-subscriptions.js';

/**
 * A subscription field named like the shared one, over a source the test pushes into: how many
 * times its event resolver runs is how many executions there were.
 */
function harness() {
  const listeners = new Set<(value: number) => unknown>();
  let executions = 0;
  let upstreamsOpen = 0;
  const options = { conditionalReads: true };
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        liveCounts: {
          type: GraphQLInt,
          args: { scope: { type: GraphQLString } },
          // As the hub's live figures: a Repeater, which its subscriber's return() stops at once.
          subscribe: (_root, args: { scope?: string }) => {
            if (args.scope === 'forbidden') throw new Error('forbidden scope');
            upstreamsOpen++;
            return new Repeater<number>(async (emit, stop) => {
              listeners.add(emit);
              await stop;
              listeners.delete(emit);
              upstreamsOpen--;
            });
          },
          resolve: (value: number, _args, context: HubContext) => {
            executions++;
            if (options.conditionalReads) context.accessLog.recordRead('Enterprise', 'e-1', '91510811MA60028634', 'legalRepresentative');
            return value;
          },
        },
        other: { type: GraphQLInt, subscribe: async function* () {}, resolve: () => 0 },
      },
    }),
  });
  const metrics = createMetrics();
  const shared = new SharedSubscriptions(metrics);
  const principal = (code: string, roles: Role[], credentialId: string) =>
    ({ credentialId, credentialLabel: credentialId, department: { code, id: code } as never, clerk: null, roles }) as Principal;
  const context = (who: Principal) => ({ principal: who, purpose: null, accessLog: new AccessLogCollector() }) as unknown as HubContext;
  const open = async (who: Principal, scope = 'centre') => {
    const ctx = context(who);
    const result = await shared.subscribe({
      schema,
      document: parse('subscription S($scope: String) { liveCounts(scope: $scope) }'),
      variableValues: { scope },
      contextValue: ctx,
    });
    return { ctx, result: result as AsyncIterableIterator<ExecutionResult> | ExecutionResult };
  };
  const push = (value: number) => listeners.forEach((listener) => listener(value));
  /** A sink as server/websocket.ts gives one: it records the JSON it was asked to send. */
  const sinkOf = (result: unknown) => {
    const sent: string[] = [];
    expect(shared.sendDirectly(result, { send: (json) => sent.push(json) > 0 })).toBe(true);
    return sent;
  };
  return { open, push, principal, sinkOf, options, executions: () => executions, upstreamsOpen: () => upstreamsOpen, metrics };
}

/** Waits until `executions` events have been executed and handed on (what follows an execution is microtasks). */
async function handedOn(h: ReturnType<typeof harness>, executions: number): Promise<void> {
  await expect.poll(h.executions).toBe(executions);
  await new Promise((resolve) => setImmediate(resolve));
}

const iteratorOf = (result: unknown) => result as AsyncIterableIterator<ExecutionResult>;
const logged = (ctx: HubContext) =>
  ctx.accessLog.drain({ principal: ctx.principal, purpose: null, requestId: 'r', operation: 'subscription S' });

describe('shared subscription executions', () => {
  it('executes each event once for every subscriber of the same document, variables and reader, and logs the read for each', async () => {
    const h = harness();
    const screens = await Promise.all(['c-1', 'c-2', 'c-3'].map((id) => h.open(h.principal('ZWFW', [Role.DASHBOARD], id))));
    expect(h.upstreamsOpen()).toBe(1);
    h.push(7);
    for (const { result, ctx } of screens) {
      expect(await iteratorOf(result).next()).toEqual({ value: { data: { liveCounts: 7 } }, done: false });
      // Each screen's read is its own entry, under its own credential.
      expect(logged(ctx)).toEqual([
        expect.objectContaining({ credentialId: ctx.principal!.credentialId, typeName: 'Enterprise', fields: ['legalRepresentative'] }),
      ]);
    }
    expect(h.executions()).toBe(1);
    await Promise.all(screens.map(({ result }) => iteratorOf(result).return!()));
    await expect.poll(h.upstreamsOpen).toBe(0);
  });

  it('executes separately for another reader, other roles or other variables', async () => {
    const h = harness();
    const screen = await h.open(h.principal('ZWFW', [Role.DASHBOARD], 'c-1'));
    const system = await h.open(h.principal('ZWFW', [Role.SYSTEM], 'c-2'));
    const otherDepartment = await h.open(h.principal('MZ', [Role.SYSTEM], 'c-3'));
    const otherScope = await h.open(h.principal('ZWFW', [Role.DASHBOARD], 'c-4'), 'MZ');
    expect(h.upstreamsOpen()).toBe(4);
    h.push(1);
    for (const { result } of [screen, system, otherDepartment, otherScope]) await iteratorOf(result).next();
    expect(h.executions()).toBe(4);
  });

  it('keeps the upstream while one subscriber remains, and gives a late one the latest result at once', async () => {
    const h = harness();
    const first = await h.open(h.principal('ZWFW', [Role.DASHBOARD], 'c-1'));
    h.push(1);
    await iteratorOf(first.result).next();
    const late = await h.open(h.principal('ZWFW', [Role.DASHBOARD], 'c-2'));
    expect(await iteratorOf(late.result).next()).toEqual({ value: { data: { liveCounts: 1 } }, done: false });
    await iteratorOf(first.result).return!();
    expect(h.upstreamsOpen()).toBe(1);
    h.push(2);
    expect(await iteratorOf(late.result).next()).toEqual({ value: { data: { liveCounts: 2 } }, done: false });
    expect(h.executions()).toBe(2);
    await iteratorOf(late.result).return!();
    await expect.poll(h.upstreamsOpen).toBe(0);
  });

  it('hands a slow subscriber only the newest result, never a queue', async () => {
    const h = harness();
    const slow = await h.open(h.principal('ZWFW', [Role.DASHBOARD], 'c-1'));
    const fast = await h.open(h.principal('ZWFW', [Role.DASHBOARD], 'c-2'));
    for (const value of [1, 2, 3]) {
      h.push(value);
      await iteratorOf(fast.result).next();
    }
    expect(await iteratorOf(slow.result).next()).toEqual({ value: { data: { liveCounts: 3 } }, done: false });
  });

  it('gives a refused subscription its own error and shares nothing', async () => {
    const h = harness();
    const refused = await h.open(h.principal('ZWFW', [Role.DASHBOARD], 'c-1'), 'forbidden');
    expect((refused.result as ExecutionResult).errors?.[0].message).toBe('forbidden scope');
    // Two at once: the second joins while the first is being refused, and gets the same refusal.
    const both = await Promise.all(['c-2', 'c-3'].map((id) => h.open(h.principal('ZWFW', [Role.DASHBOARD], id), 'forbidden')));
    for (const { result } of both) expect((result as ExecutionResult).errors?.[0].message).toBe('forbidden scope');
  });

  it('writes a result with nothing of the subscriber its own to every sink, serialised once, without the iterator', async () => {
    const h = harness();
    h.options.conditionalReads = false;
    const screens = await Promise.all(['c-1', 'c-2'].map((id) => h.open(h.principal('ZWFW', [Role.DASHBOARD], id))));
    const sinks = screens.map(({ result }) => h.sinkOf(result));
    const nexts = screens.map(({ result }) => iteratorOf(result).next());
    h.push(4);
    await handedOn(h, 1);
    h.push(5);
    await handedOn(h, 2);
    for (const sent of sinks) expect(sent).toEqual(['{"data":{"liveCounts":4}}', '{"data":{"liveCounts":5}}']);
    expect(h.executions()).toBe(2);
    expect((await h.metrics.registry.getSingleMetric('hub_shared_subscription_results_total')!.get()).values[0]!.value).toBe(4);
    // The iterator's pending next() ends with the subscription, having handed out nothing.
    await Promise.all(screens.map(({ result }) => iteratorOf(result).return!()));
    for (const next of nexts) expect(await next).toEqual({ value: undefined, done: true });
  });

  it('sends through the iterator a result that read conditional data, so each subscriber logs its own read', async () => {
    const h = harness();
    const screen = await h.open(h.principal('ZWFW', [Role.DASHBOARD], 'c-1'));
    const sent = h.sinkOf(screen.result);
    h.push(6);
    expect(await iteratorOf(screen.result).next()).toEqual({ value: { data: { liveCounts: 6 } }, done: false });
    expect(sent).toEqual([]);
    expect(logged(screen.ctx)).toHaveLength(1);
  });

  it('never lets a written result overtake one the iterator handed out and is still sending', async () => {
    const h = harness();
    h.options.conditionalReads = false;
    const first = await h.open(h.principal('ZWFW', [Role.DASHBOARD], 'c-1'));
    h.push(1);
    await handedOn(h, 1);
    // A late subscriber takes the latest result from its iterator; while that one is being sent,
    // newer results wait for its next call instead of being written ahead of it.
    const late = await h.open(h.principal('ZWFW', [Role.DASHBOARD], 'c-2'));
    const sent = h.sinkOf(late.result);
    expect(await iteratorOf(late.result).next()).toEqual({ value: { data: { liveCounts: 1 } }, done: false });
    h.push(2);
    await handedOn(h, 2);
    h.push(3);
    await handedOn(h, 3);
    expect(sent).toEqual([]);
    expect(await iteratorOf(late.result).next()).toEqual({ value: { data: { liveCounts: 3 } }, done: false });
    // Once it asks again with nothing waiting, the next result is written straight to its sink.
    const waiting = iteratorOf(late.result).next();
    h.push(4);
    await handedOn(h, 4);
    expect(sent).toEqual(['{"data":{"liveCounts":4}}']);
    await iteratorOf(late.result).return!();
    expect(await waiting).toEqual({ value: undefined, done: true });
    await iteratorOf(first.result).return!();
  });

  it('does not know an iterator it did not return', () => {
    const h = harness();
    expect(new SharedSubscriptions(h.metrics).sendDirectly({}, { send: () => true })).toBe(false);
  });
});
