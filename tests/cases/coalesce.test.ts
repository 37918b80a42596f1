import { describe, expect, it } from 'vitest';
import { coalesce } from '../../domain/live-counts/coalesce.js';
import { boundedStream, listen } from '../../support/shared-pubsub.js';
import { createSharedPubSub } from '../../support/shared-pubsub.js';
import { createLogger } from '../../support/logger.js';

const inProcess = () => createSharedPubSub(undefined, createLogger('silent')).pubSub;

describe('coalesce', () => {
  it('holds one pending tick, not a queue, while the subscriber is busy: memory stays bounded', async () => {
    const pubSub = inProcess();
    const ticks = coalesce((onSignal) => listen(pubSub, 'change', onSignal), 10)[Symbol.asyncIterator]();
    expect(await ticks.next()).toEqual({ value: true, done: false }); // the initial figures
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 100_000; i++) pubSub.publish('change', i);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The subscriber was busy for the whole burst: one more tick, whatever the number of signals.
    expect(await ticks.next()).toEqual({ value: true, done: false });
    const third = ticks.next();
    const outcome = await Promise.race([third.then(() => 'tick'), new Promise((resolve) => setTimeout(() => resolve('quiet'), 100))]);
    expect(outcome).toBe('quiet');
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
    await ticks.return?.();
  });

  it('always ends on a tick after the last signal', async () => {
    const pubSub = inProcess();
    const iterator = coalesce((onSignal) => listen(pubSub, 'change', onSignal), 30)[Symbol.asyncIterator]();
    await iterator.next();
    const seen: number[] = [];
    let last = 0;
    const consumer = (async () => {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        seen.push(last);
      }
    })();
    for (let i = 1; i <= 20; i++) {
      last = i;
      pubSub.publish('change', i);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await expect.poll(() => seen.at(-1), { timeout: 2000 }).toBe(20);
    expect(seen.length).toBeLessThan(20);
    await iterator.return?.();
    await consumer;
  });
});

describe('boundedStream', () => {
  it('keeps the newest messages up to its limit while the subscriber is busy, in order', async () => {
    const pubSub = inProcess();
    const stream = boundedStream<number>(pubSub, 'alert', (n) => n % 2 === 0, 100)[Symbol.asyncIterator]();
    const first = stream.next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    for (let i = 0; i < 100_000; i++) pubSub.publish('alert', i);
    const received = [(await first).value as number];
    for (let i = 1; i < 100; i++) received.push((await stream.next()).value as number);
    // 50 000 even messages arrived while the subscriber waited: the newest 100 were kept, in order.
    expect(received).toEqual(Array.from({ length: 100 }, (_, i) => 99_800 + 2 * i));
    const more = await Promise.race([stream.next().then(() => 'more'), new Promise((resolve) => setTimeout(() => resolve('none'), 50))]);
    expect(more).toBe('none');
    await stream.return?.();
  });
});
