/** Where a case was accepted (四级联网: the district hall, online, or a lower level on its behalf). */
export enum CaseChannel {
  /** 窗口: a window of the service centre. */
  WINDOW = 'WINDOW',
  /** 网上办理: an online application. */
  ONLINE = 'ONLINE',
  /** 乡镇便民服务中心: a township centre accepting on the district's behalf. */
  TOWNSHIP_CENTRE = 'TOWNSHIP_CENTRE',
  /** 村级代办点: a village agency point. */
  VILLAGE_POINT = 'VILLAGE_POINT',
}

export const CASE_CHANNEL_LABELS: Record<CaseChannel, string> = {
  WINDOW: '窗口受理',
  ONLINE: '网上办理',
  TOWNSHIP_CENTRE: '乡镇便民服务中心',
  VILLAGE_POINT: '村级代办点',
};
