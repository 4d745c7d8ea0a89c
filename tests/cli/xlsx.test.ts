// --xlsx through the CLI: mismatches.xlsx holds what mismatches.csv holds, readable by an analyst, and byte-stable.

import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/tmp.js';
import { cellText } from '../../src/xlsx/cell-text.js';
import { neutralizeCell } from '../../src/report/csv-writer.js';
import { MISMATCH_COLUMNS } from '../../src/report/outputs.js';
import { headersFor } from '../../src/report/lang.js';

const DEMO = fileURLToPath(new URL('../../fixtures/demo/', import.meta.url));
const REGISTRY = join(DEMO, 'registry.csv');
const DOSES = ['doses_01.csv', 'doses_02.csv', 'doses_03.csv'].map((f) => join(DEMO, f));
const TODAY = ['--today', '2022-08-27'];

function ok(r: ReturnType<typeof runCli>): void {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

function csvRows(path: string): string[][] {
  return parse(readFileSync(path), { bom: true, relax_column_count: false }) as string[][];
}

async function readBook(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/**
 * A sheet's rows as the CSV writes them: what the cell shows (the score with its six decimals), with the CSV's
 * formula-injection quote (a workbook's text cell needs none).
 */
function shownRows(ws: ExcelJS.Worksheet): string[][] {
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => {
    out.push(
      MISMATCH_COLUMNS.map((_, k) => {
        const cell = row.getCell(k + 1);
        const shown = typeof cell.value === 'number' && cell.numFmt === '0.000000' ? cell.value.toFixed(6) : cellText(cell.value);
        return neutralizeCell(shown);
      }),
    );
  });
  return out;
}

/** The sheets of one kind in order, continuation sheets included ("mismatches", "mismatches (2)", ...). */
function sheetsNamed(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet[] {
  return wb.worksheets.filter((w) => w.name === name || w.name.startsWith(`${name} (`));
}

/** The record_ids whose link status is review, from clean_doses.csv. */
function reviewRecords(out: string): Set<string> {
  const rows = parse(readFileSync(join(out, 'clean_doses.csv')), { columns: true, bom: true }) as Record<string, string>[];
  return new Set(rows.filter((r) => r.link_status === 'review').map((r) => r.record_id!));
}

describe('reconcile --xlsx on the demo fixtures', () => {
  const tmp = scratch();
  const out = join(tmp.dir, 'out');
  const again = join(tmp.dir, 'again');
  const r = runCli(['reconcile', '--registry', REGISTRY, '--doses', ...DOSES, '--out', out, ...TODAY, '--xlsx', '--quiet']);

  it('writes mismatches.xlsx whose rows are the rows of mismatches.csv, cell for cell, in order', async () => {
    ok(r);
    const csv = csvRows(join(out, 'mismatches.csv'));
    expect(csv.length).toBeGreaterThan(100);
    const wb = await readBook(join(out, 'mismatches.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['mismatches', 'review']);
    const [all] = sheetsNamed(wb, 'mismatches');
    expect(shownRows(all!)).toEqual(csv);
  });

  it('gives the review queue its own sheet: every row of the records whose link status is review', async () => {
    const csv = csvRows(join(out, 'mismatches.csv'));
    const review = reviewRecords(out);
    expect(review.size).toBeGreaterThan(0);
    const wanted = [csv[0]!, ...csv.slice(1).filter((row) => review.has(row[0]!))];
    expect(wanted.some((row) => row[2] === 'LINK_AMBIGUOUS')).toBe(true);
    const wb = await readBook(join(out, 'mismatches.xlsx'));
    expect(shownRows(wb.getWorksheet('review')!)).toEqual(wanted);
  });

  it('stores IDs as text with their leading zeros, and score and line as numbers', async () => {
    const wb = await readBook(join(out, 'mismatches.xlsx'));
    const ws = wb.getWorksheet('mismatches')!;
    const col = (name: string) => MISMATCH_COLUMNS.indexOf(name as (typeof MISMATCH_COLUMNS)[number]) + 1;
    let zeros = 0;
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const id = row.getCell(col('candidate_citizen_id'));
      expect(id.numFmt).toBe('@');
      if (id.value !== null) expect(typeof id.value).toBe('string');
      if (typeof id.value === 'string' && id.value.startsWith('0')) zeros++;
      expect(typeof row.getCell(col('line')).value).toBe('number');
    });
    expect(zeros).toBeGreaterThan(10);
    for (const name of ['record_id', 'facility_code', 'record_value', 'registry_value', 'fix']) {
      expect(ws.getColumn(col(name)).numFmt).toBe('@');
    }
  });

  it('freezes and filters the header row of every sheet, with widths for the content', async () => {
    const wb = await readBook(join(out, 'mismatches.xlsx'));
    for (const ws of wb.worksheets) {
      expect(ws.getRow(1).values).toEqual([undefined, ...MISMATCH_COLUMNS]);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBe(`A1:N${ws.rowCount}`);
      expect(ws.getColumn(MISMATCH_COLUMNS.indexOf('detail') + 1).width).toBe(60);
    }
  });

  it('is byte-identical on a second run over the same input', () => {
    ok(runCli(['reconcile', '--registry', REGISTRY, '--doses', ...DOSES, '--out', again, ...TODAY, '--xlsx', '--quiet']));
    expect(readFileSync(join(again, 'mismatches.xlsx')).equals(readFileSync(join(out, 'mismatches.xlsx')))).toBe(true);
    expect(readFileSync(join(again, 'mismatches.csv')).equals(readFileSync(join(out, 'mismatches.csv')))).toBe(true);
  });

  it('creates the workbook owner-only, like the CSVs (it holds personal data)', () => {
    expect(statSync(join(out, 'mismatches.xlsx')).mode & 0o777).toBe(0o600);
  });

  it('writes no workbook without --xlsx', () => {
    const plain = join(tmp.dir, 'plain');
    ok(runCli(['reconcile', '--registry', REGISTRY, '--doses', ...DOSES, '--out', plain, ...TODAY, '--quiet']));
    expect(existsSync(join(plain, 'mismatches.csv'))).toBe(true);
    expect(existsSync(join(plain, 'mismatches.xlsx'))).toBe(false);
  });
});

describe('reconcile --xlsx --lang vi', () => {
  const tmp = scratch();
  const out = join(tmp.dir, 'out');
  const r = runCli(['reconcile', '--registry', REGISTRY, '--doses', ...DOSES, '--out', out, ...TODAY, '--xlsx', '--lang', 'vi', '--quiet']);

  it('takes the Vietnamese headers of mismatches.csv and Vietnamese sheet names', async () => {
    ok(r);
    const csv = csvRows(join(out, 'mismatches.csv'));
    expect(csv[0]).toEqual(headersFor(MISMATCH_COLUMNS, 'vi'));
    const wb = await readBook(join(out, 'mismatches.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Sai lệch', 'Cần xác minh']);
    for (const ws of wb.worksheets) expect(ws.getRow(1).values).toEqual([undefined, ...csv[0]!]);
    expect(shownRows(wb.getWorksheet('Sai lệch')!)).toEqual(csv);
  });
});

describe('--xlsx with a work store', () => {
  const tmp = scratch();
  const store = join(tmp.dir, 'w.sqlite');
  const night = join(tmp.dir, 'night');
  const state = join(tmp.dir, 'state');
  const r = runCli([
    'reconcile',
    '--store',
    store,
    '--registry',
    REGISTRY,
    '--doses',
    ...DOSES,
    '--out',
    night,
    ...TODAY,
    '--xlsx',
    '--quiet',
  ]);

  it("reconcile --store writes the workbook of tonight's mismatches", async () => {
    ok(r);
    const wb = await readBook(join(night, 'mismatches.xlsx'));
    expect(shownRows(wb.getWorksheet('mismatches')!)).toEqual(csvRows(join(night, 'mismatches.csv')));
  });

  it('export --xlsx writes the workbook of the whole state, the same on a second export', async () => {
    ok(runCli(['export', '--store', store, '--out', state, '--xlsx', '--quiet']));
    const csv = csvRows(join(state, 'mismatches.csv'));
    const wb = await readBook(join(state, 'mismatches.xlsx'));
    expect(shownRows(wb.getWorksheet('mismatches')!)).toEqual(csv);
    const review = reviewRecords(state);
    expect(shownRows(wb.getWorksheet('review')!)).toEqual([csv[0]!, ...csv.slice(1).filter((row) => review.has(row[0]!))]);
    const second = join(tmp.dir, 'state2');
    ok(runCli(['export', '--store', store, '--out', second, '--xlsx', '--quiet']));
    expect(readFileSync(join(second, 'mismatches.xlsx')).equals(readFileSync(join(state, 'mismatches.xlsx')))).toBe(true);
  });
});
