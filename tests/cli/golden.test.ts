// Golden end-to-end tests: the built CLI on hand-made cases, outputs compared with expected files.
// UPDATE_GOLDEN=1 npm test rewrites the expected files on purpose; review the diff before committing.

import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/tmp.js';

const CASES = fileURLToPath(new URL('./cases/', import.meta.url));
const OUTPUTS = ['clean_doses.csv', 'duplicates.csv', 'mismatches.csv', 'rejects.csv', 'summary.json'];
const update = process.env.UPDATE_GOLDEN === '1';

function reconcileCase(name: string, out: string, extra: string[] = []) {
  const dir = join(CASES, name);
  const doses = readdirSync(dir)
    .filter((f) => f.startsWith('doses_'))
    .sort();
  return runCli(['reconcile', '--registry', 'registry.csv', '--doses', ...doses, '--out', out, '--today', '2022-08-27', ...extra], {
    cwd: dir,
  });
}

function rows(file: string): Record<string, string>[] {
  return parse(readFileSync(file), { columns: true, bom: true, relax_quotes: true });
}

describe('reconcile golden case: basic', () => {
  const tmp = scratch();
  const out = join(tmp.dir, 'out');
  const run = reconcileCase('basic', out);

  it('exits 0 and writes the five outputs and the model', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const f of [...OUTPUTS, 'model.json']) expect(existsSync(join(out, f)), f).toBe(true);
  });

  it('matches the expected files', () => {
    const expectedDir = join(CASES, 'basic', 'expected');
    if (update) mkdirSync(expectedDir, { recursive: true });
    for (const f of OUTPUTS) {
      const actual = readFileSync(join(out, f), 'utf8');
      if (update) writeFileSync(join(expectedDir, f), actual);
      expect(actual, f).toBe(readFileSync(join(expectedDir, f), 'utf8'));
    }
  });

  it('accounts for every input row exactly once', () => {
    const dir = join(CASES, 'basic');
    const input = readdirSync(dir)
      .filter((f) => f.startsWith('doses_'))
      .flatMap((f) => rows(join(dir, f)).map((r) => Object.values(r)[0]!));
    const clean = rows(join(out, 'clean_doses.csv'));
    const seen = [
      ...clean.map((r) => r.record_id!),
      ...clean.flatMap((r) => (r.merged_record_ids ? r.merged_record_ids.split(';') : [])),
      ...rows(join(out, 'rejects.csv')).map((r) => r.record_id!),
    ];
    expect(seen.sort()).toEqual(input.sort());
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.counts.clean + summary.counts.duplicates + summary.counts.rejects).toBe(summary.counts.input_rows);
  });

  it('is deterministic: a second run gives byte-identical files', () => {
    const out2 = join(tmp.dir, 'out2');
    expect(reconcileCase('basic', out2).code).toBe(0);
    for (const f of [...OUTPUTS, 'model.json']) expect(readFileSync(join(out2, f), 'utf8'), f).toBe(readFileSync(join(out, f), 'utf8'));
  });

  it('gives the same results from an imported SQLite registry, and with the saved model pinned', () => {
    const dir = join(CASES, 'basic');
    const db = join(tmp.dir, 'registry.sqlite');
    const imp = runCli(['registry', 'import', 'registry.csv', '--db', db], { cwd: dir });
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(/Imported 8 citizens/);
    const out3 = join(tmp.dir, 'out3');
    const doses = readdirSync(dir)
      .filter((f) => f.startsWith('doses_'))
      .sort();
    const r = runCli(
      ['reconcile', '--registry', db, '--doses', ...doses, '--out', out3, '--today', '2022-08-27', '--model', join(out, 'model.json')],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    for (const f of ['clean_doses.csv', 'duplicates.csv', 'mismatches.csv', 'rejects.csv']) {
      expect(readFileSync(join(out3, f), 'utf8'), f).toBe(readFileSync(join(out, f), 'utf8'));
    }
  });
});

describe('reconcile golden case: basic, --admin-units as-entered', () => {
  const tmp = scratch();
  const out = join(tmp.dir, 'out');
  const run = reconcileCase('basic', out, ['--admin-units', 'as-entered']);

  it('keeps the output of before the 2025 units: no commune_code_2025 column, the same decisions and scores', () => {
    expect(run.code).toBe(0);
    const expectedDir = join(CASES, 'basic', 'expected');
    const without2025 = (csv: string) =>
      parse(csv, { relax_quotes: true }).map((r: string[], _i: number, all: string[][]) =>
        r.filter((_c, k) => all[0]![k] !== 'commune_code_2025' && all[0]![k] !== 'province_code_2025'),
      );
    expect(parse(readFileSync(join(out, 'clean_doses.csv'), 'utf8'), { relax_quotes: true })).toEqual(
      without2025(readFileSync(join(expectedDir, 'clean_doses.csv'), 'utf8')),
    );
    for (const f of ['duplicates.csv', 'mismatches.csv', 'rejects.csv']) {
      expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(expectedDir, f), 'utf8'));
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const expected = JSON.parse(readFileSync(join(expectedDir, 'summary.json'), 'utf8'));
    expect(summary.config.adminUnits.mode).toBe('as-entered');
    summary.config.adminUnits.mode = '2025';
    expect(summary).toEqual(expected);
  });
});

describe('input errors', () => {
  const tmp = scratch();
  it('a missing required column exits 2, names the file and the column, and writes nothing', () => {
    const reg = join(CASES, 'basic', 'registry.csv');
    const bad = tmp.write('doses_bad.csv', 'record_id,full_name,vaccine,dose_date,facility_code\nX1,Lê Văn Tám,Pfizer,01/08/2021,F1\n');
    const out = join(tmp.dir, 'out');
    const r = runCli(['reconcile', '--registry', reg, '--doses', bad, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('doses_bad.csv');
    expect(r.stderr).toContain('birth_date');
    expect(r.stderr).not.toContain('Lê Văn Tám');
    expect(existsSync(out)).toBe(false);
  });
  it('a wrong flag is a usage error (exit 2)', () => {
    expect(runCli(['reconcile', '--nope']).code).toBe(2);
  });
});
