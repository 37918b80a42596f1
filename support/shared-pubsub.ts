import { createPubSub, Repeater } from '@graphql-yoga/subscription';
import { Redis } from 'ioredis';
import type { Logger } from './logger.js';
import type { HubPubSub } from './pubsub.js';

export interface SharedPubSub {
  pubSub: HubPubSub;
  close(): Promise<void>;
}

/**
 * The hub's PubSub: in-process by default; over Redis pub/sub when REDIS_URL is set, so a commit
 * on one hub instance reaches the subscribers of every instance. Redis needs two connections (one
 * in subscriber mode cannot publish). Messages are JSON: publish plain data only.
 *
 * The Redis event target is ours, in the shape of @graphql-yoga/redis-event-target (which wants
 * ioredis 5 while the hub's rate limiter runs on ioredis 6): an EventTarget whose dispatch
 * publishes to the Redis channel of the event's name, and whose listeners hear the messages of the
 * channels they listen to, from every instance including this one.
 *
 * A Redis outage does not fail requests: ioredis queues and reconnects, and a live count missed
 * meanwhile is caught up by the next one, since subscribers recount from the database.
 */
export function createSharedPubSub(redisUrl: string | null | undefined, logger: Logger): SharedPubSub {
  if (!redisUrl) {
    const eventTarget = new EventTarget();
    const pubSub = createPubSub<Record<string, [unknown]>>({ eventTarget });
    targets.set(pubSub, eventTarget);
    return { pubSub, close: async () => {} };
  }
  const options = { maxRetriesPerRequest: null, lazyConnect: false } as const;
  const publishClient = new Redis(redisUrl, options);
  const subscribeClient = new Redis(redisUrl, options);
  for (const client of [publishClient, subscribeClient]) {
    client.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis pub/sub connection error'));
  }
  const eventTarget = redisEventTarget(publishClient, subscribeClient, logger);
  const pubSub = createPubSub<Record<string, [unknown]>>({ eventTarget: eventTarget as unknown as EventTarget });
  targets.set(pubSub, eventTarget);
  return {
    pubSub,
    async close() {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}

type Listener = (payload: unknown) => void;
interface Target {
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
}
const targets = new WeakMap<HubPubSub, Target>();

/**
 * Calls `listener` for every message on `channel`, synchronously and without buffering; returns
 * the function that stops it. `pubSub.subscribe` buffers every message until its consumer pulls it
 * (and fails beyond 1024), which a consumer that only needs "something changed" does not want.
 */
export function listen(pubSub: HubPubSub, channel: string, listener: Listener): () => void {
  const target = targets.get(pubSub);
  if (target) {
    const onEvent = (event: Event) => listener((event as CustomEvent).detail);
    target.addEventListener(channel, onEvent);
    return () => target.removeEventListener(channel, onEvent);
  }
  // A PubSub made elsewhere (schema printing, tests): read its stream instead.
  const iterator = pubSub.subscribe(channel)[Symbol.asyncIterator]();
  void (async () => {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) listener(next.value);
  })();
  return () => void iterator.return?.();
}

/**
 * The messages of `channel` that pass `accept`, as a stream for one subscriber that holds at most
 * `limit` of them: when the subscriber falls behind by more, the oldest are dropped, so a slow screen can never grow the hub's memory, nor overflow the stream.
 */
export function boundedStream<T>(pubSub: HubPubSub, channel: string, accept: (message: T) => boolean, limit: number): AsyncIterable<T> {
  return new Repeater<T>(async (push, stop) => {
    const queue: T[] = [];
    let wake: (() => void) | null = null;
    let stopped = false;
    const unlisten = listen(pubSub, channel, (message) => {
      if (!accept(message as T)) return;
      queue.push(message as T);
      if (queue.length > limit) queue.shift();
      wake?.();
    });
    void stop.then(() => {
      stopped = true;
      wake?.();
    });
    while (!stopped) {
      if (queue.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        continue;
      }
      // One push at a time: the next waits until the subscriber has taken this one.
      await push(queue.shift()!);
    }
    unlisten();
  });
}

function redisEventTarget(publishClient: Redis, subscribeClient: Redis, logger: Logger): Target & { dispatchEvent(event: Event): boolean } {
  const local = new EventTarget();
  const listeners = new Map<string, number>();
  const failed = (what: string) => (error: Error) => logger.warn({ err: error.message }, `redis pub/sub ${what} failed`);
  subscribeClient.on('message', (channel: string, message: string) => {
    let detail: unknown;
    try {
      detail = JSON.parse(message);
    } catch {
      return; // not one of ours
    }
    local.dispatchEvent(new CustomEvent(channel, { detail }));
  });
  return {
    addEventListener(type, listener) {
      local.addEventListener(type, listener);
      const count = (listeners.get(type) ?? 0) + 1;
      listeners.set(type, count);
      if (count === 1) subscribeClient.subscribe(type).catch(failed('subscribe'));
    },
    removeEventListener(type, listener) {
      local.removeEventListener(type, listener);
      const count = (listeners.get(type) ?? 1) - 1;
      if (count > 0) return void listeners.set(type, count);
      listeners.delete(type);
      subscribeClient.unsubscribe(type).catch(failed('unsubscribe'));
    },
    dispatchEvent(event) {
      publishClient.publish(event.type, JSON.stringify((event as CustomEvent).detail ?? null)).catch(failed('publish'));
      return true;
    },
  };
}
