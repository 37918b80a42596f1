import { Repeater } from '@graphql-yoga/subscription';
import type { EntityManager } from '@mikro-orm/sql';
import { coalesce } from '../domain/live-counts/coalesce.js';
import type { Logger } from './logger.js';
import { COUNTS_CHANGED, type CountsChanged, type HubPubSub } from './pubsub.js';
import { listen } from './shared-pubsub.js';

/** A screen gets at most four updates a second, however many commits arrive. */
export const LIVE_FIGURES_INTERVAL_MS = 250;

/** After a failed count the next try waits this long, doubling per failure up to the cap. */
const RETRY_MS = 1_000;
const RETRY_CAP_MS = 30_000;

/** One live figure set that subscribers share. */
export interface FigureSource<T> {
  /**
   * Subscribers whose sources have the same key get the same object: the key must hold every
   * argument the figures depend on (a scope, a division), and nothing about the subscriber.
   */
  key: string;
  /** Whether a committed change may move these figures. */
  concerns(change: CountsChanged): boolean;
  /** Counts from the database; `em` is a fresh fork, so the figures are the committed ones. */
  compute(em: EntityManager): Promise<T>;
}

/**
 * Live figures counted once per change per hub process, not once per subscriber: every
 * subscriber of the same key receives the same object, as Hasura multiplexes live queries. The
 * fan-out benchmark measured why (BENCHMARKS.md): with a recount per subscriber, one registration
 * cost ten thousand count queries at ten thousand screens, through a pool of ten.
 *
 * Only the source object is shared. Each subscriber's event still runs through GraphQL execution
 * in its own context, so its selection, its roles and the sharing policy (a field withheld from
 * one department) are applied per subscriber, as for a query.
 *
 * Bursts are coalesced per key (at most one count per interval, always one after the last change);
 * a subscriber that is slow to take its figures holds only the newest, never a queue, so every
 * subscriber ends on the figures counted after the last change. A subscriber that joins gets
 * figures counted after it joined, without pushing them again to subscribers that already have
 * figures as new as those.
 */
export class LiveFigures {
  private readonly groups = new Map<string, FigureGroup<unknown>>();
  private readonly stopListening: () => void;

  constructor(
    private readonly options: { em: EntityManager; pubSub: HubPubSub; logger: Logger; intervalMs?: number },
  ) {
    // One listener for the whole process: per subscriber, ten thousand screens cost ten thousand calls per message.
    this.stopListening = listen(options.pubSub, COUNTS_CHANGED, (message) => {
      const change = message as CountsChanged;
      for (const group of this.groups.values()) if (group.source.concerns(change)) group.changed();
    });
  }

  /**
   * The figures of `source` for one subscriber: at once (counted after it subscribed), then after
   * every change that concerns them. A failed count arrives as an Error (the resolver throws it,
   * so the subscriber sees an error event) and is retried, so the figures follow once it succeeds.
   */
  watch<T>(source: FigureSource<T>): AsyncIterable<T | Error> {
    return new Repeater<T | Error>(async (push, stop) => {
      const watcher = new Watcher<T>();
      const group = this.groupOf(source);
      group.join(watcher);
      let stopped = false;
      void stop.then(() => {
        stopped = true;
        watcher.wake();
      });
      try {
        while (!stopped) {
          const offered = watcher.take();
          if (offered === NOTHING) {
            await watcher.offered();
            continue;
          }
          // One push at a time: figures offered meanwhile replace the ones waiting.
          await push(offered);
        }
      } finally {
        group.leave(watcher);
      }
    });
  }

  /** How many distinct figure sets are being kept live (each costs one count per change). */
  get liveSources(): number {
    return this.groups.size;
  }

  close(): void {
    this.stopListening();
    for (const group of this.groups.values()) group.stop();
    this.groups.clear();
  }

  private groupOf<T>(source: FigureSource<T>): FigureGroup<T> {
    const existing = this.groups.get(source.key) as FigureGroup<T> | undefined;
    if (existing) return existing;
    const group: FigureGroup<T> = new FigureGroup(source, this.options.em, this.options.logger, this.options.intervalMs ?? LIVE_FIGURES_INTERVAL_MS, () => {
      if (this.groups.get(source.key) === group) this.groups.delete(source.key);
    });
    this.groups.set(source.key, group as FigureGroup<unknown>);
    return group;
  }
}

/** Rethrows a failed count inside the subscription's resolver, where GraphQL reports it. */
export function figuresOrThrow<T>(payload: T | Error): T {
  if (payload instanceof Error) throw payload;
  return payload;
}

const NOTHING = Symbol('nothing offered');

class Watcher<T> {
  /** Demand number of the join: figures from a count started before it are too old for a first push. */
  joinedAt = 0;
  /** Demand number of the count whose figures this subscriber last received. */
  receivedAt = 0;
  private slot: T | Error | typeof NOTHING = NOTHING;
  private waiting: (() => void) | null = null;

  offer(value: T | Error): void {
    this.slot = value;
    this.wake();
  }

  take(): T | Error | typeof NOTHING {
    const value = this.slot;
    this.slot = NOTHING;
    return value;
  }

  offered(): Promise<void> {
    return new Promise((resolve) => (this.waiting = resolve));
  }

  wake(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }
}

/**
 * The subscribers of one key and the one count they share. Every change and every join is a
 * demand, numbered; a count remembers the number current when it started, and so which demands
 * its figures answer.
 */
class FigureGroup<T> {
  private readonly watchers = new Set<Watcher<T>>();
  private demand = 0;
  private lastChange = 0;
  private signal: (() => void) | null = null;
  private readonly ticks: AsyncIterator<true>;
  private running = false;
  private failures = 0;
  private stopped = false;

  constructor(
    readonly source: FigureSource<T>,
    private readonly em: EntityManager,
    private readonly logger: Logger,
    intervalMs: number,
    private readonly onEmpty: () => void,
  ) {
    this.ticks = coalesce((onSignal) => {
      this.signal = onSignal;
      return () => (this.signal = null);
    }, intervalMs)[Symbol.asyncIterator]();
  }

  join(watcher: Watcher<T>): void {
    watcher.joinedAt = ++this.demand;
    this.watchers.add(watcher);
    if (this.running) return void this.signal?.();
    // coalesce's first tick is immediate: it counts for the subscriber that created the group.
    this.running = true;
    void this.run();
  }

  leave(watcher: Watcher<T>): void {
    this.watchers.delete(watcher);
    if (this.watchers.size === 0) this.stop();
  }

  changed(): void {
    this.lastChange = ++this.demand;
    this.signal?.();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.onEmpty();
    void this.ticks.return?.();
  }

  private async run(): Promise<void> {
    for (let tick = await this.ticks.next(); !tick.done && !this.stopped; tick = await this.ticks.next()) {
      const startedAt = this.demand;
      const changeBefore = this.lastChange;
      const waiting = [...this.watchers].filter((watcher) => this.needs(watcher, startedAt, changeBefore));
      if (waiting.length === 0) continue;
      let figures: T;
      try {
        figures = await this.source.compute(this.em.fork());
      } catch (error) {
        this.failures += 1;
        this.logger.warn({ err: error, key: this.source.key, failures: this.failures }, 'live figures could not be counted; retrying');
        for (const watcher of waiting) watcher.offer(error as Error);
        await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_CAP_MS, RETRY_MS * 2 ** (this.failures - 1))).unref());
        // The demands it could not answer are still open: they make the next count.
        this.signal?.();
        continue;
      }
      this.failures = 0;
      for (const watcher of waiting) {
        // A subscriber that left meanwhile is no longer in the group; offering to it is harmless.
        watcher.receivedAt = startedAt;
        watcher.offer(figures);
      }
    }
  }

  /**
   * Whether figures counted from demand `startedAt` on are new to `watcher`: it joined before the
   * count started, and it has none yet, or has figures from before a change this count includes.
   */
  private needs(watcher: Watcher<T>, startedAt: number, changeBefore: number): boolean {
    return watcher.joinedAt <= startedAt && watcher.receivedAt < Math.max(watcher.joinedAt, changeBefore);
  }
}
