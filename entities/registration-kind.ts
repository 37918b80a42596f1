/** What a registration record registers: the establishment (设立), a change (变更), 注销 or 吊销. */
export enum RegistrationKind {
  ESTABLISHMENT = 'ESTABLISHMENT',
  CHANGE = 'CHANGE',
  DEREGISTRATION = 'DEREGISTRATION',
  /** 吊销: the business licence was revoked (an administrative penalty); the entity is REVOKED. */
  REVOCATION = 'REVOCATION',
}
