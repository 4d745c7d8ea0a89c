import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CsvWriter, neutralizeCell } from '../../src/report/csv-writer.js';
import { scratch } from '../helpers/tmp.js';

describe('neutralizeCell (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+cmd|calc', `'+cmd|calc`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tx', `'\tx`],
    ['\rx', `'\rx`],
    ['Nguyễn Văn A', 'Nguyễn Văn A'],
    ['0.993000', '0.993000'],
    ['-1', '-1'],
    ['+84', '+84'],
    ['', ''],
  ])('%j -> %j', (input, expected) => expect(neutralizeCell(input)).toBe(expected));
});

describe('CsvWriter', () => {
  const tmp = scratch();
  it('quotes embedded commas, quotes and newlines and creates the file owner-only', async () => {
    const p = join(tmp.dir, 'a.csv');
    const w = new CsvWriter(p, ['a', 'b'], { excel: false, mode: 0o600 });
    await w.write(['x,y', 'say "hi"\nbye']);
    await w.close();
    expect(readFileSync(p, 'utf8')).toBe('a,b\n"x,y","say ""hi""\nbye"\n');
    expect(statSync(p).mode & 0o777).toBe(0o600);
  });
  it('writes a BOM and CRLF for Excel', async () => {
    const p = join(tmp.dir, 'b.csv');
    const w = new CsvWriter(p, ['họ tên'], { excel: true, mode: 0o600 });
    await w.write(['Lê Thị Hòa']);
    await w.close();
    expect(readFileSync(p, 'utf8')).toBe('\ufeffhọ tên\r\nLê Thị Hòa\r\n');
  });
});
