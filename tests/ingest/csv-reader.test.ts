import { describe, expect, it } from 'vitest';
import { readCsv, sniffDelimiter, type CsvItem } from '../../src/ingest/csv-reader.js';
import { DOSE_COLUMN_ALIASES } from '../../src/config/ingest.js';
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
      '\ufeff' + HEADER + '\r\n' + 'r1,"Nguyễn, Văn A",01/02/1990,Pfizer,2021-08-01,F1,"two\r\nlines"\r\n' + 'r2,Lê Thị Hòa,1960,AZ,2021-08-02,F1,\r\n',
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
    const f = tmp.write('b.csv', `${HEADER}\nr1,A B,1990,Pfizer,2021-08-01,F1,\nr2,too,few\nr3,C\u0000D,1990,Pfizer,2021-08-01,F1,\nr4,E F,1990,Pfizer,2021-08-01,F1,\n`);
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

  it('names the file for an empty file and a missing file', async () => {
    const empty = tmp.write('empty.csv', '');
    await expect(readAll(empty)).rejects.toThrow(/empty\.csv: file is empty/);
    await expect(readAll(tmp.dir + '/nope.csv')).rejects.toThrow(/nope\.csv: file not found/);
  });
});
