import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/** Random bytes drawn for this many ids at once (64 KiB). */
const IDS_PER_DRAW = 4_096;
const random = new Uint8Array(16 * IDS_PER_DRAW);
let unused = 0;
let lastMs = -Infinity;
let sequence = 0;

/**
 * A new time-ordered id (UUID version 7, RFC 9562), in the order this process made them: ids made
 * in the same millisecond count on from a random start, as the `uuid` package's own `v7()` does.
 *
 * The difference is where the randomness comes from. `v7()` asks WebCrypto for 16 bytes per id,
 * about 2.7 µs each: a dozen ids per registration, a tenth of a registry import's CPU time. Here
 * the bytes are drawn for 4 096 ids at once, as Node's `randomUUID()` caches its entropy.
 */
export function uuidv7(): string {
  if (unused === 0) {
    randomFillSync(random);
    unused = IDS_PER_DRAW;
  }
  unused -= 1;
  const bytes = random.subarray(unused * 16, unused * 16 + 16);
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    sequence = ((bytes[6]! & 0x7f) << 24) | (bytes[7]! << 16) | (bytes[8]! << 8) | bytes[9]!;
  } else {
    sequence = (sequence + 1) | 0;
    // The counter ran out within one millisecond: borrow the next one, as v7() does.
    if (sequence === 0) lastMs += 1;
  }
  return v7({ random: bytes, msecs: lastMs, seq: sequence });
}
