// mismatches.xlsx from a hand-built run: the sheets, the continuation past the row limit, and a failure mid-workbook.

import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratch } from '../helpers/tmp.js';
import { makeOptions, makeRun } from './run-fixture.js';
import { MISMATCH_COLUMNS, mismatchRowsOf, writeOutputs } from '../../src/report/outputs.js';
import { writeMismatchWorkbook } from '../../src/report/mismatches-xlsx.js';
import { cellText } from '../../src/xlsx/cell-text.js';
import { headersFor } from '../../src/report/lang.js';

const tmp = scratch();

/** Five kept records with two problems each, two of them waiting for review, and one folded duplicate. */
const run = makeRun([
  { codes: ['ID_MISSING', 'PHONE_INVALID'] },
  { codes: ['ID_BAD_FORMAT'], status: 'review', linkCodes: ['LINK_AMBIGUOUS'], score: 0.7 },
  { codes: ['NAME_SINGLE_WORD', 'GENDER_MISSING'] },
  { codes: ['ID_MISSING'], dupOf: 0 },
  { codes: ['BIRTH_DATE_YEAR_ONLY'], status: 'review', linkCodes: ['LINK_AMBIGUOUS'], score: 0.6 },
  { codes: ['ID_MISSING'], status: 'unmatched', linkCodes: ['LINK_NOT_FOUND'] },
]);

function sheetRows(ws: ExcelJS.Worksheet): string[][] {
  const out: string[][] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    out.push(
      MISMATCH_COLUMNS.map((_, k) => {
        const v = row.getCell(k + 1).value;
        return typeof v === 'number' && MISMATCH_COLUMNS[k] === 'score' ? v.toFixed(6) : cellText(v);
      }),
    );
  });
  return out;
}

describe('mismatches.xlsx', () => {
  it('continues a sheet past the row limit, keeps the order, and gives the review queue its own sheet', async () => {
    const path = join(tmp.dir, 'limit.xlsx');
    const all = [...mismatchRowsOf(run, () => true, 'en')];
    expect(all).toHaveLength(10);
    await writeMismatchWorkbook(path, {
      columns: MISMATCH_COLUMNS,
      lang: 'en',
      rows: (reviewOnly) => mismatchRowsOf(run, () => true, 'en', reviewOnly),
      date: new Date(Date.UTC(2022, 7, 27)),
      mode: 0o600,
      maxRowsPerSheet: 4,
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['mismatches', 'mismatches (2)', 'mismatches (3)', 'review']);
    const [a, b, c, review] = wb.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet, ExcelJS.Worksheet, ExcelJS.Worksheet];
    for (const ws of [a, b, c, review]) {
      expect(ws.getRow(1).values).toEqual([undefined, ...MISMATCH_COLUMNS]);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBe(`A1:N${ws.rowCount}`);
    }
    expect([a, b, c].map((w) => w.rowCount - 1)).toEqual([4, 4, 2]);
    expect([...sheetRows(a), ...sheetRows(b), ...sheetRows(c)]).toEqual(all);
    // The review sheet: the rows of records R1 and R4 (link status review), each record's rows together.
    expect(sheetRows(review)).toEqual(all.filter((r) => r[0] === 'R1' || r[0] === 'R4'));
    expect(sheetRows(review).map((r) => [r[0], r[2]])).toEqual([
      ['R1', 'ID_BAD_FORMAT'],
      ['R1', 'LINK_AMBIGUOUS'],
      ['R4', 'BIRTH_DATE_YEAR_ONLY'],
      ['R4', 'LINK_AMBIGUOUS'],
    ]);
    expect(review.getCell('J2').value).toBe(0.7);
    expect(review.getCell('J2').numFmt).toBe('0.000000');
    expect(review.getCell('N2').value).toBe(3);
  });

  it('takes Vietnamese headers and sheet names with --lang vi', async () => {
    const path = join(tmp.dir, 'vi.xlsx');
    await writeMismatchWorkbook(path, {
      columns: MISMATCH_COLUMNS,
      lang: 'vi',
      rows: (reviewOnly) => mismatchRowsOf(run, () => true, 'vi', reviewOnly),
      date: new Date(0),
      mode: 0o600,
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Sai lệch', 'Cần xác minh']);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual([undefined, ...headersFor(MISMATCH_COLUMNS, 'vi')]);
    expect(cellText(wb.worksheets[0]!.getCell('D2').value)).toBe('Không có số CCCD/CMND');
  });

  it('a workbook that fails half-way leaves --out as it was: no half workbook, no half result', async () => {
    const out = join(tmp.dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'previous.txt'), 'the last complete result');
    // The store filter is asked once per record by the CSV pass and once by the workbook's: fail on the second.
    const asked = new Map<number, number>();
    const include = (i: number) => {
      asked.set(i, (asked.get(i) ?? 0) + 1);
      if (i === 2 && asked.get(i) === 2) throw new Error('disk full');
      return true;
    };
    const failing = writeOutputs(run, { ...makeOptions(out), xlsx: true }, { include, changes: [], summary: {} });
    await expect(failing).rejects.toThrow(/disk full/);
    expect(readdirSync(out)).toEqual(['previous.txt']);
    const staging = readdirSync(tmp.dir).filter((f) => f.startsWith('.out.tmp-'));
    expect(staging.flatMap((d) => readdirSync(join(tmp.dir, d)))).not.toContain('mismatches.xlsx');
    // The next run writes the whole result, workbook included.
    await writeOutputs(run, { ...makeOptions(out), xlsx: true });
    expect(existsSync(join(out, 'mismatches.xlsx'))).toBe(true);
    expect(existsSync(join(out, 'previous.txt'))).toBe(false);
  });
});
