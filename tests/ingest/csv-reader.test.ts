import { describe, expect, it } from 'vitest';
import { readCsv, sniffDelimiter, type CsvFileInfo, type CsvItem } from '../../src/ingest/csv-reader.js';
import iconv from 'iconv-lite';
import { DOSE_COLUMN_ALIASES, ingestConfig } from '../../src/config/ingest.js';
import { InputError } from '../../src/errors.js';
import { REQUIRED_DOSE_FIELDS, type DoseField } from '../../src/types.js';
import { scratch } from '../helpers/tmp.js';

const HEADER = 'record_id,full_name,birth_date,vaccine,dose_date,facility_code,note';

async function readAll(file: string): Promise<CsvItem<DoseField>[]> {
  const out: CsvItem<DoseField>[] = [];
  for await (const it of readCsv<DoseField>(file, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS)) out.push(it);
  return out;
}

describe('sniffDelimiter', () => {
  it.each([
    ['a,b,c', ','],
    ['a;b;c', ';'],
    ['a\tb\tc', '\t'],
    ['"x;y",b,c', ','],
  ])('%j -> %j', (line, d) => expect(sniffDelimiter(line)).toBe(d));
});

describe('readCsv', () => {
  const tmp = scratch();

  it('keeps the physical line of each row across quoted newlines, BOM and CRLF', async () => {
    const f = tmp.write(
      'a.csv',
      '\ufeff' +
        HEADER +
        '\r\n' +
        'r1,"Nguyễn, Văn A",01/02/1990,Pfizer,2021-08-01,F1,"two\r\nlines"\r\n' +
        'r2,Lê Thị Hòa,1960,AZ,2021-08-02,F1,\r\n',
    );
    const items = await readAll(f);
    expect(items.map((i) => (i.kind === 'row' ? [i.row.values.record_id, i.row.source.line] : null))).toEqual([
      ['r1', 2],
      ['r2', 4],
    ]);
    const first = items[0]!;
    expect(first.kind === 'row' && first.row.values.full_name).toBe('Nguyễn, Văn A');
    expect(first.kind === 'row' && first.row.extra).toEqual(['two\r\nlines']);
  });

  it('turns ragged rows and NUL bytes into bad rows with their line, and goes on', async () => {
    const f = tmp.write(
      'b.csv',
      `${HEADER}\nr1,A B,1990,Pfizer,2021-08-01,F1,\nr2,too,few\nr3,C\u0000D,1990,Pfizer,2021-08-01,F1,\nr4,E F,1990,Pfizer,2021-08-01,F1,\n`,
    );
    const items = await readAll(f);
    expect(items.map((i) => (i.kind === 'row' ? `row:${i.row.source.line}` : `${i.bad.code}:${i.bad.source.line}`))).toEqual([
      'row:2',
      'ROW_FIELD_COUNT:3',
      'ROW_BINARY:4',
      'row:5',
    ]);
  });

  it('reads semicolon-separated files', async () => {
    const f = tmp.write('c.csv', `${HEADER.replaceAll(',', ';')}\nr1;A B;1990;Pfizer;2021-08-01;F1;x\n`);
    const items = await readAll(f);
    expect(items[0]!.kind === 'row' && items[0]!.row.values.facility_code).toBe('F1');
  });

  it('reads a valid UTF-8 file holding a genuine U+FFFD (text mangled upstream) instead of refusing it', async () => {
    const f = tmp.write(
      'fffd.csv',
      `${HEADER}\nr1,Nguy\ufffdn Thị Hoà,1985,Pfizer,2021-08-01,F1,\nr2,Trần Văn Đức,1990,Pfizer,2021-08-01,F1,\n`,
    );
    const items = await readAll(f);
    expect(items.map((i) => i.kind === 'row' && i.row.values.full_name)).toEqual(['Nguy\ufffdn Thị Hoà', 'Trần Văn Đức']);
  });

  it('reads a genuine U+FFFD cut by a read-chunk boundary', async () => {
    const row = (i: number) => `r${String(i).padStart(6, '0')},Nguyễn Văn An,1990,Pfizer,2021-08-01,F1,${'x'.repeat(40)}\n`;
    const parts = [`${HEADER}\n`];
    let bytes = Buffer.byteLength(parts[0]!);
    let i = 0;
    while (bytes + 2 * Buffer.byteLength(row(i)) < ingestConfig.readChunkBytes) {
      parts.push(row(i));
      bytes += Buffer.byteLength(row(i++));
    }
    // Pad the note of one more row so that its U+FFFD (EF BF BD) starts on the chunk's last byte.
    const head = `r${String(i).padStart(6, '0')},Nguyễn Văn An,1990,Pfizer,2021-08-01,F1,`;
    parts.push(`${head + 'x'.repeat(ingestConfig.readChunkBytes - 1 - bytes - Buffer.byteLength(head))}\ufffd\n`);
    const buf = Buffer.from(parts.join(''));
    expect(buf.subarray(ingestConfig.readChunkBytes - 1, ingestConfig.readChunkBytes + 2)).toEqual(Buffer.from('\ufffd'));
    const f = tmp.write('fffd-boundary.csv', buf);
    const items = await readAll(f);
    expect(items).toHaveLength(i + 1);
    const last = items.at(-1)!;
    expect(last.kind === 'row' && last.row.extra[0]!.endsWith('x\ufffd')).toBe(true);
  });

  it('refuses a Windows-1258 file whose first 64 KiB are plain ASCII, naming the file (FILE_ENCODING)', async () => {
    const ascii = `${HEADER}\n${`r1,Nguyen Van An,1990,Pfizer,2021-08-01,F1,${'x'.repeat(100)}\n`.repeat(800)}`;
    const f = tmp.write(
      'cp1258.csv',
      Buffer.concat([Buffer.from(ascii), iconv.encode('r2,Trần Văn Đức,1990,Pfizer,2021-08-01,F1,\n', 'windows1258')]),
    );
    const err = await readAll(f).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe('FILE_ENCODING');
    expect((err as InputError).message).toMatch(/cp1258\.csv: contains bytes that are not valid utf8 text/);
  });

  it('skips rows of delimiters only like blank lines (no ROW_FIELD_COUNT for a short one), the header included', async () => {
    const f = tmp.write('e.csv', `,,,,,,\n\n${HEADER}\nr1,A B,1990,Pfizer,2021-08-01,F1,\n,,,,,,\n,,\n"",,,,,,\n,,,,,,x\n`);
    let info: CsvFileInfo<DoseField> | null = null;
    const items: CsvItem<DoseField>[] = [];
    for await (const it of readCsv<DoseField>(f, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS, (i) => (info = i))) items.push(it);
    expect(info!.headerLine).toBe(3);
    expect(items.map((i) => (i.kind === 'row' ? `row:${i.row.source.line}` : `${i.bad.code}:${i.bad.source.line}`))).toEqual([
      'row:4',
      'row:8',
    ]);
  });

  it('reports extra columns that look like a known field (suspiciousExtraColumns) and maps the common Vietnamese variants', async () => {
    const f = tmp.write(
      'v.csv',
      'Họ tên,Ngày sinh,CMND/CCCD,Điện thoại,Mã cơ sở,Loại vắc xin,Lô vắc xin,Mũi số,Ngày tiêm,SĐT người nhà,Ghi chú\n' +
        'A B,1990,079185012345,0912345678,F1,Pfizer,PF1,2,2021-08-01,0987654321,x\n',
    );
    let info: CsvFileInfo<DoseField> | null = null;
    const items: CsvItem<DoseField>[] = [];
    for await (const it of readCsv<DoseField>(f, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS, (i) => (info = i))) items.push(it);
    const row = items[0]!.kind === 'row' ? items[0]!.row : null;
    expect(row?.values).toMatchObject({
      citizen_id: '079185012345',
      phone: '0912345678',
      facility_code: 'F1',
      vaccine: 'Pfizer',
      lot_number: 'PF1',
      dose_number: '2',
    });
    expect(info!.map.extraNames).toEqual(['SĐT người nhà', 'Ghi chú']);
    expect(info!.suspiciousExtraColumns.map((s) => [s.column, s.field, s.fieldMapped])).toEqual([[10, 'phone', true]]);
    expect(info!.suspiciousExtraColumns[0]!.message).toBe(
      'column 10 "SĐT người nhà" looks like phone, which is read from column 4 "Điện thoại"; this column is only passed through',
    );
  });

  it('names the file for an empty file and a missing file', async () => {
    const empty = tmp.write('empty.csv', '');
    await expect(readAll(empty)).rejects.toThrow(/empty\.csv: file is empty/);
    await expect(readAll(`${tmp.dir}/nope.csv`)).rejects.toThrow(/nope\.csv: file not found/);
  });
});
