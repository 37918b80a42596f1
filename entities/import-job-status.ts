/** Where an import started through the API stands. */
export enum ImportJobStatus {
  /** Rows are being read, checked and written. */
  RUNNING = 'RUNNING',
  /** The file was read to its end; the report says what was written (possibly nothing, all or nothing). */
  SUCCEEDED = 'SUCCEEDED',
  /** The file could not be read (not a spreadsheet, a wrong header, an encoding) or the hub failed: nothing was written. */
  FAILED = 'FAILED',
}

/** What an import job imports. */
export enum ImportJobKind {
  /** A department's catalog of matters (importMatters). */
  MATTER_CATALOG = 'MATTER_CATALOG',
}

/** Why a job FAILED, as the API's errors say it: a stable code, the input field at fault and the reason. */
export interface ImportJobFailure {
  code: string;
  field: string | null;
  message: string;
  /** The line of the file at fault, when one is (e.g. where its encoding breaks). */
  line: number | null;
}
