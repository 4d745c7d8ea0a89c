// Excel workbooks as input, through the CLI: the same results as the CSVs, typed cells read as Excel shows them,
// --sheet, files that are not usable workbooks, and every command that reads dose or registry files.

import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, createReadStream, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/tmp.js';
import { csvRows, csvToWorkbook, writeSheets } from '../helpers/xlsx.js';

const DEMO = fileURLToPath(new URL('../../fixtures/demo/', import.meta.url));
const REGISTRY = join(DEMO, 'registry.csv');
const TODAY = ['--today', '2022-08-27'];
const DOSE_FILES = ['doses_01', 'doses_02', 'doses_03'];
/** Sheet names with Vietnamese letters and a space: what facilities call them. */
const sheetOf = (name: string) => (name === 'registry' ? 'Dân cư' : `Đợt ${name.slice(-1)}`);

const csvOf = (path: string) => parse(readFileSync(path), { columns: true }) as Record<string, string>[];
const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |internal error/);

function sha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}

describe('the demo fixtures as workbooks', () => {
  const tmp = scratch();
  const csvDir = join(tmp.dir, 'csv');
  const xlsxDir = join(tmp.dir, 'xlsx');
  let csvRun: ReturnType<typeof runCli>;
  let xlsxRun: ReturnType<typeof runCli>;

  beforeAll(async () => {
    mkdirSync(csvDir);
    mkdirSync(xlsxDir);
    for (const f of ['registry', ...DOSE_FILES]) {
      copyFileSync(join(DEMO, `${f}.csv`), join(csvDir, `${f}.csv`));
      await csvToWorkbook(join(DEMO, `${f}.csv`), join(xlsxDir, `${f}.xlsx`), sheetOf(f));
    }
    // Relative names, so that the outputs differ only where a source file is named.
    const run = (dir: string, ext: string) =>
      runCli(
        [
          'reconcile',
          '--registry',
          `registry.${ext}`,
          '--doses',
          ...DOSE_FILES.map((f) => `${f}.${ext}`),
          '--out',
          'out',
          ...TODAY,
          '--quiet',
          '--threads',
          '1',
        ],
        { cwd: dir },
      );
    csvRun = run(csvDir, 'csv');
    xlsxRun = run(xlsxDir, 'xlsx');
  }, 120_000);

  it('reconcile to byte-identical outputs, apart from the source file names (doses_01.xlsx[Đợt 1] for doses_01.csv)', () => {
    expect(csvRun.code, csvRun.stderr).toBe(0);
    expect(xlsxRun.code, xlsxRun.stderr).toBe(0);
    const files = readdirSync(join(csvDir, 'out')).sort();
    expect(readdirSync(join(xlsxDir, 'out')).sort()).toEqual(files);
    const asCsv = (text: string) =>
      DOSE_FILES.reduce((t, f) => t.replaceAll(`${f}.xlsx[${sheetOf(f)}]`, `${f}.csv`), text).replaceAll('registry.xlsx', 'registry.csv');
    for (const f of files.filter((x) => x !== 'summary.json')) {
      const want = readFileSync(join(csvDir, 'out', f), 'utf8');
      expect(asCsv(readFileSync(join(xlsxDir, 'out', f), 'utf8')), f).toBe(want);
    }
    expect(readFileSync(join(xlsxDir, 'out', 'rejects.csv'), 'utf8')).toMatch(/^doses_03\.xlsx\[Đợt 3\],\d+,/m);
  });

  it('summary.json differs only in what the input files are', () => {
    const c = JSON.parse(readFileSync(join(csvDir, 'out', 'summary.json'), 'utf8')) as Record<string, unknown> & {
      inputs: { doses: Record<string, unknown>[] };
    };
    const x = JSON.parse(readFileSync(join(xlsxDir, 'out', 'summary.json'), 'utf8')) as typeof c;
    expect(x.inputs.doses.map((d) => [d.file, d.rows, d.encoding, d.delimiter, d.sheet])).toEqual(
      c.inputs.doses.map((d, i) => [`${DOSE_FILES[i]}.xlsx`, d.rows, 'xlsx', '', sheetOf(DOSE_FILES[i]!)]),
    );
    const { inputs: _c, ...restC } = c;
    const { inputs: _x, ...restX } = x;
    expect(restX).toEqual(restC);
  });

  it('registry import reads a workbook: the same citizens and rejects as from the CSV', () => {
    const a = runCli(['registry', 'import', 'registry.csv', '--db', 'r.sqlite', '--json', '--quiet'], { cwd: csvDir });
    const b = runCli(['registry', 'import', 'registry.xlsx', '--db', 'r.sqlite', '--json', '--quiet'], { cwd: xlsxDir });
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const pick = (s: string) => {
      const r = JSON.parse(s) as {
        loaded: number;
        rejected: number;
        repeated: number;
        rejectsByReason: unknown;
        files: { rows: number }[];
      };
      return [r.loaded, r.rejected, r.repeated, r.rejectsByReason, r.files.map((f) => f.rows)];
    };
    expect(pick(b.stdout)).toEqual(pick(a.stdout));
    // The imported database links exactly as the workbook imported on the fly did.
    const out = runCli(
      ['reconcile', '--registry', 'r.sqlite', '--doses', 'doses_01.xlsx', '--out', 'out-db', ...TODAY, '--quiet', '--threads', '1'],
      { cwd: xlsxDir },
    );
    expect(out.code, out.stderr).toBe(0);
    const viaDb = csvOf(join(xlsxDir, 'out-db', 'clean_doses.csv'));
    expect(viaDb.length).toBeGreaterThan(100);
    expect(viaDb.filter((r) => r.link_status === 'verified').length).toBeGreaterThan(50);
  });

  it('validate reads a workbook and names file, sheet and Excel row', () => {
    const c = runCli(['validate', 'doses_01.csv', ...TODAY, '--json'], { cwd: csvDir });
    const x = runCli(['validate', 'doses_01.xlsx', ...TODAY, '--json'], { cwd: xlsxDir });
    type Out = {
      exitCode: number;
      summary: unknown;
      files: { kind: string; rows: number; problems: { file: string; line: number; code: string; column: string }[] }[];
    };
    const co = JSON.parse(c.stdout) as Out;
    const xo = JSON.parse(x.stdout) as Out;
    expect(x.code).toBe(c.code);
    expect(xo.summary).toEqual(co.summary);
    expect(xo.files[0]!.kind).toBe('doses');
    expect(xo.files[0]!.problems.map((p) => [p.line, p.code, p.column])).toEqual(
      co.files[0]!.problems.map((p) => [p.line, p.code, p.column]),
    );
    expect(new Set(xo.files[0]!.problems.map((p) => p.file))).toEqual(new Set(['doses_01.xlsx[Đợt 1]']));
    const text = runCli(['validate', 'doses_01.xlsx', ...TODAY], { cwd: xlsxDir });
    expect(text.stdout).toMatch(/^doses_01\.xlsx\[Đợt 1\]:\d+: (error|warning|info) /m);
  });

  it('the work store records a workbook by its SHA-256 and skips it when it comes again', async () => {
    const night = (out: string) =>
      runCli(
        [
          'reconcile',
          '--store',
          'work.sqlite',
          '--registry',
          'registry.xlsx',
          '--doses',
          'doses_02.xlsx',
          '--out',
          out,
          ...TODAY,
          '--threads',
          '1',
        ],
        { cwd: xlsxDir },
      );
    const first = night('night1');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Added 216 dose rows/);
    const second = night('night2');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/1 file\(s\) skipped \(already ingested\)/);
    const status = runCli(['store', 'status', '--store', 'work.sqlite', '--json'], { cwd: xlsxDir });
    const files = (JSON.parse(status.stdout) as { files: { name: string; rows: number; sha256: string }[] }).files;
    expect(files).toEqual([
      { name: 'doses_02.xlsx', rows: 216, sha256: await sha256(join(xlsxDir, 'doses_02.xlsx')), ingested: expect.any(String) },
    ]);
  });
});

describe('typed cells read as Excel shows them', () => {
  const tmp = scratch();
  const header = [
    'Mã bản ghi',
    'Họ và tên',
    'Ngày sinh',
    'Giới tính',
    'Số CCCD/CMND',
    'Mã cơ sở tiêm',
    'Vắc xin',
    'Số lô',
    'Mũi tiêm',
    'Ngày tiêm',
  ];
  // People of fixtures/demo/registry.csv: Nguyễn Văn Trường 079096270464 22/02/1996, Nguyễn Ngọc Trang 079302159272 21/11/2002,
  // Phạm Mai Dung 027150268776 24/03/1950.
  const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
  const rows: unknown[][] = [
    header,
    // An ID that Excel made a number: 11 digits, its leading zero lost; dates typed as date cells.
    ['R1', 'Nguyễn Văn Trường', utc(1996, 2, 22), 'Nam', 79096270464, 'CS01', 'Pfizer', 'FE1', 1, utc(2021, 8, 3)],
    // Rich text for the name; a dose number and a dose date computed by formulas (their cached results).
    [
      'R2',
      { richText: [{ text: 'Nguyễn ' }, { font: { bold: true }, text: 'Ngọc' }, { text: ' Trang' }] },
      utc(2002, 11, 21),
      'Nữ',
      '079302159272',
      'CS01',
      { formula: 'LOWER("MODERNA")', result: 'moderna' },
      'MD1',
      { formula: '1+1', result: 2 },
      { formula: 'DATE(2021,9,14)', result: 44453 },
    ],
    [],
    // A 12-digit number (Excel shows 2.7150E+10-style text only as a format: the digits are all there) and an ID
    // column formatted 000000000000, which shows the leading zero the number lost.
    ['R3', 'Phạm Mai Dung', '24/03/1950', 'Nữ', 27150268776, 'CS01', 'AstraZeneca', 'AZ1', 1, '05/08/2021'],
    ['R4', 'Phạm Mai Dung', '24/03/1950', 'Nữ', 123456789012, 'CS01', 'AstraZeneca', 'AZ2', 2, '01/10/2021'],
    // No vaccine: a reject, named by file, sheet and Excel row (7: row 4 is empty and is not a row).
    ['R5', 'Phạm Mai Dung', '24/03/1950', 'Nữ', '027150268776', 'CS01', '', '', 3, '01/12/2021'],
  ];
  const book = join(tmp.dir, 'typed.xlsx');
  const out = join(tmp.dir, 'out');
  let r: ReturnType<typeof runCli>;

  beforeAll(async () => {
    await writeSheets(book, [{ name: 'Mũi tiêm', rows, numFmt: { J3: 'dd/mm/yyyy', E5: '000000000000' } }]);
    r = runCli(['reconcile', '--registry', REGISTRY, '--doses', book, '--out', out, ...TODAY, '--quiet', '--threads', '1']);
  }, 60_000);

  it('reads numeric IDs, date cells, rich text and formula results as the values a person sees', () => {
    expect(r.code, r.stderr).toBe(0);
    const clean = csvOf(join(out, 'clean_doses.csv'));
    const by = Object.fromEntries(clean.map((c) => [c.record_id, c]));
    expect(by.R1).toMatchObject({
      citizen_id: '079096270464',
      id_as_entered: '079096270464',
      link_status: 'verified',
      birth_date: '1996-02-22',
      dose_date: '2021-08-03',
    });
    expect(by.R2).toMatchObject({
      citizen_id: '079302159272',
      link_status: 'verified',
      full_name: 'Nguyễn Ngọc Trang',
      vaccine: 'Moderna (Spikevax)',
      dose_number: '2',
      dose_date: '2021-09-14',
    });
    expect(by.R3).toMatchObject({ citizen_id: '027150268776', id_as_entered: '027150268776', link_status: 'verified' });
    // R4's number is not a valid ID (province 123): reported with every digit, not as 1.23457E+11.
    expect(by.R4).toMatchObject({ citizen_id: '027150268776', link_status: 'corrected' });
    const issues = csvOf(join(out, 'mismatches.csv'));
    const codes = (id: string) => issues.filter((m) => m.record_id === id).map((m) => m.issue);
    // The 11-digit number is repaired as a CSV's would be; the zero-padded cell showed 12 digits, so nothing to repair.
    expect(codes('R1')).toContain('ID_LEADING_ZERO_RESTORED');
    expect(codes('R3')).not.toContain('ID_LEADING_ZERO_RESTORED');
    expect(codes('R4')).not.toContain('ID_SCIENTIFIC_NOTATION');
    expect(issues.find((m) => m.record_id === 'R4' && m.issue === 'ID_BAD_PROVINCE')?.record_value).toBe('123456789012');
    // ISO text from a date cell is no evidence of day/month order, and no Excel serial is left to convert.
    expect(issues.map((m) => m.issue)).not.toContain('BIRTH_DATE_EXCEL_SERIAL');
    expect(issues.map((m) => m.issue)).not.toContain('DATE_MONTH_FIRST');
  });

  it('a reject names file, sheet and Excel row', () => {
    const rejects = csvOf(join(out, 'rejects.csv'));
    expect(rejects.map((x) => [x.source_file, x.line, x.record_id, x.reason])).toEqual([
      [`${book}[Mũi tiêm]`, '7', 'R5', 'VACCINE_MISSING'],
    ]);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { counts: { input_rows: number } };
    expect(JSON.stringify(s)).toContain('"input_rows":5');
  });
});

describe('--sheet', () => {
  const tmp = scratch();
  const book = join(tmp.dir, 'book.xlsx');
  beforeAll(async () => {
    const doses = csvRows(join(DEMO, 'doses_03.csv')).slice(0, 11);
    await writeSheets(book, [
      { name: 'Danh mục', rows: [['vaccine'], ['Pfizer']], state: 'hidden' },
      { name: 'Ghi chú', rows: [['Hướng dẫn'], ['Nhập mỗi mũi tiêm một dòng']] },
      { name: 'Mũi tiêm', rows: doses },
    ]);
  }, 60_000);

  it('without it, the first visible sheet is read (a hidden one is skipped): here it has no dose columns', () => {
    const r = runCli(['reconcile', '--registry', REGISTRY, '--doses', book, '--out', join(tmp.dir, 'o1'), ...TODAY, '--quiet']);
    // The whole message on failure: once, under heavy parallel load, this run said something else (a race to find).
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr, r.stderr).toContain(`${book}[Ghi chú]`);
    expect(r.stderr).toMatch(/COLUMN_MISSING|required column/);
    noStack(r.stderr);
  });

  it('the work store reads another sheet of a workbook it has seen, and skips a sheet it has read', async () => {
    const doses = csvRows(join(DEMO, 'doses_03.csv'));
    const two = join(tmp.dir, 'two.xlsx');
    await writeSheets(two, [
      { name: 'Đợt 1', rows: doses.slice(0, 11) },
      { name: 'Đợt 2', rows: [doses[0], ...doses.slice(11, 21)] },
    ]);
    const store = join(tmp.dir, 'w.sqlite');
    const night = (sheet: string, out: string) =>
      runCli([
        'reconcile',
        '--store',
        store,
        '--registry',
        REGISTRY,
        '--doses',
        two,
        '--sheet',
        sheet,
        '--out',
        join(tmp.dir, out),
        ...TODAY,
      ]);
    const a = night('Đợt 1', 's1');
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/Added 10 dose rows/);
    const b = night('Đợt 2', 's2');
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/Added 10 dose rows/);
    const again = night('Đợt 2', 's3');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/1 file\(s\) skipped \(already ingested\)/);
  }, 120_000);

  it('picks the sheet named', () => {
    const out = join(tmp.dir, 'o2');
    const r = runCli(['reconcile', '--registry', REGISTRY, '--doses', book, '--sheet', 'Mũi tiêm', '--out', out, ...TODAY, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const clean = csvOf(join(out, 'clean_doses.csv'));
    expect(clean.length).toBeGreaterThan(0);
    expect(new Set(clean.map((c) => c.source_file))).toEqual(new Set([`${book}[Mũi tiêm]`]));
  });

  it('a sheet that is not there is a usage error naming the sheets there are (reconcile, validate, registry import)', () => {
    for (const args of [
      ['reconcile', '--registry', REGISTRY, '--doses', book, '--out', join(tmp.dir, 'o3'), '--quiet'],
      ['validate', book],
      ['registry', 'import', book, '--db', join(tmp.dir, 'r.sqlite'), '--quiet'],
    ]) {
      const r = runCli([...args, '--sheet', 'Sheet1']);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr, r.stderr).toContain('--sheet "Sheet1"');
      expect(r.stderr).toContain('"Danh mục", "Ghi chú", "Mũi tiêm"');
      noStack(r.stderr);
    }
  });
});

describe('files that are not usable workbooks', () => {
  const tmp = scratch();
  let good: Buffer;
  beforeAll(async () => {
    good = readFileSync(await csvToWorkbook(join(DEMO, 'doses_01.csv'), join(tmp.dir, 'good.xlsx'), 'Sheet1'));
    await writeSheets(join(tmp.dir, 'empty-sheet.xlsx'), [{ name: 'Trống', rows: [] }]);
    await writeSheets(join(tmp.dir, 'header-only.xlsx'), [{ name: 'Sheet1', rows: [csvRows(join(DEMO, 'doses_01.csv'))[0]!] }]);
  }, 60_000);

  const reconcile = (file: string) =>
    runCli(['reconcile', '--registry', REGISTRY, '--doses', file, '--out', join(tmp.dir, 'out'), ...TODAY, '--quiet']);

  it.each([
    ['a truncated workbook', 'truncated.xlsx', () => good.subarray(0, Math.floor(good.length / 2)), /damaged/],
    ['a CSV named .xlsx', 'not-a-zip.xlsx', () => readFileSync(join(DEMO, 'doses_01.csv')), /not an Excel workbook/],
    [
      'a password-protected workbook (an OLE container)',
      'locked.xlsx',
      () => Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(4096, 7)]),
      /password-protected/,
    ],
    ['an empty file', 'empty.xlsx', () => Buffer.alloc(0), /empty/],
  ])('%s is an input error (exit 2) naming the file, never a stack trace', (_what, name, bytes, message) => {
    const file = join(tmp.dir, name);
    writeFileSync(file, bytes());
    const r = reconcile(file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(message);
    noStack(r.stderr);
    const v = runCli(['validate', file, '--json']);
    expect(v.code).toBe(2);
    const problems = (JSON.parse(v.stdout) as { files: { problems: { code: string; file: string }[] }[] }).files[0]!.problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toBe(file);
  });

  it('an empty sheet is handled like an empty CSV: FILE_EMPTY', () => {
    const file = join(tmp.dir, 'empty-sheet.xlsx');
    const r = reconcile(file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}[Trống]`);
    const v = JSON.parse(runCli(['validate', file, '--json']).stdout) as { files: { problems: { code: string }[] }[] };
    expect(v.files[0]!.problems.map((p) => p.code)).toEqual(['FILE_EMPTY']);
  });

  it('a header-only sheet is valid and has no rows', () => {
    const r = reconcile(join(tmp.dir, 'header-only.xlsx'));
    expect(r.code, r.stderr).toBe(0);
    expect(csvOf(join(tmp.dir, 'out', 'clean_doses.csv'))).toEqual([]);
  });
});
