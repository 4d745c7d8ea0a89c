// `vaxrec validate` as a CI job runs it: severities, exit codes, --strict, --max-warnings, the summary table, --json.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/tmp.js';
import { CODES, type CodeInfo } from '../../src/codes.js';

interface Item {
  severity: string;
  code: string;
  file: string;
  line: number;
  column: string;
  field: string;
  message: string;
}
interface Counts {
  errors: number;
  warnings: number;
  info: number;
}
interface Output {
  ok: boolean;
  exitCode: number;
  verdict: string;
  summary: Counts & { files: number; rows: number; codes: { severity: string; code: string; count: number }[] };
  files: (Counts & { file: string; kind: string | null; rows: number; problems: Item[]; notes: string[] })[];
}

const TODAY = ['--today', '2026-01-01'];
const json = (args: string[]) => {
  const r = runCli(['validate', ...args, ...TODAY, '--json']);
  return { code: r.code, out: JSON.parse(r.stdout) as Output };
};
const items = (o: Output) => o.files.flatMap((f) => f.problems);

describe('validate on a realistic export (generated, Vietnamese headers)', () => {
  const tmp = scratch();
  // Every kind of damage the generator models except the two that make a row unusable: warnings, and no error.
  const clean = join(tmp.dir, 'clean');
  const gen = ['generate', '--persons', '1500', '--files', '2', '--seed', '5', '--vi-headers', '--quiet'];
  expect(runCli([...gen, '--out', clean, '--no-unusable-name', '--no-unusable-dose-date']).code).toBe(0);
  const cleanFiles = [join(clean, 'doses_01.csv'), join(clean, 'doses_02.csv')];
  // The same people with the default rates: a few rows without a name or a readable dose date.
  const damaged = join(tmp.dir, 'damaged');
  expect(runCli([...gen, '--out', damaged]).code).toBe(0);
  const damagedFiles = [join(damaged, 'doses_01.csv'), join(damaged, 'doses_02.csv')];

  const base = json(cleanFiles);
  const warnings = base.out.summary.warnings;

  it('exits 0 with only warnings, listing the missing IDs and year-only birth dates as warnings', () => {
    expect(base.code).toBe(0);
    expect(base.out.ok).toBe(true);
    expect(base.out.summary.errors).toBe(0);
    expect(warnings).toBeGreaterThan(100);
    const codes = new Map(base.out.summary.codes.map((c) => [c.code, c.severity]));
    expect(codes.get('ID_MISSING')).toBe('warning');
    expect(codes.get('BIRTH_DATE_YEAR_ONLY')).toBe('warning');
    expect(base.out.verdict).toMatch(/^passed with [\d,]+ warnings/);
  });

  it('--strict fails on those warnings', () => {
    const r = runCli(['validate', ...cleanFiles, ...TODAY, '--strict']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/validate failed: [\d,]+ warnings, and --strict allows none\n$/);
  });

  it('--max-warnings N fails only above N', () => {
    expect(runCli(['validate', ...cleanFiles, ...TODAY, '--max-warnings', String(warnings)]).code).toBe(0);
    const over = runCli(['validate', ...cleanFiles, ...TODAY, '--max-warnings', String(warnings - 1)]);
    expect(over.code).toBe(1);
    expect(over.stdout).toContain(`more than --max-warnings ${warnings - 1}`);
  });

  it('an unusable row is an error and fails, whatever the warning limit; the errors are exactly the unusable rows', () => {
    const r = json(damagedFiles);
    expect(r.code).toBe(1);
    expect(runCli(['validate', ...damagedFiles, ...TODAY, '--max-warnings', '1000000']).code).toBe(1);
    const truth = parse(readFileSync(join(damaged, 'truth.csv')), { columns: true }) as Record<string, string>[];
    const unusable = truth.filter((t) => /unusable_(name|dose_date)/.test(t.damage ?? '')).map((t) => `${t.file}:${t.line}`);
    expect(unusable.length).toBeGreaterThan(0);
    const errors = items(r.out).filter((p) => p.severity === 'error');
    expect(errors.map((p) => `${p.file.split('/').pop()}:${p.line}`).sort()).toEqual(unusable.sort());
    expect(new Set(errors.map((p) => p.code))).toEqual(new Set(['NAME_MISSING', 'DOSE_DATE_INVALID']));
  });

  it('ends the text output with a table that counts each code and severity of the lines above it', () => {
    const r = runCli(['validate', ...damagedFiles, ...TODAY]);
    const [body, table] = r.stdout.split('\nSummary\n');
    const listed = new Map<string, number>();
    for (const m of body!.matchAll(/^\S+:\d+: (error|warning|info)(?: column "[^"]*":)? ([A-Z0-9_]+) /gm)) {
      listed.set(`${m[1]} ${m[2]}`, (listed.get(`${m[1]} ${m[2]}`) ?? 0) + 1);
    }
    const rows = [...table!.matchAll(/^ {2}(error|warning|info) +([A-Z0-9_]+) +([\d,]+)$/gm)].map(
      (m) => [`${m[1]} ${m[2]}`, Number(m[3]!.replace(/,/g, ''))] as const,
    );
    expect(listed.size).toBeGreaterThan(5);
    expect(new Map(rows)).toEqual(listed);
    // Errors first, then warnings, then info; the totals line agrees with --json.
    const order = rows.map(([k]) => ['error', 'warning', 'info'].indexOf(k.split(' ')[0]!));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const s = json(damagedFiles).out.summary;
    expect(new Map(s.codes.map((c) => [`${c.severity} ${c.code}`, c.count]))).toEqual(listed);
    const n = (x: number) => x.toLocaleString('en-US');
    expect(table).toContain(`2 files, ${n(s.rows)} rows: ${n(s.errors)} errors, ${n(s.warnings)} warnings, ${n(s.info)} info`);
  });
});

describe('validate --json and the text lines', () => {
  const tmp = scratch();
  const vi = tmp.write(
    'vi.csv',
    'Họ và tên,Ngày sinh,Giới tính,Số CCCD/CMND,Mã cơ sở tiêm,Tên vắc xin,Mũi tiêm,Ngày tiêm\n' +
      'Nguyễn Văn An,1990,Nam,001090012345,CS01,Pfizer,1,01/08/2021\n' +
      ',15/03/1990,Nữ,,CS01,Pfizer,1,02/08/2021\n' +
      'Trần Thị Bình,15/03/1990,Nữ,,CS01,Pfizer,1,02/08/2021\n',
  );
  // 11/25/2004 and 8/24/2021 can only be month-first: both columns are read month-first (a per-file decision).
  const us = tmp.write(
    'us.csv',
    'full_name,birth_date,gender,citizen_id,facility_code,vaccine,dose_date\n' +
      'Đào Thanh Đức,11/25/2004,Nam,001204387897,CS01,Pfizer,8/3/2021\n' +
      'Đào Thanh Đức,11/25/2004,Nam,001204387897,CS01,Pfizer,8/24/2021\n',
  );

  it('gives severity, code, file, line and column (the header as written) for every problem', () => {
    const r = json([vi]);
    expect(r.code).toBe(1);
    expect(items(r.out).map(({ severity, code, file, line, column }) => ({ severity, code, file, line, column }))).toEqual([
      { severity: 'warning', code: 'BIRTH_DATE_YEAR_ONLY', file: vi, line: 2, column: 'Ngày sinh' },
      { severity: 'error', code: 'NAME_MISSING', file: vi, line: 3, column: 'Họ và tên' },
      { severity: 'warning', code: 'ID_MISSING', file: vi, line: 4, column: 'Số CCCD/CMND' },
    ]);
    expect(r.out.summary).toMatchObject({ files: 1, rows: 3, errors: 1, warnings: 2, info: 0 });
    expect(r.out.files[0]).toMatchObject({ errors: 1, warnings: 2, info: 0 });
  });

  it('prints file:line: severity column "header": CODE meaning, with no values', () => {
    const r = runCli(['validate', vi, ...TODAY]);
    expect(r.stdout).toContain(`${vi}:2: warning column "Ngày sinh": BIRTH_DATE_YEAR_ONLY ${CODES.BIRTH_DATE_YEAR_ONLY.en}\n`);
    expect(r.stdout).toContain(`${vi}:3: error column "Họ và tên": NAME_MISSING ${CODES.NAME_MISSING.en}\n`);
    expect(r.stdout).toContain(`${vi}: doses, 3 rows, 1 error, 2 warnings, 0 info\n`);
    expect(r.stdout).not.toMatch(/Trần|Bình|1990/);
  });

  it('lists the per-file decisions as info items at the header line, and info never fails the run', () => {
    const r = json([us, '--strict']);
    expect(r.code).toBe(0);
    const decisions = items(r.out).filter((p) => p.code === 'DATE_COLUMN_MONTH_FIRST');
    expect(decisions.map(({ severity, line, column }) => ({ severity, line, column }))).toEqual([
      { severity: 'info', line: 1, column: 'dose_date' },
      { severity: 'info', line: 1, column: 'birth_date' },
    ]);
    expect(r.out.files[0]!.notes).toEqual(decisions.map((p) => p.message));
    expect(r.out.summary.warnings).toBe(0);
    expect(r.out.summary.info).toBe(items(r.out).length);
    expect(r.out.summary.codes.map((c) => c.code)).toContain('DATE_MONTH_FIRST');
  });

  it('lists a file that cannot be used as an error, checks the others, and exits 2', () => {
    const noName = tmp.write('no-name.csv', 'birth_date,vaccine,dose_date,facility_code\n15/03/1990,Pfizer,01/08/2021,F1\n');
    const r = json([noName, vi]);
    expect(r.code).toBe(2);
    expect(r.out.files[0]!.problems).toMatchObject([
      { severity: 'error', code: 'COLUMN_MISSING', file: noName, line: 1, column: 'full_name' },
    ]);
    expect(r.out.files[1]).toMatchObject({ file: vi, rows: 3, errors: 1 });
  });

  it('refuses a --max-warnings that is not a number, and --strict with --max-warnings', () => {
    const bad = runCli(['validate', vi, '--max-warnings', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-warnings must be a whole number/);
    expect(runCli(['validate', vi, '--strict', '--max-warnings', '3']).code).toBe(2);
  });

  it('reports each code with the severity src/codes.ts gives it', () => {
    for (const p of [...items(json([vi]).out), ...items(json([us]).out)]) {
      expect(p.severity, p.code).toBe((CODES as Record<string, CodeInfo>)[p.code]!.severity);
    }
  });
});
