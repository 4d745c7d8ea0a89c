// A buffered CSV file writer: rows are joined by hand when no cell needs quoting, and go through csv-stringify
// when one does (same bytes as csv-stringify's defaults, about 3x faster: PERF-LIMITS.md c); awaits 'drain'.

import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';

export class CsvSink {
  private readonly stream: WriteStream;
  private batch: string[] = [];
  /** Data rows queued so far (rows hold no newlines, so row n is on physical line n + 1). */
  lines = 0;

  constructor(
    readonly path: string,
    header: readonly string[],
    private readonly batchRows = 2000,
  ) {
    this.stream = createWriteStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
    this.batch.push(encodeRow(header));
  }

  /** Queue a row; returns its 1-based physical line number. */
  push(row: string[]): number {
    this.batch.push(encodeRow(row));
    // Line 1 is the header, so the n-th data row is on line n + 1.
    this.lines++;
    return this.lines + 1;
  }

  get pending(): number {
    return this.batch.length;
  }

  async flush(): Promise<void> {
    if (!this.batch.length) return;
    const text = this.batch.join('');
    this.batch = [];
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async maybeFlush(): Promise<void> {
    if (this.batch.length >= this.batchRows) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV line with its newline. */
export function encodeRow(row: readonly string[]): string {
  for (const cell of row) if (NEEDS_QUOTES.test(cell)) return stringify([row as string[]]);
  return `${row.join(',')}\n`;
}
