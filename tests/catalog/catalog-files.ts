import ExcelJS from 'exceljs';
import { MatterStatus } from '../../entities/adjustment-type.js';
import { CATALOG_HEADER, writeCatalogRow, type CatalogRow } from '../../domain/catalog/import/catalog-columns.js';
import { MatterCategory } from '../../entities/matter-category.js';
import { MatterKind } from '../../entities/matter-kind.js';
import { MatterLevel } from '../../entities/matter-level.js';
import { MaterialForm } from '../../entities/matter-requirements.js';

/** A catalog row of department `department` with sensible values; `overrides` change the state. */
export function catalogRow(
  code: string,
  department: string,
  overrides: Partial<CatalogRow['state']> = {},
  document: Partial<Pick<CatalogRow, 'documentNumber' | 'effectiveOn'>> = {},
): CatalogRow {
  return {
    code,
    documentNumber: document.documentNumber ?? '昭府发〔2015〕10号',
    effectiveOn: document.effectiveOn ?? '2015-01-01',
    state: {
      name: `测试事项${code}`,
      category: MatterCategory.ADMINISTRATIVE_LICENSING,
      departmentCode: department,
      legalBasis: '《中华人民共和国行政许可法》第十二条',
      conditions: '材料齐全',
      materials: [
        { name: '申请书', form: MaterialForm.ORIGINAL, copies: 1, required: true },
        { name: '营业执照', form: MaterialForm.COPY, copies: 2, required: false },
      ],
      fees: [],
      legalTimeLimitDays: 20,
      promisedTimeLimitDays: 5,
      kind: MatterKind.PROMISED,
      levels: [MatterLevel.COUNTY],
      lowerLevelsAcceptOnBehalf: false,
      onlineAvailable: true,
      status: MatterStatus.IN_FORCE,
      ...overrides,
    },
  };
}

/** RFC 4180 quoting, as Excel's "CSV UTF-8" writes it. */
export function csvLine(cells: readonly string[]): string {
  return cells.map((cell) => (/[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',');
}

export function catalogCsv(rows: readonly CatalogRow[], header: readonly string[] = CATALOG_HEADER): string {
  return [csvLine(header), ...rows.map((row) => csvLine(writeCatalogRow(row)))].join('\r\n') + '\r\n';
}

export async function catalogXlsx(rows: readonly CatalogRow[], { realDates = true } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('事项目录');
  sheet.addRow(CATALOG_HEADER);
  const dateColumn = CATALOG_HEADER.indexOf('生效日期');
  for (const row of rows) {
    const cells: Array<string | number | Date> = writeCatalogRow(row);
    // Departments type limits as numbers and dates as dates; the reader must take both.
    cells[CATALOG_HEADER.indexOf('法定时限')] = row.state.legalTimeLimitDays;
    if (realDates) cells[dateColumn] = new Date(`${row.effectiveOn}T00:00:00Z`);
    sheet.addRow(cells);
  }
  workbook.addWorksheet('说明').addRow(['这一页不是目录']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const base64 = (content: string | Buffer) => Buffer.from(content).toString('base64');
