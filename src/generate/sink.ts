// A buffered CSV file writer: csv-stringify on batches of rows, awaiting 'drain' so memory stays bounded.

import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';

export class CsvSink {
  private readonly stream: WriteStream;
  private batch: string[][] = [];
  /** Data rows queued so far (rows hold no newlines, so row n is on physical line n + 1). */
  lines = 0;

  constructor(readonly path: string, header: readonly string[], private readonly batchRows = 2000) {
    this.stream = createWriteStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
    this.batch.push([...header]);
  }

  /** Queue a row; returns its 1-based physical line number. */
  push(row: string[]): number {
    this.batch.push(row);
    // Line 1 is the header, so the n-th data row is on line n + 1.
    this.lines++;
    return this.lines + 1;
  }

  get pending(): number {
    return this.batch.length;
  }

  async flush(): Promise<void> {
    if (!this.batch.length) return;
    const text = stringify(this.batch);
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
