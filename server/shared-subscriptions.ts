import { print, subscribe, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { AccessLogCollector } from '../domain/access-log/access-log-collector.js';
import { readerOf } from '../domain/sharing/reader.js';
import type { HubContext } from '../schema/context.js';
import type { Metrics } from './metrics.js';

/**
 * Subscriptions whose events depend only on the document, its variables and who reads them as the
 * sharing policy sees it (reader, roles, purpose) — nothing of one credential or one clerk — so
 * one execution can serve every subscriber with the same key. Dashboards watch these by the
 * thousand; a subscription is added here only when its resolvers read nothing else of the context.
 */
const SHAREABLE_ROOT_FIELDS = new Set(['liveCounts', 'registrationCounts']);

type Result = ExecutionResult;

/**
 * Where a subscriber's results can be written at once, as JSON serialised once for all of them,
 * instead of travelling through its own iterator (server/websocket.ts writes the graphql-ws frame).
 */
export interface ResultSink {
  /** Sends one result; false when the subscriber's socket did not take it (closed, or dropped for not reading). */
  send(resultJson: string): boolean;
}

interface Shared {
  result: Result;
  reads: AccessLogCollector;
}

interface Member {
  context: HubContext;
  /** The newest result not yet taken, with the conditional reads it made: a slow subscriber holds one, never a queue. */
  pending: Shared | null;
  wake: (() => void) | null;
  done: boolean;
  sink: ResultSink | null;
  /** A result next() handed out is still being sent: a result written straight to the sink now would overtake it. */
  inFlight: boolean;
}

interface Group {
  members: Set<Member>;
  latest: Shared | null;
  upstream: AsyncIterator<Result> | null;
  /** The upstream subscription, or its refusal, as graphql-js gives it. */
  started: Promise<AsyncIterable<Result> | Result>;
  failure: unknown;
  finished: boolean;
}

/**
 * graphql-ws's `subscribe`, executing each event once per distinct (document, variables, sharing
 * outcome) instead of once per subscriber. The first subscriber of a key starts the one upstream
 * subscription, in its own context; every subscriber receives the same result objects. What the
 * shared execution read of conditional data is handed to each subscriber's own access-log
 * collector with the result, so every subscriber's read is logged under its own credential, as if
 * it had executed the event itself. When the last subscriber of a key leaves, the upstream ends.
 * A result with nothing of any subscriber's own (no errors, no conditional reads) is serialised
 * once and written to every subscriber's socket in one pass (sendDirectly).
 */
export class SharedSubscriptions {
  private readonly groups = new Map<string, Group>();
  private readonly membersByIterator = new WeakMap<object, Member>();

  constructor(private readonly metrics: Metrics) {}

  subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<Result> | Result> => {
    const context = args.contextValue as HubContext;
    const key = shareKey(args, context);
    if (key === null) return subscribe(args);
    let group = this.groups.get(key);
    if (!group) {
      const created: Group = {
        members: new Set(),
        latest: null,
        upstream: null,
        started: Promise.resolve(subscribe(args)),
        failure: null,
        finished: false,
      };
      this.groups.set(key, created);
      void created.started.then(
        (started) => {
          if (isAsyncIterable(started)) {
            created.upstream = started[Symbol.asyncIterator]();
            void this.pump(key, created, context);
          } else if (this.groups.get(key) === created) {
            // Refused before any event (a forbidden scope, a bad argument): no group to join.
            this.groups.delete(key);
          }
        },
        () => {
          if (this.groups.get(key) === created) this.groups.delete(key);
        },
      );
      group = created;
    }
    // Subscribers that arrive while the first one is still being subscribed share its outcome.
    const started = await group.started;
    if (!isAsyncIterable(started)) return started;
    return this.join(key, group, context);
  };

  /**
   * Lets the results of a subscription this class returned be written straight to `sink` when
   * nothing of them is the subscriber's own: no errors and no conditional reads to log under its
   * credential. The event is then serialised once and written to every socket in one pass, where the
   * iterator path costs each subscriber a chain of promises, graphql-ws's hooks and its own
   * serialisation. Anything else (an error, a read to log, a result still being sent) takes the
   * iterator path. Returns whether `iterator` is a shared subscription.
   */
  sendDirectly(iterator: unknown, sink: ResultSink): boolean {
    const member = typeof iterator === 'object' && iterator !== null ? this.membersByIterator.get(iterator) : undefined;
    if (member) member.sink = sink;
    return member !== undefined;
  }

  /** Takes each upstream result once and hands it to every member. */
  private async pump(key: string, group: Group, sharedContext: HubContext): Promise<void> {
    try {
      for (;;) {
        const next = await group.upstream!.next();
        if (next.done) break;
        this.metrics.sharedSubscriptionExecutions.inc();
        const reads = sharedContext.accessLog.snapshot();
        sharedContext.accessLog.clear();
        const latest = { result: next.value, reads };
        group.latest = latest;
        const shareable = !next.value.errors && reads.isEmpty;
        let json: string | null = null;
        let written = 0;
        for (const member of group.members) {
          if (shareable && member.sink && !member.pending && !member.inFlight && member.context.accessLog.isEmpty) {
            json ??= JSON.stringify(next.value);
            if (member.sink.send(json)) written++;
            continue;
          }
          member.pending = latest;
          member.wake?.();
        }
        if (written > 0) this.metrics.sharedSubscriptionResults.inc(written);
      }
    } catch (error) {
      group.failure = error;
    }
    group.finished = true;
    if (this.groups.get(key) === group) this.groups.delete(key);
    for (const member of group.members) member.wake?.();
  }

  private join(key: string, group: Group, context: HubContext): AsyncIterableIterator<Result> {
    const member: Member = { context, pending: group.latest, wake: null, done: false, sink: null, inFlight: false };
    group.members.add(member);
    const leave = async () => {
      member.done = true;
      member.wake?.();
      group.members.delete(member);
      if (group.members.size > 0 || group.finished) return;
      if (this.groups.get(key) === group) this.groups.delete(key);
      // Not awaited: an upstream waiting for its next event may finish its return only then.
      void group.upstream?.return?.()?.catch(() => undefined);
    };
    const iterator: AsyncIterableIterator<Result> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        // graphql-ws asks for the next result once it has sent the previous one.
        member.inFlight = false;
        while (!member.pending && !member.done && !group.finished) {
          await new Promise<void>((resolve) => (member.wake = resolve));
          member.wake = null;
        }
        if (member.pending && !member.done) {
          const { result, reads } = member.pending;
          member.pending = null;
          member.context.accessLog.absorb(reads);
          this.metrics.sharedSubscriptionResults.inc();
          member.inFlight = true;
          return { value: result, done: false };
        }
        if (group.failure && !member.done) throw group.failure;
        return { value: undefined, done: true };
      },
      return: async () => {
        await leave();
        return { value: undefined, done: true };
      },
    };
    this.membersByIterator.set(iterator, member);
    return iterator;
  }
}

/**
 * The key under which subscribers share one execution, or null when this subscription executes for
 * its subscriber alone. Reader (kind, department, enterprise), roles and purpose are everything the
 * sharing policy and the role checks decide by.
 */
function shareKey(args: ExecutionArgs, context: HubContext): string | null {
  const roots = rootFields(args);
  if (roots.length === 0 || !roots.every((field) => SHAREABLE_ROOT_FIELDS.has(field))) return null;
  const principal = context.principal;
  const reader = readerOf(principal);
  return JSON.stringify([
    print(args.document),
    args.operationName ?? null,
    args.variableValues ?? null,
    reader,
    principal ? [...principal.roles].sort() : null,
    context.purpose,
  ]);
}

function rootFields(args: ExecutionArgs): string[] {
  const operations = args.document.definitions.filter((definition) => definition.kind === 'OperationDefinition');
  const operation = args.operationName ? operations.find((definition) => definition.name?.value === args.operationName) : operations[0];
  if (!operation || operation.operation !== 'subscription') return [];
  return operation.selectionSet.selections.map((selection) => (selection.kind === 'Field' ? selection.name.value : '…'));
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Result> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
