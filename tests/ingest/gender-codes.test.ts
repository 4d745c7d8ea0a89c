import { describe, expect, it } from 'vitest';
import { readCsv, readCsvBatches, type CsvItem } from '../../src/ingest/csv-reader.js';
import {
  bareDigit,
  decideGenderCodes,
  describeGenderCodes,
  withGenderCodeBatches,
  withGenderCodes,
  type GenderCodeDecision,
} from '../../src/ingest/gender-codes.js';
import { DOSE_COLUMN_ALIASES } from '../../src/config/ingest.js';
import { normalizeConfig } from '../../src/config/normalize.js';
import { REQUIRED_DOSE_FIELDS, type DoseField } from '../../src/types.js';
import { scratch } from '../helpers/tmp.js';

// 12-digit IDs (DOMAIN.md 1.1): 4th digit 0 = male born 19xx, 1 = female born 19xx; 2/3 the same for 20xx.
const MALE_ID = '001085012345';
const FEMALE_ID = '001185012345';
const MALE_2000S_ID = '079205012345';
const FEMALE_2000S_ID = '079305012345';

/** `n` rows whose gender cell is `code` and whose ID encodes `idGender`. */
function rows(code: string, idGender: 'M' | 'F', n: number, id?: string): { gender: string; citizen_id: string }[] {
  return Array.from({ length: n }, () => ({ gender: code, citizen_id: id ?? (idGender === 'M' ? MALE_ID : FEMALE_ID) }));
}

describe('bareDigit', () => {
  it.each([
    ['1', '1'],
    [' 0 ', '0'],
    ['2', '2'],
    ['10', null],
    ['1.0', null],
    ['Nam', null],
    ['', null],
    ['١', null],
  ])('%j -> %j', (cell, digit) => {
    expect(bareDigit(cell)).toBe(digit);
  });
});

describe('decideGenderCodes', () => {
  const min = normalizeConfig.genderCodes.minRows;
  const cases: [string, { gender: string; citizen_id: string }[], GenderCodeDecision['basis'], Record<string, string> | null][] = [
    ['1/0 file, 1 = male', [...rows('1', 'M', 30), ...rows('0', 'F', 25)], 'learned', { 1: 'M', 0: 'F' }],
    ['1/0 file, 1 = female', [...rows('1', 'F', 30), ...rows('0', 'M', 25)], 'learned', { 1: 'F', 0: 'M' }],
    ['1/2 file', [...rows('1', 'M', 40), ...rows('2', 'F', 40)], 'learned', { 1: 'M', 2: 'F' }],
    [
      '1/2 file, IDs of people born in the 2000s',
      [...rows('1', 'M', 25, MALE_2000S_ID), ...rows('2', 'F', 25, FEMALE_2000S_ID)],
      'learned',
      { 1: 'M', 2: 'F' },
    ],
    // A relative's ID or a typo: a few disagreements do not stop the mapping (28/30 = 93% agree).
    [
      'a few disagreements',
      [...rows('1', 'M', 28), ...rows('1', 'F', 2), ...rows('0', 'F', 19), ...rows('0', 'M', 1)],
      'learned',
      { 1: 'M', 0: 'F' },
    ],
    // Exactly at the thresholds.
    [
      'minRows rows and minShare agreement per digit',
      [...rows('1', 'M', 18), ...rows('1', 'F', 2), ...rows('0', 'F', min)],
      'learned',
      { 1: 'M', 0: 'F' },
    ],
    // A stray third digit with little evidence is left unread.
    ['stray third digit', [...rows('1', 'M', 40), ...rows('0', 'F', 40), ...rows('2', 'F', 6)], 'learned', { 1: 'M', 0: 'F' }],
    ['one row short on a digit', [...rows('1', 'M', 30), ...rows('0', 'F', min - 1)], 'too-few', null],
    // A Nam/Nữ file with a few stray codes (the independent generator's f_bvdk.csv: 15 "2", 6 "1").
    ['stray codes in a word file', [...rows('2', 'F', 15), ...rows('1', 'M', 6), ...rows('Nam', 'M', 500)], 'too-few', null],
    ['inconsistent digit', [...rows('1', 'M', 25), ...rows('1', 'F', 5), ...rows('0', 'F', 30)], 'inconsistent', null],
    [
      'two coding systems in one file',
      [...rows('1', 'M', 30), ...rows('0', 'F', 30), ...rows('1', 'F', 30), ...rows('2', 'M', 30)],
      'inconsistent',
      null,
    ],
    ['both digits the same gender', [...rows('1', 'M', 30), ...rows('0', 'M', 30)], 'one-gender', null],
    ['only one digit used', rows('1', 'M', 100), 'too-few', null],
    ['no IDs', [...rows('1', 'M', 30, ''), ...rows('0', 'F', 30, '')], 'none', null],
    ['9-digit CMNDs only (no gender in them)', [...rows('1', 'M', 30, '012345678'), ...rows('0', 'F', 30, '012345679')], 'none', null],
    [
      'invalid 12-digit IDs (unknown province)',
      [...rows('1', 'M', 30, '003085012345'), ...rows('0', 'F', 30, '003185012345')],
      'none',
      null,
    ],
    ['gender words only', [...rows('Nam', 'M', 30), ...rows('Nữ', 'F', 30)], 'none', null],
    ['empty sample', [], 'none', null],
  ];
  it.each(cases)('%s', (_, samples, basis, codes) => {
    const d = decideGenderCodes(samples);
    expect(d.basis).toBe(basis);
    expect(d.codes).toEqual(codes);
  });

  it('restores the leading zero Excel dropped from an ID before reading its gender', () => {
    const d = decideGenderCodes([...rows('1', 'M', 20, MALE_ID.slice(1)), ...rows('0', 'F', 20, FEMALE_ID.slice(1))]);
    expect(d.codes).toEqual({ 1: 'M', 0: 'F' });
  });

  it('keeps the evidence per digit, and explains itself in one line', () => {
    const d = decideGenderCodes([...rows('1', 'M', 28), ...rows('1', 'F', 2), ...rows('0', 'F', 20), ...rows('2', 'F', 3)]);
    expect(d.rows).toBe(53);
    expect(d.digits).toEqual([
      { digit: '0', male: 0, female: 20, gender: 'F' },
      { digit: '1', male: 28, female: 2, gender: 'M' },
      { digit: '2', male: 0, female: 3, gender: null },
    ]);
    expect(describeGenderCodes(d)).toBe('0 = F, 1 = M (learned from 53 rows with a 12-digit ID; 0: 0 M, 20 F; 1: 28 M, 2 F; 2: 0 M, 3 F)');
    expect(describeGenderCodes(decideGenderCodes(rows('1', 'M', 5)))).toBe('numeric gender codes not read (too-few; IDs say 1: 5 M, 0 F)');
  });

  it('follows the options it is given', () => {
    const samples = [...rows('1', 'M', 5), ...rows('0', 'F', 5)];
    expect(decideGenderCodes(samples).codes).toBeNull();
    expect(decideGenderCodes(samples, { minRows: 5, minShare: 0.9 }).codes).toEqual({ 1: 'M', 0: 'F' });
  });
});

describe('withGenderCodeBatches', () => {
  const tmp = scratch();
  let n = 0;
  const HEADER = 'record_id,full_name,birth_date,gender,citizen_id,vaccine,dose_date,facility_code';
  const file = (lines: string[]): string => tmp.write(`g${n++}.csv`, `${[HEADER, ...lines].join('\n')}\n`);
  const row = (i: number, gender: string, id: string) => `r${i},Nguyễn Văn Thành,1985,${gender},${id},Pfizer,20/07/2021,F1`;
  const key = (it: CsvItem<DoseField>): string =>
    it.kind === 'row' ? `${it.row.source.line}:${it.row.cells.join('|')}` : `${it.bad.source.line}:${it.bad.code}`;

  async function decide(path: string, sampleRows?: number): Promise<{ decision: GenderCodeDecision; items: string[]; batches: number }> {
    let decision: GenderCodeDecision | null = null;
    const items: string[] = [];
    let batches = 0;
    for await (const batch of withGenderCodeBatches(
      readCsvBatches<DoseField>(path, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS),
      (d) => (decision = d),
      sampleRows,
    )) {
      // The decision reaches the caller before the first row does.
      expect(decision).not.toBeNull();
      batches++;
      for (const it of batch) items.push(key(it));
    }
    return { decision: decision!, items, batches };
  }

  it('learns a 1/0 file', async () => {
    const f = file(Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? row(i, '1', MALE_ID) : row(i, '0', FEMALE_ID))));
    const { decision, items } = await decide(f);
    expect(decision.codes).toEqual({ 1: 'M', 0: 'F' });
    expect(items).toHaveLength(60);
  });

  it('decides on the sampled rows only, and yields every item in order over several batches', async () => {
    // The first 100 items hold the 1 = male, 0 = female evidence; every later row says the opposite.
    const lines = Array.from({ length: 30000 }, (_, i) => {
      if (i % 997 === 0) return `r${i},only,three`;
      const male = i % 2 === 0;
      return i < 100 ? row(i, male ? '1' : '0', male ? MALE_ID : FEMALE_ID) : row(i, male ? '1' : '0', male ? FEMALE_ID : MALE_ID);
    });
    const f = file(lines);
    const perRow: string[] = [];
    for await (const it of readCsv<DoseField>(f, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS)) perRow.push(key(it));
    const small = await decide(f, 100);
    expect(small.decision).toMatchObject({ basis: 'learned', codes: { 1: 'M', 0: 'F' }, rows: 99 });
    expect(small.items).toEqual(perRow);
    expect(small.batches).toBeGreaterThan(1);
    // A 200-row sample sees half of each: inconsistent, refused. The default sample (2000) is mostly the later rows.
    const mixed = await decide(f, 200);
    expect(mixed.decision).toMatchObject({ basis: 'inconsistent', codes: null });
    expect(mixed.items).toEqual(perRow);
    const large = await decide(f);
    expect(large.decision.codes).toEqual({ 1: 'F', 0: 'M' });
    expect(large.items).toEqual(perRow);
  });

  it('decides on an empty file, on a file shorter than the sample, and on a file without an ID column', async () => {
    expect((await decide(file([]))).decision).toMatchObject({ basis: 'none', codes: null, rows: 0 });
    const items: CsvItem<DoseField>[] = [];
    let decision: GenderCodeDecision | null = null;
    const short = file([row(1, '1', MALE_ID), row(2, '0', FEMALE_ID)]);
    for await (const it of withGenderCodes(
      readCsvBatches<DoseField>(short, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS),
      (d) => (decision = d),
    ))
      items.push(it);
    expect(items).toHaveLength(2);
    expect(decision!).toMatchObject({ basis: 'too-few', rows: 2 });
    const noIds = tmp.write(
      'noid.csv',
      `${['record_id,full_name,birth_date,gender,vaccine,dose_date,facility_code', 'r1,An,1985,1,Pfizer,20/07/2021,F1'].join('\n')}\n`,
    );
    expect((await decide(noIds)).decision.basis).toBe('none');
  });
});
