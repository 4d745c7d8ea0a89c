// Issue 3: a facility file whose names were typed in a legacy Vietnamese encoding (TCVN3 or VNI, saved as
// Unicode) links exactly as well as its Unicode twin. The twins are made with the generator's own encoder
// tables, written independently of the decoder, so a table mistake on either side shows up here.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { encodeTcvn3, encodeVni } from '../../src/generate/legacy.js';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/tmp.js';

const DEMO = fileURLToPath(new URL('../../fixtures/demo/', import.meta.url));

function readRows(file: string): string[][] {
  return parse(readFileSync(file), { bom: true, relax_quotes: true });
}

function reconcileOne(tmp: ReturnType<typeof scratch>, name: string, rows: string[][]) {
  const file = tmp.write(name, stringify(rows));
  const out = join(tmp.dir, `out-${name}`);
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
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const clean = parse(readFileSync(join(out, 'clean_doses.csv')), { columns: true }) as Record<string, string>[];
  const mism = parse(readFileSync(join(out, 'mismatches.csv')), { columns: true }) as Record<string, string>[];
  return { links: clean.map((c) => [c.record_id, c.citizen_id, c.link_status, c.full_name].join('|')), mism };
}

describe('legacy-encoded facility file', () => {
  const tmp = scratch();
  const rows = readRows(join(DEMO, 'doses_01.csv'));
  const nameCol = rows[0]!.indexOf('full_name');
  const withNames = (encode: (s: string) => string) =>
    rows.map((r, i) => (i === 0 ? r : r.map((c, j) => (j === nameCol ? encode(c.normalize('NFC')) : c))));
  const unicode = reconcileOne(tmp, 'doses_unicode.csv', rows);

  it.each([
    ['TCVN3', encodeTcvn3],
    ['VNI', encodeVni],
  ])('%s names are repaired and every record links as in the Unicode file', (label, encode) => {
    const twinRows = withNames(encode);
    // The encoding really changed the names (otherwise this test would prove nothing).
    const changed = twinRows.slice(1).filter((r, i) => r[nameCol] !== rows[i + 1]![nameCol]).length;
    expect(changed).toBeGreaterThan(rows.length / 2);
    const twin = reconcileOne(tmp, `doses_${label}.csv`, twinRows);
    expect(twin.links).toEqual(unicode.links);
    const repaired = twin.mism.filter((m) => m.issue === 'NAME_ENCODING_REPAIRED').length;
    expect(repaired).toBeGreaterThanOrEqual(changed - 5);
  });
});
