// Real spreadsheets through the CLI: Vietnamese header names map to the fields, an extra column that looks like a
// known field is passed through with a warning (not silently), and a US-Excel file's dates are read month-first.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/tmp.js';

const REGISTRY = fileURLToPath(new URL('../../fixtures/demo/registry.csv', import.meta.url));

describe('reconcile with spreadsheet headers', () => {
  const tmp = scratch();
  const doses = tmp.write(
    'doses.csv',
    'Họ tên,Ngày sinh,Giới tính,CMND/CCCD,Điện thoại,Mã cơ sở tiêm,Vắc xin,Lô vắc xin,Mũi số,Ngày tiêm,SĐT người nhà\n' +
      'Đào Thanh Đức,25/11/2004,Nam,001204387897,,CS01,Pfizer,PF1,1,01/08/2021,0912345678\n',
  );
  const out = join(tmp.dir, 'out');
  const r = runCli(['reconcile', '--registry', REGISTRY, '--doses', doses, '--out', out, '--today', '2022-08-27', '--quiet']);

  it('reads the ID, lot and dose number from their Vietnamese headers', () => {
    expect(r.code).toBe(0);
    const [row] = parse(readFileSync(join(out, 'clean_doses.csv')), { columns: true }) as Record<string, string>[];
    expect(row).toMatchObject({
      citizen_id: '001204387897',
      link_status: 'verified',
      lot_number: 'PF1',
      dose_number: '1',
      facility_code: 'CS01',
    });
  });

  it('warns about the extra column that looks like a phone, naming it (reconcile and validate)', () => {
    expect(r.stderr).toMatch(/SĐT người nhà/);
    expect(r.stderr).toMatch(/phone/);
    const v = runCli(['validate', doses, '--today', '2022-08-27']);
    expect(v.stdout).toMatch(/doses\.csv:1: info column "SĐT người nhà": COLUMN_NOT_READ column 11 "SĐT người nhà" looks like phone/);
    expect(v.code).toBe(0);
  });
});

describe('reconcile a file written month-first (US Excel)', () => {
  const tmp = scratch();
  // 11/25/2004 and 8/24/2021 can only be month-first, so 8/3/2021 is 3 August, not 8 March.
  const doses = tmp.write(
    'us.csv',
    'full_name,birth_date,gender,citizen_id,facility_code,vaccine,lot_number,dose_number,dose_date\n' +
      'Đào Thanh Đức,11/25/2004,Nam,001204387897,CS01,Pfizer,PF1,1,8/3/2021\n' +
      'Đào Thanh Đức,11/25/2004,Nam,001204387897,CS01,Pfizer,PF2,2,8/24/2021\n',
  );
  const out = join(tmp.dir, 'out');
  const r = runCli(['reconcile', '--registry', REGISTRY, '--doses', doses, '--out', out, '--today', '2022-08-27', '--quiet']);

  it('reads every date of the file month-first and links on the birth date', () => {
    expect(r.code).toBe(0);
    const rows = parse(readFileSync(join(out, 'clean_doses.csv')), { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x.link_status, x.birth_date, x.dose_date])).toEqual([
      ['verified', '2004-11-25', '2021-08-03'],
      ['verified', '2004-11-25', '2021-08-24'],
    ]);
  });

  it('validate reads the file the same way', () => {
    const v = runCli(['validate', doses, '--today', '2022-08-27', '--json']);
    const codes = (JSON.parse(v.stdout) as { files: { problems: { code: string }[] }[] }).files[0]!.problems.map((p) => p.code);
    expect(codes).toContain('DATE_MONTH_FIRST');
    expect(codes).not.toContain('DOSE_DATE_INVALID');
    const notes = (JSON.parse(v.stdout) as { files: { notes: string[] }[] }).files[0]!.notes;
    expect(notes).toEqual([
      'column dose_date read month-first (US order): 1 sampled values can only be month-first',
      'column birth_date read month-first (US order): 2 sampled values can only be month-first',
    ]);
  });

  it('registry import reads a month-first registry file month-first too', () => {
    const reg = tmp.write(
      'us-registry.csv',
      'citizen_id,full_name,birth_date,gender\n001204387897,Đào Thanh Đức,11/25/2004,Nam\n001190000001,Lê Văn An,3/4/1990,Nam\n',
    );
    const db = join(tmp.dir, 'us.sqlite');
    expect(runCli(['registry', 'import', reg, '--db', db, '--quiet']).code).toBe(0);
    // The model trained on the demo registry (a two-person registry trains nothing useful).
    const model = join(out, 'model.json');
    // A day-first dose file: Lê Văn An was born on 4 March 1990 (04/03/1990 here, 3/4/1990 in the US registry).
    const vn = tmp.write(
      'vn.csv',
      'full_name,birth_date,gender,citizen_id,facility_code,vaccine,dose_date\nLê Văn An,04/03/1990,Nam,001190000001,CS01,Pfizer,24/08/2021\n',
    );
    const rr = runCli([
      'reconcile',
      '--registry',
      db,
      '--doses',
      doses,
      vn,
      '--out',
      join(tmp.dir, 'out2'),
      '--today',
      '2022-08-27',
      '--quiet',
      '--model',
      model,
    ]);
    expect(rr.code).toBe(0);
    const rows = parse(readFileSync(join(tmp.dir, 'out2', 'clean_doses.csv')), { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x.citizen_id, x.link_status, x.birth_date])).toEqual([
      ['001204387897', 'verified', '2004-11-25'],
      ['001204387897', 'verified', '2004-11-25'],
      ['001190000001', 'verified', '1990-03-04'],
    ]);
  });

  it('says so: DATE_MONTH_FIRST on the ambiguous date, and a warning per column', () => {
    const issues = parse(readFileSync(join(out, 'mismatches.csv')), { columns: true }) as Record<string, string>[];
    expect(issues.find((x) => x.issue === 'DATE_MONTH_FIRST')).toMatchObject({ record_value: '8/3/2021', fix: '2021-08-03' });
    expect(r.stderr).toMatch(/"column":"dose_date","order":"mdy"/);
  });
});
