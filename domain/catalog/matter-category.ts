/**
 * What kind of power a matter is: the ten types of administrative power of the 权力清单, plus
 * public services (公共服务), which the catalog lists beside them.
 */
export enum MatterCategory {
  ADMINISTRATIVE_LICENSING = 'ADMINISTRATIVE_LICENSING',
  ADMINISTRATIVE_PENALTY = 'ADMINISTRATIVE_PENALTY',
  ADMINISTRATIVE_LEVY = 'ADMINISTRATIVE_LEVY',
  ADMINISTRATIVE_COERCION = 'ADMINISTRATIVE_COERCION',
  ADMINISTRATIVE_CONFIRMATION = 'ADMINISTRATIVE_CONFIRMATION',
  ADMINISTRATIVE_ADJUDICATION = 'ADMINISTRATIVE_ADJUDICATION',
  ADMINISTRATIVE_PAYMENT = 'ADMINISTRATIVE_PAYMENT',
  ADMINISTRATIVE_INSPECTION = 'ADMINISTRATIVE_INSPECTION',
  ADMINISTRATIVE_REWARD = 'ADMINISTRATIVE_REWARD',
  OTHER_ADMINISTRATIVE_POWER = 'OTHER_ADMINISTRATIVE_POWER',
  PUBLIC_SERVICE = 'PUBLIC_SERVICE',
}

/** The labels the reports use, in the order they list them (行政许可 N 项, 行政处罚 N 项 …). */
export const MATTER_CATEGORY_LABELS: Record<MatterCategory, string> = {
  ADMINISTRATIVE_LICENSING: '行政许可',
  ADMINISTRATIVE_PENALTY: '行政处罚',
  ADMINISTRATIVE_LEVY: '行政征收',
  ADMINISTRATIVE_COERCION: '行政强制',
  ADMINISTRATIVE_CONFIRMATION: '行政确认',
  ADMINISTRATIVE_ADJUDICATION: '行政裁决',
  ADMINISTRATIVE_PAYMENT: '行政给付',
  ADMINISTRATIVE_INSPECTION: '行政检查',
  ADMINISTRATIVE_REWARD: '行政奖励',
  OTHER_ADMINISTRATIVE_POWER: '其他行政权力',
  PUBLIC_SERVICE: '公共服务',
};

export const MATTER_CATEGORIES = Object.keys(MATTER_CATEGORY_LABELS) as MatterCategory[];

/** A category from a spreadsheet cell: its Chinese label or its code; undefined when neither. */
export function parseMatterCategory(text: string): MatterCategory | undefined {
  const value = text.trim();
  if (value in MATTER_CATEGORY_LABELS) return value as MatterCategory;
  return MATTER_CATEGORIES.find((category) => MATTER_CATEGORY_LABELS[category] === value);
}
