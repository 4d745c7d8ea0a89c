// Streaming CSV reader: bytes -> decoded text -> tolerant record splitter -> RawRow with file and line kept.

import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { COLUMN_HINTS, ingestConfig } from '../config/ingest.js';
import { detectFileEncoding, createDecoder, type FileEncoding } from '../normalize/text-encoding.js';
import { findSuspiciousColumns, mapHeaders, type HeaderMap, type SuspiciousColumn } from './headers.js';
import { RecordSplitter, type SplitRecord } from './csv-records.js';
import type { RawRow } from '../types.js';
import type { ProblemCode } from '../codes.js';

export interface BadRow {
  source: { file: string; line: number };
  code: ProblemCode;
  detail: string;
  cells: string[];
}

export interface CsvFileInfo<F extends string> {
  file: string;
  /** The text encoding of a CSV; 'xlsx' for a workbook (its cells are read as text, see xlsx-reader.ts). */
  encoding: FileEncoding | 'xlsx';
  /** '' for a workbook. */
  delimiter: string;
  /** The sheet read, for a workbook. */
  sheet?: string;
  headers: string[];
  /** Physical line of the header row (blank lines and rows of empty cells before it are skipped). */
  headerLine: number;
  map: HeaderMap<F>;
  /**
   * Extra columns whose header looks like a known field but matches none of its aliases (their data is only passed
   * through): the caller should warn with each `message`.
   */
  suspiciousExtraColumns: SuspiciousColumn<F>[];
}

export type CsvItem<F extends string> = { kind: 'row'; row: RawRow<F> } | { kind: 'bad'; bad: BadRow };

const DELIMITERS = [',', ';', '\t'];

/** Pick the delimiter that splits the header line into the most fields (quotes respected). */
export function sniffDelimiter(headerLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    let count = 0;
    let inQuote = false;
    for (const ch of headerLine) {
      if (ch === '"') inQuote = !inQuote;
      else if (ch === d && !inQuote) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** The first `bytes` bytes of a file (fewer when it is shorter); a file that cannot be opened is an input error. */
export async function readHead(file: string, bytes: number): Promise<Buffer> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new InputError(err.code === 'ENOENT' ? 'file not found' : `cannot open (${err.code ?? err.message})`, 'FILE_UNREADABLE', file);
  }
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function undecodable(file: string, encoding: FileEncoding): InputError {
  return new InputError(
    `contains bytes that are not valid ${encoding} text; save the file as UTF-8 (or Windows-1258 throughout)`,
    'FILE_ENCODING',
    file,
  );
}

/**
 * Read a CSV file as a stream of rows. The header row is mapped with `aliases`; a missing required
 * column or an undecodable file is an InputError (nothing of the file is used). Rows that cannot be
 * used (wrong field count, unbalanced quotes, binary bytes, oversized fields) come out as `bad` items,
 * never as exceptions, and the rows after them are still read.
 */
export async function* readCsv<F extends string>(
  file: string,
  aliases: Record<F, string[]>,
  required: readonly F[],
  onHeader?: (info: CsvFileInfo<F>) => void,
): AsyncGenerator<CsvItem<F>> {
  for await (const batch of readCsvBatches(file, aliases, required, onHeader)) yield* batch;
}

/**
 * readCsv, one array of items per read chunk: a `for await` per row cost a promise hop per row and per
 * generator layer (runMicrotasks and generator frames were ~10 % of ingest in a profile of 200k doses).
 */
export async function* readCsvBatches<F extends string>(
  file: string,
  aliases: Record<F, string[]>,
  required: readonly F[],
  onHeader?: (info: CsvFileInfo<F>) => void,
): AsyncGenerator<CsvItem<F>[]> {
  const head = await readHead(file, 64 * 1024);
  if (head.length === 0) throw new InputError('file is empty (expected a header row)', 'FILE_EMPTY', file);
  const { encoding, bomBytes } = detectFileEncoding(head);
  const headText = createDecoder(encoding).write(head.subarray(bomBytes));
  // The header is the first line with data (the splitter skips blank lines and rows of delimiters only).
  const firstLine = headText.split(/\r?\n|\r/).find((l) => /[^\s,;"]/.test(l)) ?? '';
  const delimiter = sniffDelimiter(firstLine);

  const splitter = new RecordSplitter({
    delimiter,
    maxFieldChars: ingestConfig.maxFieldChars,
    maxRecordChars: ingestConfig.maxFieldChars * 64,
  });
  const decoder = createDecoder(encoding);
  const rows = new RowAssembler<F>(file, aliases, required, (h) => onHeader?.({ file, encoding, delimiter, ...h }));

  const stream = createReadStream(file, { highWaterMark: ingestConfig.readChunkBytes, start: bomBytes });
  try {
    for await (const chunk of stream) {
      const text = decoder.write(chunk as Buffer);
      // Bytes that are not valid in the detected encoding (e.g. a Windows-1258 file whose first 64 KiB were
      // plain ASCII) would silently damage names: refuse the file instead. (A U+FFFD the file really holds is
      // text, not counted: the name it damaged is flagged by normalisation, one row, not the whole file.)
      if (decoder.replacements > 0) throw undecodable(file, encoding);
      if (text) {
        const items = rows.items(splitter.push(text));
        if (items.length > 0) yield items;
      }
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (e instanceof InputError || typeof err.code !== 'string' || !err.syscall) throw e;
    throw new InputError(`cannot read (${err.code})`, 'FILE_UNREADABLE', file);
  } finally {
    stream.destroy();
  }
  const rest = decoder.end();
  if (decoder.replacements > 0) throw undecodable(file, encoding);
  const last = rest ? rows.items(splitter.push(rest)) : [];
  for (const it of rows.items(splitter.end())) last.push(it);
  if (last.length > 0) yield last;
  if (rows.width === null) throw new InputError('file has no header row', 'FILE_EMPTY', file);
}

/** What a reader learns from the header row, whatever the file's format. */
export type HeaderInfo<F extends string> = Pick<CsvFileInfo<F>, 'headers' | 'headerLine' | 'map' | 'suspiciousExtraColumns'>;

/**
 * Records (header first) -> row items, for every file format: maps the header row with `aliases`, then gives each
 * record its canonical values, or makes it a bad row (damaged, or a different number of fields than the header).
 */
export class RowAssembler<F extends string> {
  private map: HeaderMap<F> | null = null;
  private readonly fields: F[];
  /** Number of header fields; null until the header row is read. */
  width: number | null = null;

  constructor(
    /** The name rows are read under (the file; for a workbook, file and sheet). */
    private readonly source: string,
    private readonly aliases: Record<F, string[]>,
    private readonly required: readonly F[],
    private readonly onHeader: (info: HeaderInfo<F>) => void,
  ) {
    this.fields = Object.keys(aliases) as F[];
  }

  items(records: readonly SplitRecord[]): CsvItem<F>[] {
    const out: CsvItem<F>[] = [];
    const file = this.source;
    const fields = this.fields;
    for (const r of records) {
      const source = { file, line: r.line };
      const map = this.map;
      if (map === null) {
        if (r.bad) throw new InputError(`header row cannot be read (${r.bad.detail})`, 'HEADER_INVALID', file, r.line);
        const m = mapHeaders(file, r.cells, this.aliases, this.required);
        this.map = m;
        this.width = r.cells.length;
        const suspiciousExtraColumns = findSuspiciousColumns(r.cells, m, fields, COLUMN_HINTS);
        this.onHeader({ headers: r.cells, headerLine: r.line, map: m, suspiciousExtraColumns });
        continue;
      }
      if (r.bad) {
        out.push({ kind: 'bad', bad: { source, code: r.bad.code, detail: r.bad.detail, cells: r.cells } });
        continue;
      }
      const cells = r.cells;
      if (cells.length !== this.width) {
        const detail = `expected ${this.width} fields, got ${cells.length}`;
        out.push({ kind: 'bad', bad: { source, code: 'ROW_FIELD_COUNT', detail, cells } });
        continue;
      }
      const values = {} as Record<F, string>;
      for (const f of fields) {
        const idx = map.index[f];
        values[f] = idx === undefined ? '' : cells[idx]!;
      }
      const extra = map.extraIndexes.map((i) => cells[i]!);
      out.push({ kind: 'row', row: { source, values, extra, cells } });
    }
    return out;
  }
}
