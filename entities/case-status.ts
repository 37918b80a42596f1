/** Where a case (办件) stands. COMPLETED, REJECTED and WITHDRAWN are final. */
export enum CaseStatus {
  /** 已受理: accepted at a window or online; the clock runs from the next working day. */
  ACCEPTED = 'ACCEPTED',
  /** 办理中: being examined. */
  IN_PROGRESS = 'IN_PROGRESS',
  /** 补正中: waiting for the applicant's corrected materials; the clock is stopped. */
  SUSPENDED = 'SUSPENDED',
  /** 已办结 (准予): decided in the applicant's favour. */
  COMPLETED = 'COMPLETED',
  /** 不予许可 / 不予办理: decided against the applicant; a decision, so it counts as 办结. */
  REJECTED = 'REJECTED',
  /** 撤回: the applicant withdrew; no decision, not counted as completed. */
  WITHDRAWN = 'WITHDRAWN',
}

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  ACCEPTED: '已受理',
  IN_PROGRESS: '办理中',
  SUSPENDED: '补正中',
  COMPLETED: '已办结',
  REJECTED: '不予办理',
  WITHDRAWN: '已撤回',
};
