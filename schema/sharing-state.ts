import type { Principal } from '../domain/auth/principal.js';
import type { Decision } from '../domain/sharing/decide.js';
import { readerOf, type Reader } from '../domain/sharing/reader.js';
import type { SharingPolicySnapshot } from '../domain/sharing/sharing-policy-snapshot.js';

/**
 * What the enforcement point keeps for one request (or one subscription, across its events): who
 * reads, the decisions that do not depend on the row, valid for one policy snapshot until the next
 * grant expiry, and the records an ENTERPRISE reader reached as its own.
 */
export interface SharingState {
  reader: Reader;
  snapshot: SharingPolicySnapshot | null;
  validUntil: number;
  /** Per `Type.field`: the decision, or null when it depends on the row. */
  byField: Map<string, Decision | null>;
  ownRecords: WeakSet<object>;
}

export function newSharingState(principal: Principal | null): SharingState {
  return { reader: readerOf(principal), snapshot: null, validUntil: 0, byField: new Map(), ownRecords: new WeakSet() };
}

export function sharingStateOf(context: { sharingState: SharingState }): SharingState {
  return context.sharingState;
}
