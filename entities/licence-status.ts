/** One status model for every licence, whatever the issuing ministry's own vocabulary. */
export enum LicenceStatus {
  /** 有效 */
  VALID = 'VALID',
  /** 暂扣 */
  SUSPENDED = 'SUSPENDED',
  /** 撤销 / 吊销 */
  REVOKED = 'REVOKED',
  /** 失效 (past its validity) */
  EXPIRED = 'EXPIRED',
  /** 注销 */
  CANCELLED = 'CANCELLED',
}
