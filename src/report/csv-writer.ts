// CSV output files: RFC 4180 rows batched into a file created owner-only, with formula injection neutralised.

import { closeSync, openSync, writeSync } from 'node:fs';

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

/** Rows are encoded into one ~1 MiB buffer, written out when full: one write per buffer, not per row. */
const BATCH_BYTES = 1 << 20;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_PER_UNIT = 3;

/**
 * A CSV output file. Hand-written rather than csv-stringify: the quoting rule is the few lines above, and
 * batching the rows measured about 4x faster (PERF-LIMITS.md c: 1.37M vs 340k rows/s), which matters
 * for the million-row nightly run. Each row is encoded to UTF-8 as it comes into one buffer, written with a
 * synchronous write when full and then reused. Two earlier forms cost the write stage dearly at a million doses
 * (BENCHMARKS.md, "The write stage"): a batch kept as one string grew into a rope that had to be flattened before
 * encoding, and a new buffer per batch handed to a stream made ~660 MB of external memory, each ~64 MB of which
 * started a full garbage collection of the multi-gigabyte heap. The golden and round-trip tests read the files back
 * with csv-parse.
 */
export class CsvWriter {
  readonly rows: { count: number } = { count: 0 };
  private readonly fd: number;
  private readonly eol: string;
  private readonly buf: Buffer = Buffer.allocUnsafe(BATCH_BYTES);
  private pos = 0;

  constructor(path: string, header: readonly string[], opts: CsvWriterOptions) {
    this.fd = openSync(path, 'w', opts.mode);
    this.eol = opts.excel ? '\r\n' : '\n';
    this.append((opts.excel ? '\ufeff' : '') + formatCsvRow(header) + this.eol);
  }

  /**
   * Write one row. Writes are synchronous (the rows come from memory, and a write to the page cache is a copy), so
   * this returns nothing to wait for; the return type keeps the callers' `if (pending) await pending` valid.
   */
  write(cells: readonly string[]): Promise<void> | undefined {
    this.rows.count++;
    this.append(formatCsvRow(cells) + this.eol);
    return undefined;
  }

  private append(text: string): void {
    if (this.pos + text.length * MAX_UTF8_PER_UNIT > this.buf.length) {
      this.flush();
      // A row longer than the whole buffer goes out on its own.
      if (text.length * MAX_UTF8_PER_UNIT > this.buf.length) {
        writeAll(this.fd, Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }

  private flush(): void {
    if (this.pos === 0) return;
    writeAll(this.fd, this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  async close(): Promise<void> {
    this.flush();
    closeSync(this.fd);
  }
}

/** writeSync may write less than asked (a signal, a full pipe): go on until every byte is out. */
function writeAll(fd: number, bytes: Buffer): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}
