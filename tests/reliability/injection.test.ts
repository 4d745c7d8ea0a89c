// CSV formula injection, end to end: formulas planted in names, notes, facility codes, lots and record_ids come
// out neutralised (prefixed with ') in every output CSV; numbers vaxrec writes (scores, lines, doses) are untouched.

import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/tmp.js';
import { BASIC_CASE } from './helpers.js';

const H = 'record_id,full_name,birth_date,gender,citizen_id,phone,commune_code,facility_code,vaccine,lot_number,dose_number,dose_date,note';
const DOSES = [
  H,
  'I1,Nguyễn Văn An,15/03/1990,Nam,001090012345,0912345678,00001,@F9,Pfizer,+LOT1,1,01/08/2021,"=HYPERLINK(""http://x"",""y"")"',
  "I2,=cmd|' /C calc'!A0,01/01/1970,Nam,,,00001,F1,Pfizer,FP1,1,02/08/2021,-2+3",
  '=1+1,,01/01/1970,Nam,,,00001,F1,Pfizer,FP1,1,02/08/2021,@SUM(A1)',
  '-7,Trần Thị Bích,05/11/1990,Nữ,001190054321,,00001,=F2,Moderna,MD2,1,03/08/2021,+81',
  'I3,Lê Văn Cường,02/02/1992,Nam,,,00001,F1,Pfizer,FP3,1,04/08/2021,"\t=1+2"',
  '',
].join('\n');
const DANGEROUS = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

function readAll(dir: string): Record<string, Record<string, string>[]> {
  const out: Record<string, Record<string, string>[]> = {};
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.csv')))
    out[f] = parse(readFileSync(join(dir, f)), { columns: true, bom: true });
  return out;
}

describe('formula injection through the CLI', () => {
  const tmp = scratch();
  const doses = tmp.write('doses_evil.csv', DOSES);
  for (const excel of [false, true]) {
    it(`every output cell that starts with = + - @ tab or CR is prefixed, unless it is a plain number${excel ? ' (--excel)' : ''}`, () => {
      const out = join(tmp.dir, excel ? 'out-excel' : 'out');
      const r = runCli([
        'reconcile',
        '--registry',
        join(BASIC_CASE, 'registry.csv'),
        '--doses',
        doses,
        '--out',
        out,
        '--today',
        '2022-08-27',
        ...(excel ? ['--excel'] : []),
      ]);
      expect(r.code, r.stderr).toBe(0);
      const files = readAll(out);
      let cells = 0;
      for (const [f, rows] of Object.entries(files)) {
        for (const row of rows) {
          for (const [col, v] of Object.entries(row)) {
            cells++;
            if (DANGEROUS.test(v)) expect(PLAIN_NUMBER.test(v), `${f} ${col}=${JSON.stringify(v)}`).toBe(true);
          }
        }
      }
      expect(cells).toBeGreaterThan(50);
      const clean = files['clean_doses.csv']!;
      const byId = new Map(clean.map((row) => [row.record_id, row]));
      expect(byId.get('I1')!.facility_code).toBe("'@F9");
      expect(byId.get('I1')!.lot_number).toBe("'+LOT1");
      expect(byId.get('I1')!.note).toBe('\'=HYPERLINK("http://x","y")');
      expect(byId.get('I2')!.note).toBe("'-2+3");
      // vaxrec's own numbers and plain-number IDs are data: untouched.
      expect(byId.get('-7')!.facility_code).toBe("'=F2");
      expect(byId.get('I3')!.note).toBe("'\t=1+2");
      expect(byId.get('-7')!.note).toBe('+81');
      for (const row of clean) {
        expect(row.match_score).toMatch(/^(0|1|0\.\d{6}|1\.0{6})$/);
        expect(row.line).toMatch(/^\d+$/);
      }
      const rej = files['rejects.csv']!.find((x) => x.line === '4')!;
      expect(rej.record_id).toBe("'=1+1");
      expect(rej.raw.startsWith("'=1+1,")).toBe(true);
      const mism = files['mismatches.csv']!;
      expect(
        mism.filter((m) => m.record_value.startsWith("'=cmd")).length + mism.filter((m) => m.record_id === 'I2').length,
      ).toBeGreaterThan(0);
      for (const m of mism) if (m.score !== '') expect(m.score).toMatch(/^\d\.\d{6}$/);
    });
  }
});
