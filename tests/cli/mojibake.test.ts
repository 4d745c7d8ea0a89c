// A Unicode dose file with a few names that are UTF-8 read as Windows-1252 (sheets merged from several sources):
// too few for the per-column legacy detection, so each cell is repaired on its own, reported, and linked.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { encodeLegacy } from '../../src/normalize/legacy.js';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/tmp.js';

const DEMO = fileURLToPath(new URL('../../fixtures/demo/', import.meta.url));
const moj = (s: string) => encodeLegacy(s, 'utf8-as-cp1252');

// People of fixtures/demo/registry.csv. One mojibake row per file: two would already make the column legacy.
const HEADER = ['record_id', 'full_name', 'birth_date', 'gender', 'citizen_id', 'facility_code', 'vaccine', 'dose_number', 'dose_date'];
const ROWS = [
  ['R1', 'Đào Thanh Đức', '25/11/2004', 'Nam', '001204387897', 'F1', 'Pfizer', '1', '01/08/2021'],
  ['R2', 'Nguyễn Văn Trường', '22/02/1996', 'Nam', '079096270464', 'F1', 'Pfizer', '1', '01/08/2021'],
  ['R3', 'Nguyễn Ngọc Trang', '21/11/2002', 'Nữ', '079302159272', 'F1', 'Pfizer', '1', '01/08/2021'],
  ['R4', 'Nguyễn Hoài Thủy', '17/02/1985', 'Nữ', '092185864683', 'F1', 'Pfizer', '1', '01/08/2021'],
];

describe.each([
  ['R2', 'ờ is E1 BB 9D, and 9D is undefined in cp1252 (kept as a raw control)'],
  ['R4', '"Hoài" becomes "HoÃ\u00a0i": à is C3 A0, a no-break space inside the word'],
])('one UTF-8-as-cp1252 name (%s) in a Unicode dose file', (mojibakeId, _why) => {
  const tmp = scratch();
  const rows = ROWS.map((row) => (row[0] === mojibakeId ? row.map((c, j) => (j === 1 ? moj(c) : c)) : row));
  const file = tmp.write('doses.csv', stringify([HEADER, ...rows]));
  const out = join(tmp.dir, 'out');
  const r = runCli([
    'reconcile',
    '--registry',
    join(DEMO, 'registry.csv'),
    '--doses',
    file,
    '--out',
    out,
    '--today',
    '2022-08-27',
    '--quiet',
  ]);
  const read = (name: string) => parse(readFileSync(join(out, name)), { columns: true }) as Record<string, string>[];

  it('runs cleanly', () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('repairs the name and verifies the link like the Unicode rows', () => {
    const clean = read('clean_doses.csv').map((c) => [c.record_id, c.citizen_id, c.link_status, c.full_name]);
    expect(clean).toEqual(ROWS.map((row) => [row[0], row[4], 'verified', row[1]]));
  });

  it('reports the repair as NAME_ENCODING_REPAIRED per cell, and no invalid characters', () => {
    const mism = read('mismatches.csv').filter((m) => m.field === 'full_name');
    const expected = ROWS.find((row) => row[0] === mojibakeId)![1];
    expect(mism.map((m) => [m.record_id, m.issue, m.fix])).toEqual([[mojibakeId, 'NAME_ENCODING_REPAIRED', expected]]);
    expect(mism[0]!.detail).toContain('utf8-as-cp1252 per cell');
  });
});
