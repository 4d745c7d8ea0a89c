// CSV output files: RFC 4180 rows batched into a file created owner-only, with formula injection neutralised.

import { createWriteStream, type WriteStream } from 'node:fs';

/** A plain number (optionally signed, with decimals) is data, not a formula: never prefixed. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * OWASP "CSV Injection": a cell starting with = + - @ tab or carriage return may run as a formula in
 * Excel/LibreOffice; prefix it with a single quote so it is shown as text.
 */
export function neutralizeCell(cell: string): string {
  if (cell.length === 0) return cell;
  const c = cell.charCodeAt(0);
  // = + - @ \t \r
  if (c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13) {
    if (PLAIN_NUMBER.test(cell)) return cell;
    return `'${cell}`;
  }
  return cell;
}

export interface CsvWriterOptions {
  /** UTF-8 BOM and CRLF line endings so Excel opens Vietnamese text correctly. */
  excel: boolean;
  /** File mode for new files (owner-only by default: the files hold personal data). */
  mode: number;
}

// Characters that force a cell into quotes: the delimiter, the quote, and any line break (\r or \n, whatever the
// record delimiter): see needsQuotes.
const QUOTE = /"/g;

/** One RFC 4180 record (without the line ending); every cell neutralised against formula injection. */
export function formatCsvRow(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    let c = cells[i]!;
    if (c.length > 0) {
      c = neutralizeCell(c);
      if (needsQuotes(c)) c = `"${c.replace(QUOTE, '""')}"`;
    }
    line += i === 0 ? c : `,${c}`;
  }
  return line;
}

/** A loop, not a regex: the cells are short, and a regex call per cell was ~5 % of the write stage in a profile. */
function needsQuotes(c: string): boolean {
  for (let k = 0; k < c.length; k++) {
    const x = c.charCodeAt(k);
    if (x === 44 || x === 34 || x === 10 || x === 13) return true;
  }
  return false;
}

/** Rows are encoded into ~1 MiB buffers before they reach the stream: one write per buffer, not per row. */
const BATCH_BYTES = 1 << 20;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_PER_UNIT = 3;

/**
 * A CSV output file. Hand-written rather than csv-stringify: the quoting rule is the few lines above, and
 * batching the rows measured about 4x faster (PERF-LIMITS.md c: 1.37M vs 340k rows/s), which matters
 * for the million-row nightly run. Each row is encoded to UTF-8 as it comes, into a buffer: a batch kept as one
 * string grew into a rope of thousands of rows that Buffer.from had to flatten before encoding (a fifth of the write
 * stage at a million doses, BENCHMARKS.md). The golden and round-trip tests read the files back with csv-parse.
 */
export class CsvWriter {
  readonly rows: { count: number } = { count: 0 };
  private readonly out: WriteStream;
  private readonly done: Promise<void>;
  private readonly eol: string;
  private buf: Buffer = Buffer.allocUnsafe(BATCH_BYTES);
  private pos = 0;

  constructor(path: string, header: readonly string[], opts: CsvWriterOptions) {
    this.out = createWriteStream(path, { mode: opts.mode, highWaterMark: BATCH_BYTES });
    this.done = new Promise((resolve, reject) => {
      this.out.on('finish', resolve);
      this.out.on('error', reject);
    });
    this.eol = opts.excel ? '\r\n' : '\n';
    this.append((opts.excel ? '\ufeff' : '') + formatCsvRow(header) + this.eol);
  }

  /** Write one row; returns a promise only when the file asks the caller to wait (then await it). */
  write(cells: readonly string[]): Promise<void> | undefined {
    this.rows.count++;
    return this.append(formatCsvRow(cells) + this.eol);
  }

  private append(text: string): Promise<void> | undefined {
    let pending: Promise<void> | undefined;
    if (this.pos + text.length * MAX_UTF8_PER_UNIT > this.buf.length) {
      pending = this.flush();
      // A row longer than a whole buffer goes out on its own.
      if (text.length * MAX_UTF8_PER_UNIT > this.buf.length) return this.send(Buffer.from(text, 'utf8')) ?? pending;
    }
    this.pos += this.buf.write(text, this.pos, 'utf8');
    return pending;
  }

  private flush(): Promise<void> | undefined {
    if (this.pos === 0) return undefined;
    // The stream keeps the chunk until it is written: hand it this buffer and take a new one.
    const chunk = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(BATCH_BYTES);
    this.pos = 0;
    return this.send(chunk);
  }

  private send(chunk: Buffer): Promise<void> | undefined {
    if (this.out.write(chunk)) return undefined;
    return new Promise((r) => this.out.once('drain', () => r()));
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await this.done;
  }
}
