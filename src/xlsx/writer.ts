// Workbooks for analysts, streamed row by row (exceljs's streaming writer): frozen header, filters, widths, text
// columns that Excel never turns into numbers, drop-downs, and a sheet that continues past Excel's row limit.

import { createWriteStream, rmSync, type WriteStream } from 'node:fs';
import type ExcelJS from 'exceljs';
import { loadExcelJS } from './exceljs.js';
import { xlsxConfig } from '../config/xlsx.js';

/** Excel's last row (1,048,576) less the header row: the data rows one sheet holds. */
export const XLSX_MAX_DATA_ROWS = 1_048_575;

export interface XlsxColumn {
  header: string;
  /** Characters; default from the header's length, between 10 and 40. */
  width?: number;
  /** Stored and formatted as text ('@'): IDs, codes and phone numbers keep their leading zeros and every digit. */
  text?: boolean;
  /** Excel number format of a number column, such as '0.000000' (ignored when `text`). */
  numFmt?: string;
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
  /**
   * The workbook's created and modified dates (docProps/core.xml) and every zip entry's timestamp, so the same
   * sheets always give the same bytes. Default: xlsxConfig.fixedDate.
   */
  date?: Date;
  /** Mode of the new file (default 0o600: workbooks hold personal data). */
  mode?: number;
}

/** Writes the sheets in order into a new workbook at `path` (streamed: memory does not grow with the rows). */
export async function writeWorkbook(path: string, sheets: readonly XlsxSheet[], opts: XlsxWriteOptions = {}): Promise<void> {
  const max = opts.maxRowsPerSheet ?? XLSX_MAX_DATA_ROWS;
  const date = opts.date ?? new Date(`${xlsxConfig.fixedDate}T00:00:00Z`);
  const file = createWriteStream(path, { mode: opts.mode ?? 0o600 });
  try {
    await writeSheets(file, sheets, max, date);
  } catch (e) {
    // A failed workbook leaves no file behind: half a zip is not a workbook.
    file.on('error', () => {}).destroy();
    rmSync(path, { force: true });
    throw e;
  }
}

async function writeSheets(file: WriteStream, sheets: readonly XlsxSheet[], max: number, date: Date): Promise<void> {
  // created, modified, creator and lastModifiedBy are read by exceljs but missing from its type declarations.
  const Writer = await pinnedWorkbookWriter();
  const wb = new Writer({
    stream: file,
    useStyles: true,
    useSharedStrings: false,
    created: date,
    modified: date,
    creator: 'vaxrec',
    lastModifiedBy: 'vaxrec',
  } as Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>);
  for (const sheet of sheets) {
    checkSheetName(sheet.name);
    // One style object per column, shared by its cells: exceljs caches a style's id by object (a WeakMap), where a
    // cell's own copy of the column style costs a rendering of its XML per cell (a third of the write time).
    const styles = sheet.columns.map(columnStyle);
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
      const added = ws.addRow(row as XlsxCell[]);
      for (let k = 0; k < styles.length; k++) {
        const style = styles[k];
        if (style !== undefined) added.getCell(k + 1).style = style;
      }
      added.commit();
      n++;
      if (n % DRAIN_CHECK_ROWS === 0) await zipEntryDrained(ws);
    }
    finishSheet(ws, sheet, n);
    ws.commit();
  }
  await wb.commit();
}

/**
 * exceljs stamps every zip entry with the time it was added. The constructor adds the first two entries itself
 * (through addThemes), so the stamp is pinned from there on, before any entry is added.
 */
async function pinnedWorkbookWriter(): Promise<typeof ExcelJS.stream.xlsx.WorkbookWriter> {
  const excel = await loadExcelJS();
  return class PinnedWorkbookWriter extends excel.stream.xlsx.WorkbookWriter {
    override addThemes(): Promise<void> {
      const self = this as unknown as { created: Date; zip: { append(source: unknown, data: { name: string; date?: Date }): unknown } };
      const zip = self.zip;
      const append = zip.append.bind(zip);
      zip.append = (source, data) => append(source, { ...data, date: self.created });
      return super.addThemes();
    }
  };
}

/** Rows between two looks at the zip entry's buffer (a look is cheap; a row is ~1 KB of XML). */
const DRAIN_CHECK_ROWS = 256;
/** Bytes of sheet XML allowed to wait for compression before the writer pauses. */
const MAX_PENDING_BYTES = 1 << 20;

interface PendingStream {
  _writableState?: { length: number };
  once(event: string, listener: (e?: unknown) => void): unknown;
  removeListener(event: string, listener: (e?: unknown) => void): unknown;
}

/**
 * exceljs writes each committed row into the zip entry without waiting for it (exceljs issue #1894, "The stream is
 * fake"), so a producer faster than compression buffers the whole sheet in memory (200,000 rows: 257 MB peak
 * instead of 128 MB). Wait for the entry's stream to drain when it holds more than MAX_PENDING_BYTES. If exceljs
 * changes its internals this finds no stream and waits for nothing: the output is the same, only memory grows.
 */
async function zipEntryDrained(ws: ExcelJS.Worksheet): Promise<void> {
  const entry = (ws as unknown as { stream?: { pipes?: PendingStream[] } }).stream?.pipes?.[0];
  if (entry?._writableState === undefined || entry._writableState.length <= MAX_PENDING_BYTES) return;
  await new Promise<void>((resolve, reject) => {
    const onDrain = () => {
      entry.removeListener('error', onError);
      resolve();
    };
    const onError = (e?: unknown) => {
      entry.removeListener('drain', onDrain);
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    entry.once('drain', onDrain);
    entry.once('error', onError);
  });
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
    style: columnStyle(c) ?? {},
  }));
  ws.getRow(1).font = { bold: true };
  return ws;
}

function columnStyle(c: XlsxColumn): Partial<ExcelJS.Style> | undefined {
  return c.text ? { numFmt: '@' } : c.numFmt !== undefined ? { numFmt: c.numFmt } : undefined;
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
