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

export const ADJUSTMENT_TYPE_LABELS: Record<AdjustmentType, string> = {
  ADD: '新增',
  CANCEL: '取消',
  DELEGATE: '下放',
  ADJUST: '调整',
};

/** Whether a matter is in the catalog on a given day. */
export enum MatterStatus {
  IN_FORCE = 'IN_FORCE',
  CANCELLED = 'CANCELLED',
}

export const MATTER_STATUS_LABELS: Record<MatterStatus, string> = {
  IN_FORCE: '在用',
  CANCELLED: '已取消',
};
