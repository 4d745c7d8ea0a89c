// exceljs, loaded on first use: its modules take ~0.2 s to load (about 40 % of `vaxrec --version`), which a run that
// reads and writes no workbook (every CSV-only night, every test that spawns the CLI) should not pay.

import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | null = null;

/** The exceljs module (loaded once). */
export function loadExcelJS(): Promise<typeof ExcelJS> {
  loading ??= import('exceljs').then((m) => m.default);
  return loading;
}
