// Issue 14 section 4 through the CLI: an exact 12-digit ID and birth date are never unmatched, and the registry is the
// authority on its own numbers (12 digits vaxrec's tables reject are kept, flagged, and found by exact ID).

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/tmp.js';

const DEMO = fileURLToPath(new URL('../../fixtures/demo/', import.meta.url));
const DOSE_HEADER =
  'record_id,full_name,birth_date,gender,citizen_id,phone,commune_code,facility_code,vaccine,lot_number,dose_number,dose_date';

type Row = Record<string, string>;
const csv = (file: string): Row[] => parse(readFileSync(file), { columns: true, bom: true }) as Row[];

// 003 and 090 are not province codes of Circular 07/2016 (DOMAIN.md 1.1); the registry holds such numbers anyway.
const ODD_PROVINCE = '003085123456';
const ODD_CENTURY = '001985123457';
const EXTRA_CITIZENS = [
  `${ODD_PROVINCE},,Vương Thị Hạnh,14/03/1985,Nữ,00111,0912000111`,
  `${ODD_CENTURY},,Kiều Văn Bảo,02/09/1985,Nam,00112,0912000112`,
  '01234,,Hứa Văn Lợi,01/01/1980,Nam,00113,',
];

function setUp(tmp: ReturnType<typeof scratch>): string {
  const demo = readFileSync(join(DEMO, 'registry.csv'), 'utf8').trimEnd();
  return tmp.write('registry.csv', `${demo}\n${EXTRA_CITIZENS.join('\n')}\n`);
}

describe('registry import keeps the numbers the registry holds', () => {
  it('12 digits with an unknown province or century are loaded and counted as warnings; 5 digits are still rejected', () => {
    const tmp = scratch();
    const registry = setUp(tmp);
    const r = runCli(['registry', 'import', registry, '--db', join(tmp.dir, 'r.sqlite'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      loaded: number;
      rejectsByReason: Record<string, number>;
      flaggedByCode: Record<string, number>;
    };
    expect(report.flaggedByCode).toEqual({ REGISTRY_ID_UNCHECKED: 2 });
    expect(report.rejectsByReason).toEqual({ REGISTRY_ID_INVALID: 1 });
    const text = runCli(['registry', 'import', registry, '--db', join(tmp.dir, 'r2.sqlite')]);
    expect(text.stdout).toContain('REGISTRY_ID_UNCHECKED: 2');
  });

  it('a dose carrying such a number links to its citizen by exact ID', () => {
    const tmp = scratch();
    const registry = setUp(tmp);
    const doses = tmp.write(
      'doses.csv',
      [
        DOSE_HEADER,
        `R1,Vương Thị Hạnh,14/03/1985,Nữ,${ODD_PROVINCE},0912000111,00111,CS1,Pfizer,FA1,1,02/08/2021`,
        `R2,Kiều Văn Bảo,02/09/1985,Nam,${ODD_CENTURY},0912000112,00112,CS1,Pfizer,FA1,1,02/08/2021`,
      ].join('\n'),
    );
    const out = join(tmp.dir, 'out');
    const r = runCli([
      'reconcile',
      '--registry',
      registry,
      '--doses',
      doses,
      join(DEMO, 'doses_01.csv'),
      '--out',
      out,
      '--today',
      '2022-08-27',
      '--quiet',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const clean = csv(join(out, 'clean_doses.csv'));
    expect(clean.find((c) => c.record_id === 'R1')).toMatchObject({ citizen_id: ODD_PROVINCE, link_status: 'verified' });
    expect(clean.find((c) => c.record_id === 'R2')).toMatchObject({ citizen_id: ODD_CENTURY, link_status: 'verified' });
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      inputs: { registry: { import: { flaggedByCode: Record<string, number> } } };
    };
    expect(summary.inputs.registry.import.flaggedByCode).toEqual({ REGISTRY_ID_UNCHECKED: 2 });
  });
});

describe('an exact 12-digit ID and birth date are never unmatched', () => {
  it('whatever the names, gender and contacts say: review, with the ID owner as first candidate', () => {
    const tmp = scratch();
    const registry = setUp(tmp);
    const owner = csv(join(DEMO, 'registry.csv')).find((c) => /^\d{2}\/\d{2}\/\d{4}$/.test(c.birth_date) && c.gender === 'Nam')!;
    const doses = tmp.write(
      'doses.csv',
      [
        DOSE_HEADER,
        // Family, middle and given names replaced, the gender too: only the ID and birth date are left.
        `R1,Trịnh Thị Bích Ngọc,${owner.birth_date},Nữ,${owner.citizen_id},,,CS1,Pfizer,FA1,1,02/08/2021`,
      ].join('\n'),
    );
    const out = join(tmp.dir, 'out');
    const r = runCli([
      'reconcile',
      '--registry',
      registry,
      '--doses',
      doses,
      join(DEMO, 'doses_01.csv'),
      '--out',
      out,
      '--today',
      '2022-08-27',
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    const rec = csv(join(out, 'clean_doses.csv')).find((c) => c.record_id === 'R1')!;
    expect(rec.link_status).toBe('review');
    const ambiguous = csv(join(out, 'mismatches.csv')).find((m) => m.record_id === 'R1' && m.issue === 'LINK_AMBIGUOUS')!;
    expect(ambiguous.detail).toMatch(new RegExp(`candidates: ${owner.citizen_id} `));
  });
});
