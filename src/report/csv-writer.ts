// CSV output files: streaming csv-stringify into a file created owner-only, with formula-injection neutralised.

import { createWriteStream, type WriteStream } from 'node:fs';
import { stringify, type Stringifier } from 'csv-stringify';

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

export class CsvWriter {
  readonly rows: { count: number } = { count: 0 };
  private readonly stringifier: Stringifier;
  private readonly out: WriteStream;
  private readonly done: Promise<void>;

  constructor(path: string, header: readonly string[], opts: CsvWriterOptions) {
    this.out = createWriteStream(path, { mode: opts.mode, highWaterMark: 1 << 20 });
    // quoted_match: csv-stringify quotes only the record delimiter's own characters, so a lone \n in a cell
    // would go out unquoted under CRLF records (and a lone \r under LF), splitting the row for every reader.
    this.stringifier = stringify({ bom: opts.excel, record_delimiter: opts.excel ? 'windows' : 'unix', quoted_match: /[\r\n]/ });
    this.stringifier.pipe(this.out);
    this.done = new Promise((resolve, reject) => {
      this.out.on('finish', resolve);
      this.out.on('error', reject);
      this.stringifier.on('error', reject);
    });
    this.stringifier.write([...header]);
  }

  /** Write one row; returns a promise only when the stream asks the caller to wait. */
  write(cells: readonly string[]): Promise<void> | void {
    this.rows.count++;
    const ok = this.stringifier.write(cells.map(neutralizeCell));
    if (!ok) return new Promise((r) => this.stringifier.once('drain', () => r()));
  }

  async close(): Promise<void> {
    this.stringifier.end();
    await this.done;
  }
}
