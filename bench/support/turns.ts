import { sized } from './options.js';

/**
 * Rounds per comparison: two workloads take turns, each loaded this many times, the order swapped
 * every round (A B, B A, A B, B A). This machine's speed drifts by a third within minutes; with an
 * even count each workload is loaded first as often as second, so a steady drift favours neither.
 * With three rounds (A B, B A, A B) the one loaded first twice met more of the drift's start.
 */
export const ROUNDS = sized(4, 2);

/** The workloads in the order they are loaded in round `turn` (from 0). */
export function inTurn<T>(turn: number, workloads: readonly T[]): readonly T[] {
  return turn % 2 === 0 ? workloads : [...workloads].reverse();
}
