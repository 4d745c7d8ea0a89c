// Personal data never reaches logs, errors or summary.json: run fixtures with --log-level debug and scan every
// log line (stderr and --log-file), the console output and summary.json for the names, IDs, phones and birth dates.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/tmp.js';
import { BASIC_CASE, CORPUS } from './helpers.js';

const PERSONAL = /name|birth|citizen|phone|old_id|^id$|họ|ngày sinh|cccd|cmnd|định danh|điện thoại|sđt/i;

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();

/** Every personal value of the input files, in the forms a leak could take (as typed, folded, ISO date, local phone). */
function personalValues(files: string[]): string[] {
  const out = new Set<string>();
  for (const f of files) {
    const rows = parse(readFileSync(f), {
      columns: true,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_records_with_error: true,
    }) as Record<string, string>[];
    for (const row of rows) {
      for (const [col, v] of Object.entries(row)) {
        if (!PERSONAL.test(col)) continue;
        const t = v.trim();
        if (t.length < 5) continue;
        out.add(fold(t));
        const d = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
        if (d) out.add(`${d[3]}-${d[2]!.padStart(2, '0')}-${d[1]!.padStart(2, '0')}`);
        if (/^\+84\d+$/.test(t)) out.add(`0${t.slice(3)}`);
        if (/^\d{9,12}$/.test(t)) out.add(t.replace(/^0+/, ''));
      }
    }
  }
  return [...out];
}

function expectNoLeak(where: string, text: string, values: string[]): void {
  const hay = fold(text);
  for (const v of values) expect(hay.includes(v), `${where} contains a personal value`).toBe(false);
}

describe('no personal data in logs, errors, console output or summary.json', () => {
  const tmp = scratch();
  const inputs = ['registry.csv', 'doses_f1.csv', 'doses_f2.csv'].map((f) => join(BASIC_CASE, f));
  // Damaged rows too: rejects are where a careless log line would print the raw row.
  const damaged = ['unclosed-quote.csv', 'ragged-rows.csv', 'nul-bytes.csv', 'field-too-long.csv'].map((f) => join(CORPUS, f));
  const values = personalValues([...inputs, ...damaged]);

  it('collects the fixture values to look for', () => {
    expect(values.length).toBeGreaterThan(40);
    expect(values).toContain('nguyen van an');
    expect(values).toContain('1990-03-15');
  });

  it('reconcile --log-level debug: stderr, --log-file, stdout and summary.json', () => {
    const out = join(tmp.dir, 'out');
    const args = [
      'reconcile',
      '--registry',
      inputs[0]!,
      '--doses',
      inputs[1]!,
      inputs[2]!,
      ...damaged,
      '--out',
      out,
      '--today',
      '2022-08-27',
      '--log-level',
      'debug',
    ];
    const toStderr = runCli(args);
    expect(toStderr.code, toStderr.stderr).toBe(0);
    expect(toStderr.stderr.split('\n').filter((l) => l.startsWith('{')).length).toBeGreaterThan(5);
    expectNoLeak('stderr log', toStderr.stderr, values);
    expectNoLeak('stdout', toStderr.stdout, values);
    expectNoLeak('summary.json', readFileSync(join(out, 'summary.json'), 'utf8'), values);

    const logFile = join(tmp.dir, 'run.log');
    const toFile = runCli([...args, '--log-file', logFile]);
    expect(toFile.code).toBe(0);
    const log = readFileSync(logFile, 'utf8');
    expect(log.split('\n').filter(Boolean).length).toBeGreaterThan(5);
    expectNoLeak('--log-file', log, values);
    expectNoLeak('stderr with --log-file', toFile.stderr, values);
  });

  it('registry import with --log-level debug, and validate', () => {
    const imp = runCli(['registry', 'import', inputs[0]!, '--db', join(tmp.dir, 'r.sqlite'), '--log-level', 'debug', '--json']);
    expect(imp.code, imp.stderr).toBe(0);
    expectNoLeak('registry import', imp.stderr + imp.stdout, values);
    const val = runCli(['validate', inputs[1]!, ...damaged]);
    expect(val.stdout.length + val.stderr.length).toBeGreaterThan(0);
    expect([0, 1]).toContain(val.code);
    expectNoLeak('validate', val.stderr + val.stdout, values);
  });

  it('input errors name file, line and column only', () => {
    const bad = tmp.write(
      'no-name.csv',
      'record_id,birth_date,citizen_id,phone,vaccine,dose_date,facility_code\nR1,15/03/1990,001090012345,0912345678,Pfizer,01/08/2021,F1\n',
    );
    const r = runCli(['reconcile', '--registry', inputs[0]!, '--doses', bad, '--out', join(tmp.dir, 'o2'), '--log-level', 'debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no-name\.csv:1 \(column full_name\)/);
    expectNoLeak('input error', r.stderr, [...values, '001090012345', '0912345678']);
  });
});
