import { Repeater } from '@graphql-yoga/subscription';

/** Registers a callback for "something changed" signals; returns the function that unregisters it. */
export type SignalSource = (onSignal: () => void) => () => void;

/**
 * Turns "something changed" signals into at most one tick per `intervalMs`, always followed by a
 * last tick after the last signal, so a subscriber recounts a few times a second and ends on the
 * latest figures. The first tick is immediate (the subscriber's initial figures).
 *
 * Memory is bounded whatever the burst: a signal only sets a flag, and a tick is pushed only once
 * the previous one has been taken; ten thousand signals cost one boolean, not a queue.
 */
export function coalesce(source: SignalSource, intervalMs: number): AsyncIterable<true> {
  return new Repeater<true>(async (push, stop) => {
    let pending = true;
    let delivering = false;
    let stopped = false;
    let timer: NodeJS.Timeout | null = null;
    let lastTick = 0;

    const deliver = async () => {
      timer = null;
      if (!pending || stopped) return;
      pending = false;
      delivering = true;
      lastTick = Date.now();
      await push(true);
      delivering = false;
      schedule();
    };
    function schedule() {
      if (!pending || delivering || timer || stopped) return;
      timer = setTimeout(() => void deliver(), Math.max(0, lastTick + intervalMs - Date.now()));
    }

    const unregister = source(() => {
      pending = true;
      schedule();
    });
    void deliver();
    await stop;
    stopped = true;
    if (timer) clearTimeout(timer);
    unregister();
  });
}
