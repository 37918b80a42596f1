import type { EntityManager } from '@mikro-orm/sql';
import { nextSequenceValues, type SequenceName } from './sequence-store.js';

/** How many numbers a process draws from a sequence at a time. */
export const SEQUENCE_BLOCK_SIZE = 32;

/**
 * Numbers from a database sequence, drawn a block at a time and handed out by this process, so a
 * registration does not spend a round trip on each of its USCC and licence serial. Every number
 * still comes from `nextval`, so no two processes (or requests) ever get the same one; what a
 * process had drawn and not handed out when it stops is a gap, as a rolled-back `nextval` is.
 * Requests arriving while the block is empty wait for one refill between them.
 */
class SequenceBlock {
  private readonly ready: string[] = [];
  private refill: Promise<void> | undefined;

  constructor(
    private readonly sequence: SequenceName,
    private readonly blockSize: number,
  ) {}

  async take(em: EntityManager): Promise<string> {
    for (;;) {
      const next = this.ready.shift();
      if (next !== undefined) return next;
      // Drawn outside the caller's transaction: a refill others wait on must not fail with it.
      this.refill ??= nextSequenceValues(em.fork(), this.sequence, this.blockSize)
        .then((values) => void this.ready.push(...values))
        .finally(() => (this.refill = undefined));
      await this.refill;
    }
  }
}

const blocksByOrm = new WeakMap<object, Map<SequenceName, SequenceBlock>>();

/** The next number of `sequence` for this ORM's process (forks share their configuration, and so the blocks). */
export function nextFromSequence(em: EntityManager, sequence: SequenceName, blockSize = SEQUENCE_BLOCK_SIZE): Promise<string> {
  let blocks = blocksByOrm.get(em.config);
  if (!blocks) blocksByOrm.set(em.config, (blocks = new Map()));
  let block = blocks.get(sequence);
  if (!block) blocks.set(sequence, (block = new SequenceBlock(sequence, blockSize)));
  return block.take(em);
}
