/** A company registered at 昭化区's window, under a name of the caller's choosing (names must be distinct). */
export function companyRegistration(name: string, businessScope = '建材销售') {
  return {
    name,
    kind: 'COMPANY',
    legalRepresentative: '李明',
    registeredCapitalWanYuan: '50.5',
    address: '昭化区元坝镇解放街1号',
    divisionCode: '510811',
    industryCode: 'F5211',
    businessScope,
  };
}
