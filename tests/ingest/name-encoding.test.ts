import { describe, expect, it } from 'vitest';
import { readCsv, readCsvBatches, type CsvItem } from '../../src/ingest/csv-reader.js';
import { ENCODING_SAMPLE_ROWS, withNameEncodingBatches } from '../../src/ingest/name-encoding.js';
import { DOSE_COLUMN_ALIASES } from '../../src/config/ingest.js';
import { REQUIRED_DOSE_FIELDS, type DoseField } from '../../src/types.js';
import { scratch } from '../helpers/tmp.js';

const HEADER = 'record_id,full_name,birth_date,vaccine,dose_date,facility_code';

/** Enough rows for several read chunks, with bad rows mixed in, so batches split the sample window. */
function bigFile(rows: number): string {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    lines.push(i % 997 === 0 ? `r${i},only,three` : `r${i},Nguyễn Văn Thành ${'x'.repeat(i % 40)},01/02/1990,Pfizer,2021-08-01,F${i % 7}`);
  }
  return `${lines.join('\n')}\n`;
}

function key(it: CsvItem<DoseField>): string {
  return it.kind === 'row' ? `${it.row.source.line}:${it.row.cells.join('|')}` : `${it.bad.source.line}:${it.bad.code}`;
}

describe('batched reading', () => {
  const tmp = scratch();

  it('yields every item of the file in order, over several batches, after deciding', async () => {
    const f = tmp.write('big.csv', bigFile(ENCODING_SAMPLE_ROWS * 2 + 12345));
    const perRow: string[] = [];
    for await (const it of readCsv<DoseField>(f, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS)) perRow.push(key(it));
    const batched: string[] = [];
    let enc: unknown = 'unset';
    let batches = 0;
    for await (const batch of withNameEncodingBatches(
      readCsvBatches<DoseField>(f, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS),
      'full_name',
      (e) => (enc = e),
    )) {
      expect(enc).not.toBe('unset');
      batches++;
      for (const it of batch) batched.push(key(it));
    }
    expect(batches).toBeGreaterThan(1);
    expect(batched).toEqual(perRow);
    expect(enc).toBeNull();
  });

  it('decides on exactly the first ENCODING_SAMPLE_ROWS items', async () => {
    const rows = (n: number, name: string, from: number) =>
      Array.from({ length: n }, (_, i) => `r${from + i},${name},01/02/1990,Pfizer,2021-08-01,F1`);
    const decide = async (lines: string[]) => {
      const f = tmp.write(`s${lines.length}-${lines[1]!.length}.csv`, `${[HEADER, ...lines].join('\n')}\n`);
      let enc: unknown = 'unset';
      for await (const batch of withNameEncodingBatches(
        readCsvBatches<DoseField>(f, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS),
        'full_name',
        (e) => (enc = e),
      ))
        void batch;
      return enc;
    };
    // 300 TCVN3 names (15 %, above the 10 % share) inside the window are seen; any number after it are not.
    expect(await decide([...rows(ENCODING_SAMPLE_ROWS - 300, 'Lê Văn Hải', 0), ...rows(300, 'NguyÔn ThÞ Thñy', 1e6)])).toEqual({
      encoding: 'tcvn3',
      pure: false,
    });
    expect(await decide([...rows(ENCODING_SAMPLE_ROWS, 'Lê Văn Hải', 0), ...rows(5000, 'NguyÔn ThÞ Thñy', 1e6)])).toBeNull();
  });

  it('decides on a file shorter than the sample window', async () => {
    const f = tmp.write('small.csv', bigFile(10));
    let enc: unknown = 'unset';
    const out: string[] = [];
    for await (const batch of withNameEncodingBatches(
      readCsvBatches<DoseField>(f, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS),
      'full_name',
      (e) => (enc = e),
    ))
      for (const it of batch) out.push(key(it));
    expect(enc).not.toBe('unset');
    expect(out).toHaveLength(10);
  });
});
