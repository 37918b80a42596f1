/** Why the catalog changed: the four kinds of numbered document that adjust it. */
export enum AdjustmentType {
  /** 新增: the matter enters the catalog. */
  ADD = 'ADD',
  /** 取消: the matter leaves the catalog; it stays in the history. */
  CANCEL = 'CANCEL',
  /** 下放: the matter is handed down to lower levels (e.g. 婚姻登记 to the townships). */
  DELEGATE = 'DELEGATE',
  /** 调整: anything else changes (materials, limits, fees, legal basis …). */
  ADJUST = 'ADJUST',
}

/** Whether a matter is in the catalog on a given day. */
export enum MatterStatus {
  IN_FORCE = 'IN_FORCE',
  CANCELLED = 'CANCELLED',
}
