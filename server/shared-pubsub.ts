import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
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
 * A Redis outage does not fail requests: ioredis queues and reconnects, and a live count missed
 * meanwhile is caught up by the next one, since subscribers recount from the database.
 */
export function createSharedPubSub(redisUrl: string | undefined, logger: Logger): SharedPubSub {
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
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  const pubSub = createPubSub<Record<string, [unknown]>>({ eventTarget });
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
