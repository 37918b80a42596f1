/** Whether a connector sends every due event (CLOSED) or only a probe now and then (OPEN). */
export enum CircuitState {
  CLOSED = 'CLOSED',
  /** Repeated failures or a Retry-After: one probe per interval until one succeeds. */
  OPEN = 'OPEN',
}
