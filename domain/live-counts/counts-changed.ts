/**
 * Published after a commit that changes a live count (registrations, licences, cases, trades);
 * live-count subscriptions recount from the database (domain/live-counts/live-figures.ts), so a lost or merged
 * message costs nothing. The rules name what changed; the server carries it.
 */
export const COUNTS_CHANGED = 'counts:changed';

export interface CountsChanged {
  kind: 'registration' | 'licence' | 'case' | 'trade';
  departmentCode?: string;
  divisionCode?: string;
}
