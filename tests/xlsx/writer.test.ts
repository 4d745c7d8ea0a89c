// The shared workbook writer and cell reader: what an analyst's Excel shows is what was written.

import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
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

  it('refuses a sheet name Excel would refuse', async () => {
    await expect(writeWorkbook(join(tmp.dir, 'x.xlsx'), [{ name: 'a/b', columns: [], rows: [] }])).rejects.toThrow(/sheet name/);
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
