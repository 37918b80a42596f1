import { Repeater } from '@graphql-yoga/subscription';
import type { EntityManager } from '@mikro-orm/sql';
import { coalesce } from './coalesce.js';
import type { Logger } from '../../support/logger.js';
import { type HubPubSub } from '../../support/pubsub.js';
import { COUNTS_CHANGED, type CountsChanged } from './counts-changed.js';
import { listen } from '../../support/shared-pubsub.js';

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
 * subscriber ends on the figures counted after the last change. A subscriber that joins gets the
 * figures of the last count if it is recent, or of the next one, without pushing them again to
 * subscribers that already have them.
 */
export class LiveFigures {
  private readonly groups = new Map<string, FigureGroup<unknown>>();
  private readonly stopListening: () => void;

  constructor(private readonly options: { em: EntityManager; pubSub: HubPubSub; logger: Logger; intervalMs?: number }) {
    // One listener for the whole process: per subscriber, ten thousand screens cost ten thousand calls per message.
    this.stopListening = listen(options.pubSub, COUNTS_CHANGED, (message) => {
      const change = message as CountsChanged;
      for (const group of this.groups.values()) if (group.source.concerns(change)) group.changed();
    });
  }

  /**
   * The figures of `source` for one subscriber: at once (counted at most an interval ago), then after
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
    const group: FigureGroup<T> = new FigureGroup(
      source,
      this.options.em,
      this.options.logger,
      this.options.intervalMs ?? LIVE_FIGURES_INTERVAL_MS,
      () => {
        if (this.groups.get(source.key) === group) this.groups.delete(source.key);
      },
    );
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
  /** Whether it has received figures yet (an error does not count). */
  hasFigures = false;
  /** The changes its figures include: the change number when the count it received started. */
  seenChanges = 0;
  private slot: T | Error | typeof NOTHING = NOTHING;
  private waiting: (() => void) | null = null;

  /** Whether figures counted after `changes` changes are news to this subscriber. */
  needs(changes: number): boolean {
    return !this.hasFigures || this.seenChanges < changes;
  }

  receive(figures: T, changes: number): void {
    this.hasFigures = true;
    this.seenChanges = changes;
    this.offer(figures);
  }

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
 * The subscribers of one key and the one count they share. Changes are numbered; a count
 * remembers the number when it started, so it knows which subscribers' figures it makes newer.
 */
class FigureGroup<T> {
  private readonly watchers = new Set<Watcher<T>>();
  private changes = 0;
  private latest: { figures: T; changes: number; countedAt: number } | null = null;
  private signal: (() => void) | null = null;
  private readonly ticks: AsyncIterator<true>;
  private running = false;
  private failures = 0;
  private stopped = false;

  constructor(
    readonly source: FigureSource<T>,
    private readonly em: EntityManager,
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly onEmpty: () => void,
  ) {
    this.ticks = coalesce((onSignal) => {
      this.signal = onSignal;
      return () => (this.signal = null);
    }, intervalMs)[Symbol.asyncIterator]();
  }

  join(watcher: Watcher<T>): void {
    this.watchers.add(watcher);
    // Figures counted less than an interval ago serve a newcomer at once: when a thousand screens
    // connect together they need not wait, nor count, one interval each. Any change since that count
    // is already pending and reaches the newcomer too; figures that move without a change (the day
    // turning) are as stale at most as a coalesced push.
    const latest = this.latest;
    if (latest && Date.now() - latest.countedAt < this.intervalMs) return watcher.receive(latest.figures, latest.changes);
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
    this.changes += 1;
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
      const changes = this.changes;
      if (![...this.watchers].some((watcher) => watcher.needs(changes))) continue;
      let figures: T;
      try {
        figures = await this.source.compute(this.em.fork());
      } catch (error) {
        this.failures += 1;
        this.logger.warn({ err: error, key: this.source.key, failures: this.failures }, 'live figures could not be counted; retrying');
        for (const watcher of this.watchers) if (watcher.needs(changes)) watcher.offer(error as Error);
        await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_CAP_MS, RETRY_MS * 2 ** (this.failures - 1))).unref());
        // The subscribers it could not serve still need figures: they make the next count.
        this.signal?.();
        continue;
      }
      this.failures = 0;
      this.latest = { figures, changes, countedAt: Date.now() };
      // Subscribers that joined while it counted take these figures too; a change that arrived
      // meanwhile has signalled, and the next count brings everyone past it.
      for (const watcher of this.watchers) if (watcher.needs(changes)) watcher.receive(figures, changes);
    }
  }
}
