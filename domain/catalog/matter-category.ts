import { MATTER_CATEGORIES, MATTER_CATEGORY_LABELS, MatterCategory } from '../../entities/matter-category.js';

/** A category from a spreadsheet cell: its Chinese label or its code; undefined when neither. */
export function parseMatterCategory(text: string): MatterCategory | undefined {
  const value = text.trim();
  if (value in MATTER_CATEGORY_LABELS) return value as MatterCategory;
  return MATTER_CATEGORIES.find((category) => MATTER_CATEGORY_LABELS[category] === value);
}
