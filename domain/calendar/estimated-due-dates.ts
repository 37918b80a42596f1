/**
 * Due dates counted Monday–Friday because the calendar has no holidays for a year they run
 * through. The case carries `dueOnEstimated`; this also tells the operators, who can enter the
 * year, through whatever the server registers here (its logger). The domain has no logger of its own.
 */
export interface EstimatedDueDate {
  caseNo: string;
  countsFrom: string;
  dueOn: string;
  legalDueOn: string;
  /** The years the calendar has no data for among those the count ran through. */
  missingYears: number[];
}

type Listener = (estimate: EstimatedDueDate) => void;
const listeners = new Set<Listener>();

/** Registers a listener; returns the function that removes it. */
export function onEstimatedDueDate(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function reportEstimatedDueDate(estimate: EstimatedDueDate): void {
  for (const listener of listeners) listener(estimate);
}
