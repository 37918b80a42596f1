import { MATTER_LEVELS, MATTER_LEVEL_LABELS, MatterLevel } from '../../entities/matter-level.js';

/** Spreadsheets write 县级 or 区县级, 乡镇级 or 乡级 …; each spelling a department uses maps to one level. */
const LEVEL_SPELLINGS: Record<string, MatterLevel> = {
  省: MatterLevel.PROVINCE,
  省级: MatterLevel.PROVINCE,
  市: MatterLevel.CITY,
  市级: MatterLevel.CITY,
  县: MatterLevel.COUNTY,
  县级: MatterLevel.COUNTY,
  区县级: MatterLevel.COUNTY,
  县区级: MatterLevel.COUNTY,
  区级: MatterLevel.COUNTY,
  乡: MatterLevel.TOWNSHIP,
  乡级: MatterLevel.TOWNSHIP,
  乡镇: MatterLevel.TOWNSHIP,
  乡镇级: MatterLevel.TOWNSHIP,
  镇级: MatterLevel.TOWNSHIP,
  村: MatterLevel.VILLAGE,
  村级: MatterLevel.VILLAGE,
  村级代办点: MatterLevel.VILLAGE,
};

export function parseMatterLevel(text: string): MatterLevel | undefined {
  const value = text.trim();
  if (value in MATTER_LEVEL_LABELS) return value as MatterLevel;
  return LEVEL_SPELLINGS[value];
}

/** Levels in the network's order (province first), without repeats. */
export function sortLevels(levels: readonly MatterLevel[]): MatterLevel[] {
  return MATTER_LEVELS.filter((level) => levels.includes(level));
}
