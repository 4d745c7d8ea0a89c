// Workbooks for tests, written with exceljs in the test itself (no binary file is committed).

import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export interface SheetSpec {
  name: string;
  /** Cells as exceljs takes them: strings, numbers, Dates, { richText }, { formula, result }... */
  rows: unknown[][];
  state?: 'visible' | 'hidden';
  /** Number formats by cell address ('E2': 'dd/mm/yyyy'). */
  numFmt?: Record<string, string>;
}

export async function writeSheets(path: string, sheets: readonly SheetSpec[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, s.state === 'hidden' ? { state: 'hidden' } : {});
    for (const r of s.rows) ws.addRow(r as ExcelJS.CellValue[]);
    for (const [address, fmt] of Object.entries(s.numFmt ?? {})) ws.getCell(address).numFmt = fmt;
  }
  await wb.xlsx.writeFile(path);
  return path;
}

/** A CSV's rows as they are (every cell a text cell) on one sheet. */
export function csvRows(csvPath: string): string[][] {
  return parse(readFileSync(csvPath), { relax_column_count: true }) as string[][];
}

export async function csvToWorkbook(csvPath: string, path: string, sheet: string): Promise<string> {
  return writeSheets(path, [{ name: sheet, rows: csvRows(csvPath) }]);
}
