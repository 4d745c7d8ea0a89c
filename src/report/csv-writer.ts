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

/** Rows are joined into ~1 MiB batches before they reach the stream: one write per batch, not per row. */
const BATCH_CHARS = 1 << 20;

/**
 * A CSV output file. Hand-written rather than csv-stringify: the quoting rule is the few lines above, and
 * batching the rows measured about 4x faster (PERF-LIMITS.md c: 1.37M vs 340k rows/s), which matters
 * for the million-row nightly run. The golden and round-trip tests read the files back with csv-parse.
 */
export class CsvWriter {
  readonly rows: { count: number } = { count: 0 };
  private readonly out: WriteStream;
  private readonly done: Promise<void>;
  private readonly eol: string;
  private batch = '';

  constructor(path: string, header: readonly string[], opts: CsvWriterOptions) {
    this.out = createWriteStream(path, { mode: opts.mode, highWaterMark: 1 << 20 });
    this.done = new Promise((resolve, reject) => {
      this.out.on('finish', resolve);
      this.out.on('error', reject);
    });
    this.eol = opts.excel ? '\r\n' : '\n';
    this.batch = (opts.excel ? '\ufeff' : '') + formatCsvRow(header) + this.eol;
  }

  /** Write one row; returns a promise only when the file asks the caller to wait (then await it). */
  write(cells: readonly string[]): Promise<void> | undefined {
    this.rows.count++;
    this.batch += formatCsvRow(cells) + this.eol;
    if (this.batch.length < BATCH_CHARS) return undefined;
    return this.flush();
  }

  private flush(): Promise<void> | undefined {
    const ok = this.out.write(this.batch);
    this.batch = '';
    if (!ok) return new Promise((r) => this.out.once('drain', () => r()));
    return undefined;
  }

  async close(): Promise<void> {
    if (this.batch.length > 0) await this.flush();
    this.out.end();
    await this.done;
  }
}
