// Streaming .xlsx reader: one sheet of a workbook -> the same row items as a CSV, each cell as the text Excel shows.

import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../xlsx/exceljs.js';
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { PassThrough } from 'node:stream';
import { InputError, UsageError, VaxrecError } from '../errors.js';
import { ingestConfig } from '../config/ingest.js';
import { cellText } from '../xlsx/cell-text.js';
import { checkCells, isEmptyRecord, type SplitRecord } from './csv-records.js';
import { RowAssembler, readHead, type CsvFileInfo, type CsvItem } from './csv-reader.js';

/** Files read as workbooks, by their name (.xlsm is the same format with macros, which are never run). */
export function isWorkbookFile(file: string): boolean {
  return /\.xls[xm]$/i.test(file);
}

/**
 * Where a workbook's rows are read: `doses.xlsx[Sheet1]`. Excel forbids [ ] and : in sheet names, so the sheet is what
 * lies between the last [ and the closing ], and `doses.xlsx[Sheet1]:12` (row 12) reads one way only.
 */
export function sheetSource(file: string, sheet: string): string {
  return `${file}[${sheet}]`;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** An OLE compound file: what Excel writes for a password-protected workbook (and for the old .xls format). */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Refuse what cannot be a readable workbook before handing it to the zip reader. */
async function checkWorkbookBytes(file: string): Promise<void> {
  const head = await readHead(file, OLE_MAGIC.length);
  const n = head.length;
  if (n === 0) throw new InputError('file is empty (expected an Excel workbook)', 'FILE_EMPTY', file);
  if (n === OLE_MAGIC.length && head.equals(OLE_MAGIC)) {
    throw new InputError(
      'the workbook is password-protected (encrypted), or an old .xls saved under an .xlsx name: save a copy without a password as .xlsx',
      'WORKBOOK_ENCRYPTED',
      file,
    );
  }
  if (n < ZIP_MAGIC.length || !head.subarray(0, ZIP_MAGIC.length).equals(ZIP_MAGIC)) {
    throw new InputError(
      'is not an Excel workbook (an .xlsx file is a zip archive, this one is not): save it from Excel as .xlsx, or as CSV',
      'WORKBOOK_INVALID',
      file,
    );
  }
}

/** What exceljs's streaming reader knows of the workbook once its workbook part is read (not in its typings). */
interface WorkbookParts {
  model?: { sheets?: { name: string; state?: string }[] };
  properties?: { model?: { date1904?: boolean } };
}

/** The zip reader's input: hands every error of the zip stream it is piped into to `onZipError`. */
class ZipInput extends PassThrough {
  constructor(private readonly onZipError: (e: unknown) => void) {
    super();
  }

  override pipe<T extends NodeJS.WritableStream>(dest: T, opts?: { end?: boolean }): T {
    dest.on('error', this.onZipError);
    return super.pipe(dest, opts);
  }
}

/**
 * Fails the promises it guards as soon as it is tripped. Not Promise.race against one long-lived promise: every race
 * leaves a reaction on it that keeps the race's result alive, which held every row read (1 GB for 200,000 rows).
 */
class Tripwire {
  private error: { e: unknown } | null = null;
  private readonly waiting = new Set<(e: unknown) => void>();

  readonly trip = (e: unknown): void => {
    if (this.error !== null) return;
    this.error = { e };
    for (const reject of this.waiting) reject(e);
    this.waiting.clear();
  };

  /** `p`'s outcome, or the trip's error as soon as it comes. */
  guard<T>(p: Promise<T>): Promise<T> {
    if (this.error !== null) return Promise.reject(this.error.e);
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      p.then(
        (v) => {
          this.waiting.delete(reject);
          resolve(v);
        },
        (e: unknown) => {
          this.waiting.delete(reject);
          reject(e);
        },
      );
    });
  }
}

/** The items of `source` until `failure` trips: then its error, at once. */
async function* untilFailed<T>(source: AsyncIterable<T>, failure: Tripwire): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      const r = await failure.guard(it.next());
      if (r.done === true) return;
      yield r.value;
    }
  } finally {
    // Not awaited: after a failure the source may never settle again.
    it.return?.().catch(() => {});
  }
}

/** The parts of exceljs's streaming reader that decode the zip's XML entries (not in its typings). */
interface ReaderInternals {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Iterable<unknown>;
  _parseRels(entry: NodeJS.ReadableStream): unknown;
  _parseWorkbook(entry: NodeJS.ReadableStream): unknown;
  _parseSharedStrings(entry: NodeJS.ReadableStream): unknown;
  _parseStyles(entry: NodeJS.ReadableStream): unknown;
}

/**
 * exceljs 4.4.0 decodes each chunk of a zip entry to text on its own, so a character whose UTF-8 bytes straddle two
 * chunks becomes two U+FFFD (exceljs issues #2084, #2316; fixes not merged): a Vietnamese name in every ~16 KB of
 * shared strings. Decode this reader's entries with a StringDecoder, which carries a split character over to the next
 * chunk; exceljs passes text chunks through unchanged.
 */
function decodeAcrossChunks(r: ReaderInternals): void {
  for (const m of ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles'] as const) {
    const parse = r[m].bind(r);
    r[m] = (entry: NodeJS.ReadableStream) => {
      entry.setEncoding('utf8');
      return parse(entry);
    };
  }
  const parseWorksheet = r._parseWorksheet.bind(r);
  r._parseWorksheet = (iterator, sheetNo) => parseWorksheet(utf8Chunks(iterator), sheetNo);
}

/** Text chunks of a byte stream, no character split; `destroy` closes the source (a skipped sheet's temporary copy). */
function utf8Chunks(source: AsyncIterable<Buffer | string>): AsyncIterable<string> & { destroy(): void } {
  return {
    async *[Symbol.asyncIterator]() {
      const decoder = new StringDecoder('utf8');
      for await (const chunk of source) {
        const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
        if (text.length > 0) yield text;
      }
      const rest = decoder.end();
      if (rest.length > 0) yield rest;
    },
    destroy() {
      (source as { destroy?: () => void }).destroy?.();
    },
  };
}

interface SheetReader extends AsyncIterable<ExcelJS.Row> {
  name: string;
  /** The sheet's XML: a temporary file's stream when the sheet came before the shared strings in the zip. */
  iterator?: { destroy?: () => void };
}

/** The sheet to read: the one named (as Excel compares names: case-insensitively), or the first visible one. */
function pickSheet(file: string, sheets: readonly { name: string; state?: string }[], wanted: string | undefined): string | undefined {
  if (wanted === undefined) return (sheets.find((s) => s.state === undefined || s.state === 'visible') ?? sheets[0])?.name;
  const fold = (s: string) => s.normalize('NFC').toLocaleLowerCase('vi');
  const hit = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => fold(s.name) === fold(wanted));
  if (hit === undefined) {
    const names = sheets.map((s) => `"${s.name}"`).join(', ');
    throw new UsageError(`--sheet "${wanted}": ${file} has no such sheet; its sheets are ${names || '(none)'}`);
  }
  return hit.name;
}

/**
 * Read one sheet of a workbook (the first visible one, or `sheet`) as a stream of row item batches, like
 * readCsvBatches: the first non-empty row is the header, mapped with `aliases`; empty rows are not rows; a row
 * is numbered by its Excel row number and read under `file[sheet]`. Nothing but an InputError (or a UsageError for
 * a missing sheet) comes out of a file that cannot be read: not a zip, encrypted, damaged.
 */
export async function* readXlsxBatches<F extends string>(
  file: string,
  aliases: Record<F, string[]>,
  required: readonly F[],
  onHeader?: (info: CsvFileInfo<F>) => void,
  sheet?: string,
): AsyncGenerator<CsvItem<F>[]> {
  await checkWorkbookBytes(file);
  // A damaged entry's inflate error reaches only the zip stream, while exceljs waits for the entry to finish: it would
  // wait forever (and node would exit 0 with nothing done). Every error of the file or the zip fails the read instead.
  const failure = new Tripwire();
  const stream = createReadStream(file, { highWaterMark: ingestConfig.readChunkBytes });
  stream.on('error', failure.trip);
  const input = new ZipInput(failure.trip);
  stream.pipe(input);
  const excel = await loadExcelJS();
  const reader = new excel.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles say which numbers are dates (and which IDs are shown zero-padded); hyperlinks are only their text.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  decodeAcrossChunks(reader as unknown as ReaderInternals);
  const parts = reader as unknown as WorkbookParts;
  let read: string | null = null;
  try {
    for await (const ws of untilFailed(reader as unknown as AsyncIterable<SheetReader>, failure)) {
      const target: string | undefined = read === null ? pickSheet(file, parts.model?.sheets ?? [], sheet) : undefined;
      if (ws.name !== target) {
        // Not read: close a temporary copy's stream now rather than when it is collected.
        ws.iterator?.destroy?.();
        continue;
      }
      read = ws.name;
      yield* readSheet(file, untilFailed(ws, failure), ws.name, parts.properties?.model?.date1904 === true, aliases, required, onHeader);
    }
  } catch (e) {
    if (e instanceof VaxrecError) throw e;
    // zip and XML errors can quote bytes of the file: say what happened, not what they say.
    throw new InputError(
      'the workbook is damaged: it cannot be unzipped or its sheet cannot be read; open it in Excel and save it again',
      'WORKBOOK_INVALID',
      file,
    );
  } finally {
    stream.destroy();
    input.destroy();
  }
  if (read === null) {
    if (sheet !== undefined) pickSheet(file, parts.model?.sheets ?? [], sheet);
    throw new InputError('the workbook has no worksheet', 'WORKBOOK_INVALID', file);
  }
}

async function* readSheet<F extends string>(
  file: string,
  rowsOfSheet: AsyncIterable<ExcelJS.Row>,
  sheetName: string,
  date1904: boolean,
  aliases: Record<F, string[]>,
  required: readonly F[],
  onHeader: ((info: CsvFileInfo<F>) => void) | undefined,
): AsyncGenerator<CsvItem<F>[]> {
  const source = sheetSource(file, sheetName);
  const rows = new RowAssembler<F>(source, aliases, required, (h) =>
    onHeader?.({ file, encoding: 'xlsx', delimiter: '', sheet: sheetName, ...h }),
  );
  const max = ingestConfig.maxFieldChars;
  let batch: SplitRecord[] = [];
  for await (const row of rowsOfSheet) {
    const cells = rowCells(row, rows.width, date1904);
    if (isEmptyRecord(cells)) continue;
    const bad = checkCells(cells, max);
    const record: SplitRecord = bad === undefined ? { line: row.number, cells } : { line: row.number, cells, bad };
    // The header is mapped at once: the rows after it are padded to its width.
    if (rows.width === null) {
      rows.items([record]);
      continue;
    }
    batch.push(record);
    if (batch.length >= ingestConfig.workbookBatchRows) {
      const items = rows.items(batch);
      batch = [];
      if (items.length > 0) yield items;
    }
  }
  const items = rows.items(batch);
  if (items.length > 0) yield items;
  if (rows.width === null) throw new InputError('the sheet is empty (expected a header row)', 'FILE_EMPTY', source);
}

/**
 * A row's cells as text, padded with '' to the header's width. Cells past the header with data keep the row longer
 * (a ROW_FIELD_COUNT reject, like a CSV row with too many fields); blank ones there are formatting, not data.
 */
function rowCells(row: ExcelJS.Row, width: number | null, date1904: boolean): string[] {
  const cells: string[] = [];
  row.eachCell((cell, col) => {
    const v = cell.value;
    // The format matters only for numbers (plain ones and formula results): read it only then.
    const numeric =
      typeof v === 'number' || (typeof v === 'object' && v !== null && typeof (v as { result?: unknown }).result === 'number');
    const text = cellText(v, numeric ? { numFmt: cell.numFmt, date1904 } : undefined);
    if (text === '') return;
    while (cells.length < col - 1) cells.push('');
    cells[col - 1] = text;
  });
  const w = width ?? 0;
  let end = cells.length;
  while (end > w && cells[end - 1]!.trim() === '') end--;
  cells.length = end;
  while (cells.length < w) cells.push('');
  return cells;
}
