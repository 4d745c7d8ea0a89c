// The shared workbook writer and cell reader: what an analyst's Excel shows is what was written.

import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { scratch } from '../helpers/tmp.js';
import { columnLetter, writeWorkbook } from '../../src/xlsx/writer.js';
import { cellText } from '../../src/xlsx/cell-text.js';

describe('cellText', () => {
  it.each([
    [null, ''],
    ['Nguyễn Văn An', 'Nguyễn Văn An'],
    [79185012345, '79185012345'],
    [1.2e11, '120000000000'],
    [2.5, '2.5'],
    [new Date(Date.UTC(2021, 7, 27)), '2021-08-27'],
    [new Date(Date.UTC(2021, 7, 27, 9, 30)), '2021-08-27 09:30'],
    [{ richText: [{ text: 'Trần ' }, { text: 'Thị' }] }, 'Trần Thị'],
    [{ formula: 'A1&B1', result: '0791' }, '0791'],
    [{ formula: 'A1+1', result: 12 }, '12'],
    [{ text: 'link', hyperlink: 'http://x' }, 'link'],
    [{ error: '#N/A' }, ''],
    [true, 'TRUE'],
    [0.1 + 0.2, '0.3'],
    [NaN, ''],
    [{ richText: [{ font: null, text: 'Lê ' }, { text: null }, { text: 'An' }] }, 'Lê An'],
    [{ formula: '', result: 79185012345 }, '79185012345'],
  ])('%o -> %s', (v, want) => {
    expect(cellText(v)).toBe(want);
  });

  // A formula's result arrives as a bare number even when the cell shows a date: the cell's format decides.
  it.each([
    [44435, 'dd/mm/yyyy', false, '2021-08-27'],
    [44435.375, 'd/m/yy h:mm', false, '2021-08-27 09:00'],
    [{ formula: 'B2+1', result: 44436 }, 'mm-dd-yy', false, '2021-08-28'],
    [42973, 'yyyy-mm-dd', true, '2021-08-27'],
    [{ formula: 'A1*2', result: 79185012345 }, 'General', false, '79185012345'],
    [123, '0.00', false, '123'],
    [123, '"day "0', false, '123'],
    [123, '[Red]0', false, '123'],
    [79185012345, '000000000000', false, '079185012345'],
    [179185012345, '000000000000', false, '179185012345'],
    [79185012345, '0', false, '79185012345'],
  ])('%o formatted %s (1904: %s) -> %s', (v, numFmt, date1904, want) => {
    expect(cellText(v, { numFmt, date1904 })).toBe(want);
  });
});

describe('writeWorkbook', () => {
  const tmp = scratch();

  it('writes frozen headers, filters, text IDs, drop-downs, and continues a long sheet on a second one', async () => {
    const path = join(tmp.dir, 'w.xlsx');
    const rows = Array.from({ length: 5 }, (_, i) => [`07918501234${i}`, `Lê Thị Ánh ${i}`, i]);
    await writeWorkbook(
      path,
      [
        {
          name: 'Cần xem',
          columns: [{ header: 'citizen_id', text: true }, { header: 'họ tên', width: 30 }, { header: 'n' }],
          rows,
        },
        { name: 'empty', columns: [{ header: 'decision', list: ['link', 'skip'] }], rows: [] },
        { name: 'pick', columns: [{ header: 'decision', list: ['link', 'skip'] }], rows: [['link']] },
      ],
      { maxRowsPerSheet: 3 },
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Cần xem', 'Cần xem (2)', 'empty', 'pick']);
    const [a, b] = wb.worksheets;
    expect(a.getRow(1).values).toEqual([undefined, 'citizen_id', 'họ tên', 'n']);
    expect(a.rowCount).toBe(4);
    expect(b.rowCount).toBe(3);
    expect(cellText(a.getCell('A2').value)).toBe('079185012340');
    expect(a.getCell('A2').numFmt).toBe('@');
    expect(cellText(b.getCell('B3').value)).toBe('Lê Thị Ánh 4');
    expect(a.getCell('C3').value).toBe(1);
    expect(a.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(a.autoFilter).toBe('A1:C4');
    expect(a.getColumn(2).width).toBe(30);
    const v = wb.worksheets[3].getCell('A2').dataValidation;
    expect(v).toMatchObject({ type: 'list', formulae: ['"link,skip"'] });
  });

  it('pins the workbook dates and every zip entry timestamp: the same sheets give the same bytes', async () => {
    const sheets = [{ name: 's', columns: [{ header: 'id', text: true }], rows: [['0791']] }];
    const date = new Date(Date.UTC(2022, 7, 27));
    const [a, b, c] = ['a.xlsx', 'b.xlsx', 'c.xlsx'].map((f) => join(tmp.dir, f));
    await writeWorkbook(a!, sheets, { date });
    await writeWorkbook(b!, sheets, { date });
    await writeWorkbook(c!, sheets);
    expect(readFileSync(a!).equals(readFileSync(b!))).toBe(true);
    const stamps = zipEntryStamps(readFileSync(a!));
    expect(stamps.length).toBeGreaterThanOrEqual(8);
    expect(new Set(stamps.map((s) => s.stamp))).toEqual(new Set(['2022-08-27 00:00:00']));
    expect(stamps.map((s) => s.name)).toContain('docProps/core.xml');
    expect(new Set(zipEntryStamps(readFileSync(c!)).map((s) => s.stamp))).toEqual(new Set(['1980-01-01 00:00:00']));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(a!);
    expect(wb.created).toEqual(date);
    expect(wb.modified).toEqual(date);
    expect(wb.creator).toBe('vaxrec');
  });

  it('creates the file owner-only unless told otherwise, and formats number columns', async () => {
    const path = join(tmp.dir, 'mode.xlsx');
    await writeWorkbook(path, [{ name: 's', columns: [{ header: 'score', numFmt: '0.000000' }], rows: [[0.5]] }]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets[0]!.getCell('A2').numFmt).toBe('0.000000');
    expect(wb.worksheets[0]!.getCell('A2').value).toBe(0.5);
    const open = join(tmp.dir, 'open.xlsx');
    await writeWorkbook(open, [{ name: 's', columns: [{ header: 'x' }], rows: [] }], { mode: 0o644 });
    expect(statSync(open).mode & 0o777).toBe(0o644 & ~process.umask());
  });

  it('refuses a sheet name Excel would refuse, and leaves no file', async () => {
    await expect(writeWorkbook(join(tmp.dir, 'x.xlsx'), [{ name: 'a/b', columns: [], rows: [] }])).rejects.toThrow(/sheet name/);
    expect(existsSync(join(tmp.dir, 'x.xlsx'))).toBe(false);
  });

  it('a row source that fails half-way leaves no half workbook', async () => {
    const path = join(tmp.dir, 'half.xlsx');
    function* rows() {
      for (let i = 0; i < 2000; i++) yield [`row ${i}`];
      throw new Error('the database went away');
    }
    await expect(writeWorkbook(path, [{ name: 's', columns: [{ header: 'x' }], rows: rows() }])).rejects.toThrow(/went away/);
    expect(existsSync(path)).toBe(false);
  });

  it.each([
    [1, 'A'],
    [26, 'Z'],
    [27, 'AA'],
    [703, 'AAA'],
  ])('columnLetter(%i) = %s', (n, s) => {
    expect(columnLetter(n)).toBe(s);
  });
});

/** Every entry's name and timestamp, from the local headers and the central directory alike (no zip64: small files). */
function zipEntryStamps(zip: Buffer): { name: string; stamp: string }[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const out: { name: string; stamp: string }[] = [];
  for (let k = 0; k < count; k++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const nameLen = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLen);
    const local = zip.readUInt32LE(at + 42);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    out.push({ name, stamp: dosStamp(zip.readUInt16LE(at + 14), zip.readUInt16LE(at + 12)) });
    out.push({ name, stamp: dosStamp(zip.readUInt16LE(local + 12), zip.readUInt16LE(local + 10)) });
    at += 46 + nameLen + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return out;
}

function dosStamp(date: number, time: number): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${(date >> 9) + 1980}-${p((date >> 5) & 15)}-${p(date & 31)} ${p(time >> 11)}:${p((time >> 5) & 63)}:${p((time & 31) * 2)}`;
}
