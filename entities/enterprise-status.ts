/** Where a market entity stands in the registry: 存续, 注销 or 吊销. */
export enum EnterpriseStatus {
  /** 存续 */
  ACTIVE = 'ACTIVE',
  /** 注销 */
  DEREGISTERED = 'DEREGISTERED',
  /** 吊销 */
  REVOKED = 'REVOKED',
}
