// Real platform headers through the CLI: Vietnamese spreadsheet names map to the fields, and an extra column that
// looks like a known field is passed through with a warning (not silently).

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
    expect(row).toMatchObject({ citizen_id: '001204387897', link_status: 'verified', lot_number: 'PF1', dose_number: '1', facility_code: 'CS01' });
  });

  it('warns about the extra column that looks like a phone, naming it', () => {
    expect(r.stderr).toMatch(/SĐT người nhà/);
    expect(r.stderr).toMatch(/phone/);
  });
});
