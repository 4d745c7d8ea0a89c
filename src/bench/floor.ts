// The I/O floor for bench:perf: parse the same CSV inputs with csv-parse and write as many bytes with csv-stringify.
// Usage: node dist/bench/floor.js --out-bytes N --out <file> <input.csv...>; prints one JSON line.

import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';

async function parseFile(path: string, keep: string[][], keepMax: number): Promise<number> {
  let rows = 0;
  const parser = createReadStream(path, { highWaterMark: 1 << 20 }).pipe(parse({ bom: true, relax_column_count: true }));
  parser.on('data', (rec: string[]) => {
    rows++;
    if (keep.length < keepMax) keep.push(rec);
  });
  await once(parser, 'end');
  return rows;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { 'out-bytes': { type: 'string' }, out: { type: 'string' } },
    allowPositionals: true,
  });
  const outBytes = Number(values['out-bytes'] ?? 0);
  const sample: string[][] = [];
  const t0 = performance.now();
  let rows = 0;
  for (const f of positionals) rows += await parseFile(f, sample, 50_000);
  const parseMs = performance.now() - t0;
  const t1 = performance.now();
  const out = createWriteStream(values.out ?? '/dev/null', { highWaterMark: 1 << 20 });
  let written = 0;
  let outRows = 0;
  for (let i = 0; written < outBytes && sample.length; i += 2000) {
    const batch: string[][] = [];
    for (let k = 0; k < 2000; k++) batch.push(sample[(i + k) % sample.length]);
    const text = stringify(batch);
    written += Buffer.byteLength(text);
    outRows += batch.length;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const writeMs = performance.now() - t1;
  process.stdout.write(`${JSON.stringify({ rows, parseMs, outRows, writtenBytes: written, writeMs, totalMs: parseMs + writeMs })}\n`);
}

void main();
