/** What kind of actor an access-log entry names: a credential's role, a connector, or nobody. */
export enum ActorKind {
  ADMIN = 'ADMIN',
  CLERK = 'CLERK',
  SYSTEM = 'SYSTEM',
  DASHBOARD = 'DASHBOARD',
  ENTERPRISE = 'ENTERPRISE',
  /** An outbound delivery: the receiving department's connector. */
  CONNECTOR = 'CONNECTOR',
  /** A request without a credential. */
  ANONYMOUS = 'ANONYMOUS',
}
