/** One row of a spreadsheet: the line (CSV) or row number (XLSX) people see in their editor, and its cells as text. */
export interface SpreadsheetRow {
  line: number;
  cells: string[];
}

export enum SpreadsheetFormat {
  CSV = 'CSV',
  XLSX = 'XLSX',
}
