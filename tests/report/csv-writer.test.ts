import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CsvWriter, formatCsvRow, neutralizeCell } from '../../src/report/csv-writer.js';
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
  it('writes the bytes of the rows encoded in one piece, over many buffers and rows longer than a buffer', async () => {
    // Vietnamese text (2- and 3-byte UTF-8), a 4-byte character and a lone surrogate, so that buffer ends fall inside
    // multi-byte characters if the writer gets its bounds wrong; two rows longer than the 1 MiB buffer.
    const rows: string[][] = [];
    for (let i = 0; i < 40_000; i++) rows.push([`R${i}`, `Nguyễn Thị Thủy ${i} 𝔸`, i % 97 === 0 ? 'x\ud800y' : 'Hà Nội, "Ba Đình"']);
    rows.splice(12_345, 0, ['long', 'ữ'.repeat(600_000), 'end']);
    rows.push(['tail', 'a'.repeat(2_000_000), 'z']);
    const p = join(tmp.dir, 'c.csv');
    const w = new CsvWriter(p, ['id', 'name', 'place'], { excel: false, mode: 0o600 });
    for (const r of rows) {
      const pending = w.write(r);
      if (pending) await pending;
    }
    await w.close();
    const expected = ['id,name,place', ...rows.map((r) => formatCsvRow(r))].map((l) => `${l}\n`).join('');
    expect(readFileSync(p).equals(Buffer.from(expected, 'utf8'))).toBe(true);
    expect(w.rows.count).toBe(rows.length);
  });
});
