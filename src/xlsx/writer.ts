// Workbooks for analysts, streamed row by row (exceljs's streaming writer): frozen header, filters, widths, text
// columns that Excel never turns into numbers, drop-downs, and a sheet that continues past Excel's row limit.

import ExcelJS from 'exceljs';

/** Excel's last row (1,048,576) less the header row: the data rows one sheet holds. */
export const XLSX_MAX_DATA_ROWS = 1_048_575;

export interface XlsxColumn {
  header: string;
  /** Characters; default from the header's length, between 10 and 40. */
  width?: number;
  /** Stored and formatted as text ('@'): IDs, codes and phone numbers keep their leading zeros and every digit. */
  text?: boolean;
  /** A drop-down of these values on every data row of the column (the cell may still be left empty). */
  list?: readonly string[];
}

export type XlsxCell = string | number | null;

export interface XlsxSheet {
  /** At most 31 characters, none of []:*?/\ (Excel's rules); a continuation sheet is named "name (2)". */
  name: string;
  columns: readonly XlsxColumn[];
  rows: Iterable<readonly XlsxCell[]> | AsyncIterable<readonly XlsxCell[]>;
}

export interface XlsxWriteOptions {
  /** Data rows per sheet before the next one starts (tests lower it; default Excel's limit). */
  maxRowsPerSheet?: number;
}

/** Writes the sheets in order into a new workbook at `path` (streamed: memory does not grow with the rows). */
export async function writeWorkbook(path: string, sheets: readonly XlsxSheet[], opts: XlsxWriteOptions = {}): Promise<void> {
  const max = opts.maxRowsPerSheet ?? XLSX_MAX_DATA_ROWS;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  for (const sheet of sheets) {
    checkSheetName(sheet.name);
    let part = 1;
    let ws = startSheet(wb, sheet, part);
    let n = 0;
    for await (const row of sheet.rows) {
      if (n === max) {
        finishSheet(ws, sheet, n);
        ws.commit();
        ws = startSheet(wb, sheet, ++part);
        n = 0;
      }
      ws.addRow(row as XlsxCell[]).commit();
      n++;
    }
    finishSheet(ws, sheet, n);
    ws.commit();
  }
  await wb.commit();
}

function checkSheetName(name: string): void {
  if (name.length === 0 || name.length > 27 || /[[\]:*?/\\]/.test(name)) {
    // 27 leaves room for " (2)"; the names are ours, so this is a programming error.
    throw new Error(`sheet name ${JSON.stringify(name)}: 1 to 27 characters, none of []:*?/\\`);
  }
}

function startSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, sheet: XlsxSheet, part: number): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(part === 1 ? sheet.name : `${sheet.name} (${part})`, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
  });
  ws.columns = sheet.columns.map((c, i) => ({
    header: c.header,
    key: `c${i}`,
    width: c.width ?? Math.min(40, Math.max(10, c.header.length + 2)),
    style: c.text ? { numFmt: '@' } : {},
  }));
  ws.getRow(1).font = { bold: true };
  return ws;
}

/** Filters over the header and the rows written, and the drop-downs over the same rows. */
function finishSheet(ws: ExcelJS.Worksheet, sheet: XlsxSheet, rows: number): void {
  const last = columnLetter(sheet.columns.length);
  ws.autoFilter = `A1:${last}${rows + 1}`;
  if (rows === 0) return;
  for (const [i, c] of sheet.columns.entries()) {
    if (c.list === undefined) continue;
    const col = columnLetter(i + 1);
    // Excel's list validation takes the values as one quoted, comma-separated formula of at most 255 characters.
    (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(
      `${col}2:${col}${rows + 1}`,
      { type: 'list', allowBlank: true, formulae: [`"${c.list.join(',')}"`] },
    );
  }
}

/** 1 -> A, 27 -> AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}
