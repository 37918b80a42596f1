/**
 * The levels of the 四级联网 network that implement a matter, highest first. A village agency
 * point (村级代办点) accepts on behalf of the levels above it.
 */
export enum MatterLevel {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
  TOWNSHIP = 'TOWNSHIP',
  VILLAGE = 'VILLAGE',
}

export const MATTER_LEVEL_LABELS: Record<MatterLevel, string> = {
  PROVINCE: '省级',
  CITY: '市级',
  COUNTY: '县级',
  TOWNSHIP: '乡镇级',
  VILLAGE: '村级',
};

export const MATTER_LEVELS = Object.keys(MATTER_LEVEL_LABELS) as MatterLevel[];
