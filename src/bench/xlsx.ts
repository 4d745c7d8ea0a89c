// bench:xlsx: rows/s and peak RSS of reading the same dose rows from a workbook (exceljs streaming) and from a CSV.
// Usage: npm run bench:xlsx -- [--rows 200000] [--runs 3] [--dir .cache/bench-xlsx] [--keep]; prints medians of the runs.

import { createReadStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import { generateDataset } from '../generate/index.js';
import { readTableBatches } from '../ingest/table-reader.js';
import { ingestDoses, normalizeContext } from '../pipeline.js';
import { defaultConfig } from '../config/index.js';
import { DOSE_COLUMN_ALIASES } from '../config/ingest.js';
import { REQUIRED_DOSE_FIELDS, type DoseField } from '../types.js';
import { silentLogger } from '../log.js';
import { createProgress } from '../report/progress.js';
import { datasetDoseFiles, median, runChild, runMain, table } from './common.js';

const SELF = fileURLToPath(import.meta.url);

/** The first `rows` dose rows of a generated dataset, written as doses.csv and as doses.xlsx (one sheet). */
async function prepare(dir: string, rows: number): Promise<{ csv: string; xlsx: string }> {
  const csv = join(dir, 'doses.csv');
  const xlsx = join(dir, 'doses.xlsx');
  if (existsSync(xlsx)) return { csv, xlsx };
  const gen = join(dir, 'generated');
  // ~2.25 doses a person by default; ask for 10 % more doses than needed so that the cut is always full.
  await generateDataset({ persons: Math.ceil(rows / 2), doses: Math.ceil(rows * 1.1), seed: 1, files: 1, outDir: gen });
  // The header and the first `rows` rows of the one dose file.
  const records: string[][] = [];
  const parser = createReadStream(datasetDoseFiles(gen)[0]!).pipe(parse({ bom: true, relax_column_count: true }));
  for await (const rec of parser as AsyncIterable<string[]>) {
    records.push(rec);
    if (records.length > rows) break;
  }
  if (records.length <= rows) throw new Error(`the generated data has ${records.length - 1} dose rows, fewer than ${rows}`);
  writeFileSync(csv, stringify(records));
  // Streaming writer with shared strings, as Excel itself stores text.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('Mũi tiêm');
  for (const r of records) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  rmSync(gen, { recursive: true, force: true });
  return { csv, xlsx };
}

/** Child process: read one file and print {rows, ms} (the parent measures the peak RSS). */
async function child(mode: string, file: string): Promise<void> {
  const t0 = performance.now();
  let rows = 0;
  if (mode === 'read') {
    for await (const batch of readTableBatches<DoseField>(file, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS)) rows += batch.length;
  } else {
    rows = (await ingestDoses([file], normalizeContext(defaultConfig), createProgress({ quiet: true }), silentLogger())).inputRows;
  }
  process.stdout.write(`${JSON.stringify({ rows, ms: performance.now() - t0 })}\n`);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      rows: { type: 'string', default: '200000' },
      runs: { type: 'string', default: '3' },
      dir: { type: 'string', default: '.cache/bench-xlsx' },
      keep: { type: 'boolean', default: false },
      child: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (values.child !== undefined) {
    await child(values.child, positionals[0]!);
    return 0;
  }
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const dir = resolve(values.dir!);
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const files = await prepare(dir, rows);
  process.stdout.write(
    `data: ${rows} dose rows as ${files.csv} and ${files.xlsx} (${((performance.now() - t0) / 1000).toFixed(1)} s to prepare)\n`,
  );
  const out: (string | number)[][] = [];
  for (const mode of ['read', 'ingest']) {
    for (const [format, file] of [
      ['csv', files.csv],
      ['xlsx', files.xlsx],
    ] as const) {
      const rates: number[] = [];
      const secs: number[] = [];
      const peaks: number[] = [];
      for (let i = 0; i < runs; i++) {
        const r = await runChild(process.execPath, [SELF, '--child', mode, file]);
        if (r.code !== 0) throw new Error(`${mode} ${format} failed: ${r.stderr}`);
        const res = JSON.parse(r.stdout) as { rows: number; ms: number };
        if (res.rows !== rows) throw new Error(`${mode} ${format} read ${res.rows} rows, expected ${rows}`);
        rates.push((res.rows * 1000) / res.ms);
        secs.push(res.ms / 1000);
        peaks.push(r.peakRssMb ?? NaN);
      }
      out.push([mode, format, median(secs).toFixed(2), Math.round(median(rates)), Math.round(median(peaks))]);
    }
  }
  process.stdout.write(
    `\nmedians of ${runs} runs (read: rows only, readTableBatches; ingest: reconcile's ingest stage, normalisation included)\n`,
  );
  process.stdout.write(`${table(['stage', 'format', 'seconds', 'rows/s', 'peak RSS MB'], out)}\n`);
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  return 0;
}

runMain('bench:xlsx', main);
