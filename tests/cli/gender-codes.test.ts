// A facility that codes gender 1 = male, 0 = female: the file's own 12-digit IDs teach the mapping, so the codes are
// read (no GENDER_INVALID flood) and the decision is logged once.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/tmp.js';

const REGISTRY = fileURLToPath(new URL('../../fixtures/demo/registry.csv', import.meta.url));

describe('reconcile a file with numeric gender codes', () => {
  const tmp = scratch();
  const people = (parse(readFileSync(REGISTRY), { columns: true }) as Record<string, string>[]).slice(0, 120);
  const code = (p: Record<string, string>) => (Number(p.citizen_id[3]) % 2 === 1 ? '0' : '1');
  const doses = tmp.write(
    'codes.csv',
    'full_name,birth_date,gender,citizen_id,facility_code,vaccine,lot_number,dose_number,dose_date\n' +
      people.map((p) => `${p.full_name},${p.birth_date},${code(p)},${p.citizen_id},CS01,Pfizer,PF1,1,01/08/2021\n`).join(''),
  );
  const out = join(tmp.dir, 'out');
  const r = runCli(['reconcile', '--registry', REGISTRY, '--doses', doses, '--out', out, '--today', '2022-08-27']);

  it('reads the codes and raises no gender problem', () => {
    expect(r.code).toBe(0);
    const rows = parse(readFileSync(join(out, 'clean_doses.csv')), { columns: true }) as Record<string, string>[];
    expect(rows.filter((x) => x.gender === 'U')).toEqual([]);
    const issues = parse(readFileSync(join(out, 'mismatches.csv')), { columns: true }) as Record<string, string>[];
    expect(issues.filter((x) => x.field === 'gender')).toEqual([]);
  });

  it('logs the learned mapping once', () => {
    expect(r.stderr.match(/numeric gender codes read as/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/"genderCodes":\{"0":"F","1":"M"\}/);
  });
});

// The same file decisions in all three readers (ingest/file-decisions.ts): registry import once read numeric codes as
// invalid while reconcile and validate learned them.
describe('registry import of a registry with numeric gender codes', () => {
  const tmp = scratch();
  const people = (parse(readFileSync(REGISTRY), { columns: true }) as Record<string, string>[]).slice(0, 120);
  const code = (p: Record<string, string>) => (Number(p.citizen_id[3]) % 2 === 1 ? '0' : '1');
  const registry = tmp.write(
    'registry-codes.csv',
    `citizen_id,full_name,birth_date,gender\n${people.map((p) => `${p.citizen_id},${p.full_name},${p.birth_date},${code(p)}\n`).join('')}`,
  );
  const r = runCli(['registry', 'import', registry, '--db', join(tmp.dir, 'registry.sqlite'), '--json']);
  const v = runCli(['validate', registry, '--kind', 'registry', '--json']);

  it('learns the codes as reconcile does: no GENDER_INVALID flag, the mapping logged once', () => {
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { loaded: number; flaggedByCode: Record<string, number> };
    expect(report.loaded).toBe(120);
    expect(report.flaggedByCode.GENDER_INVALID).toBeUndefined();
    expect(r.stderr.match(/numeric gender codes read as/g)).toHaveLength(1);
  });

  it('and validate says the same of the file', () => {
    expect(v.stdout).toContain('GENDER_CODES_LEARNED');
    expect(v.stdout).not.toContain('GENDER_INVALID');
  });
});
