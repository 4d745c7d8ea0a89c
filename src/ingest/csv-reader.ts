// Streaming CSV reader: bytes -> decoded text -> csv-parse arrays -> RawRow with file and line kept.

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { InputError } from '../errors.js';
import { ingestConfig } from '../config/ingest.js';
import { detectFileEncoding, createDecoder, type FileEncoding } from '../normalize/text-encoding.js';
import { mapHeaders, type HeaderMap } from './headers.js';
import type { RawRow } from '../types.js';

export interface BadRow {
  source: { file: string; line: number };
  code: string;
  detail: string;
  cells: string[];
}

export interface CsvFileInfo<F extends string> {
  file: string;
  encoding: FileEncoding;
  delimiter: string;
  headers: string[];
  map: HeaderMap<F>;
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

async function readHead(file: string, bytes: number): Promise<Buffer> {
  let fh;
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

/**
 * Line breaks inside the cells of one record: `breaks` counts CRLF as one (physical lines), `crlf` counts
 * the CRLF pairs, which csv-parse's `info.lines` counts twice inside quoted fields.
 */
function countBreaks(cells: readonly string[]): { breaks: number; crlf: number } {
  let breaks = 0;
  let crlf = 0;
  for (const c of cells) {
    if (c.length === 0 || (c.indexOf('\n') === -1 && c.indexOf('\r') === -1)) continue;
    for (let i = 0; i < c.length; i++) {
      const ch = c.charCodeAt(i);
      if (ch === 13) {
        breaks++;
        if (c.charCodeAt(i + 1) === 10) {
          crlf++;
          i++;
        }
      } else if (ch === 10) breaks++;
    }
  }
  return { breaks, crlf };
}

/**
 * Read a CSV file as a stream of rows. The header row is mapped with `aliases`; a missing required
 * column or an undecodable file is an InputError (nothing of the file is used). Rows that cannot be
 * used (wrong field count, NUL bytes, oversized fields) come out as `bad` items, never as exceptions.
 */
export async function* readCsv<F extends string>(
  file: string,
  aliases: Record<F, string[]>,
  required: readonly F[],
  onHeader?: (info: CsvFileInfo<F>) => void,
): AsyncGenerator<CsvItem<F>> {
  const head = await readHead(file, 64 * 1024);
  if (head.length === 0) throw new InputError('file is empty (expected a header row)', 'FILE_EMPTY', file);
  const { encoding, bomBytes } = detectFileEncoding(head);
  const headText = createDecoder(encoding).write(head.subarray(bomBytes));
  const firstLine = headText.split(/\r?\n|\r/, 1)[0] ?? '';
  const delimiter = sniffDelimiter(firstLine);

  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
    max_record_size: ingestConfig.maxFieldChars * 64,
  });
  const decoder = createDecoder(encoding);
  const stream = createReadStream(file, { highWaterMark: ingestConfig.readChunkBytes, start: bomBytes });
  let decodeFailure: Error | null = null;
  (async () => {
    try {
      for await (const chunk of stream) {
        const text = decoder.write(chunk as Buffer);
        if (text && !parser.write(text)) await new Promise((r) => parser.once('drain', r));
      }
      const rest = decoder.end();
      if (rest) parser.write(rest);
      parser.end();
    } catch (e) {
      decodeFailure = e as Error;
      parser.destroy(e as Error);
    }
  })();

  let map: HeaderMap<F> | null = null;
  let width = 0;
  let crlfOvercount = 0;
  const fields = Object.keys(aliases) as F[];
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const cells = item.record;
      const { breaks, crlf } = countBreaks(cells);
      crlfOvercount += crlf;
      const line = item.info.lines - crlfOvercount - breaks;
      if (map === null) {
        map = mapHeaders(file, cells, aliases, required);
        width = cells.length;
        onHeader?.({ file, encoding, delimiter, headers: cells, map });
        continue;
      }
      const source = { file, line };
      if (cells.length !== width) {
        // A single empty cell is a blank line that csv-parse did not skip (e.g. only spaces): not a row.
        if (cells.length === 1 && cells[0]!.trim() === '') continue;
        yield { kind: 'bad', bad: { source, code: 'ROW_FIELD_COUNT', detail: `expected ${width} fields, got ${cells.length}`, cells } };
        continue;
      }
      let badCode = '';
      let badDetail = '';
      for (let i = 0; i < cells.length; i++) {
        const c = cells[i]!;
        if (c.length > ingestConfig.maxFieldChars) {
          badCode = 'ROW_FIELD_TOO_LONG';
          badDetail = `field ${i + 1} has ${c.length} characters (limit ${ingestConfig.maxFieldChars})`;
          break;
        }
        if (c.includes('\u0000')) {
          badCode = 'ROW_BINARY';
          badDetail = `field ${i + 1} contains NUL bytes`;
          break;
        }
      }
      if (badCode) {
        yield { kind: 'bad', bad: { source, code: badCode, detail: badDetail, cells } };
        continue;
      }
      const values = {} as Record<F, string>;
      for (const f of fields) {
        const idx = map.index[f];
        values[f] = idx === undefined ? '' : cells[idx]!;
      }
      const extra = map.extraIndexes.map((i) => cells[i]!);
      yield { kind: 'row', row: { source, values, extra, cells } };
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    const err = (decodeFailure ?? e) as Error & { code?: string; lines?: number };
    const line = typeof err.lines === 'number' ? err.lines : undefined;
    throw new InputError(`cannot read as CSV: ${err.message.replace(/^Invalid \w+:\s*/, '')}`, err.code ?? 'CSV_INVALID', file, line);
  }
  if (map === null) throw new InputError('file has no header row', 'FILE_EMPTY', file);
}
