/** What became of a record a department sent in. */
export enum InboundStatus {
  APPLIED = 'APPLIED',
  /** Refused (validation, field ownership); kept with the reason, nothing written. */
  REJECTED = 'REJECTED',
}
