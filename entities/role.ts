/**
 * What a principal may do, on top of which department it acts for. A department's business
 * system and a clerk of the same department differ: only a person registers an enterprise.
 */
export enum Role {
  /** Manages departments, credentials, connectors and the sharing policy. */
  ADMIN = 'ADMIN',
  /** A named person at a window (registration clerk, licence officer). */
  CLERK = 'CLERK',
  /** A department's business system calling the hub. */
  SYSTEM = 'SYSTEM',
  /** A read-only screen: live counts and statistics. */
  DASHBOARD = 'DASHBOARD',
  /** An enterprise (credential tied to its USCC): sees who read its data, nothing else. */
  ENTERPRISE = 'ENTERPRISE',
}
