import { describe, expect, it } from 'vitest';
import { CODES } from '../../src/codes.js';
import { CLEAN_COLUMNS, CLEAN_COLUMNS_2025, DUPLICATE_COLUMNS, MISMATCH_COLUMNS, REJECT_COLUMNS } from '../../src/report/outputs.js';
import { DAILY_COLUMNS, DAILY_COLUMNS_2025 } from '../../src/report/daily.js';
import { GAP_COLUMNS } from '../../src/report/gap.js';
import { describeCode, describeStatus, headerFor, headersFor, parseLang } from '../../src/report/lang.js';

const EVERY_COLUMN = [
  ...new Set([
    ...CLEAN_COLUMNS,
    ...DUPLICATE_COLUMNS,
    ...MISMATCH_COLUMNS,
    ...REJECT_COLUMNS,
    ...DAILY_COLUMNS,
    ...GAP_COLUMNS,
    ...CLEAN_COLUMNS_2025,
    ...DAILY_COLUMNS_2025,
  ]),
];

describe('headerFor', () => {
  it.each(EVERY_COLUMN)('%s has a Vietnamese header and keeps its name in English', (c) => {
    expect(headerFor(c, 'en')).toBe(c);
    const vi = headerFor(c, 'vi');
    expect(vi).not.toBe(c);
    expect(vi.normalize('NFC')).toBe(vi);
  });

  it('uses the platform names of the input columns', () => {
    expect(headersFor(['full_name', 'facility_code', 'dose_date', 'lot_number'], 'vi')).toEqual([
      'Họ và tên',
      'Mã cơ sở tiêm',
      'Ngày tiêm',
      'Số lô',
    ]);
  });

  it('gives distinct Vietnamese headers within each file', () => {
    for (const cols of [
      CLEAN_COLUMNS,
      CLEAN_COLUMNS_2025,
      DUPLICATE_COLUMNS,
      MISMATCH_COLUMNS,
      REJECT_COLUMNS,
      DAILY_COLUMNS,
      DAILY_COLUMNS_2025,
      GAP_COLUMNS,
    ]) {
      const vi = headersFor(cols, 'vi');
      expect(new Set(vi).size).toBe(vi.length);
    }
  });

  it('keeps pass-through input columns as they were named', () => {
    expect(headerFor('Ghi chú', 'vi')).toBe('Ghi chú');
  });
});

describe('describeCode and describeStatus', () => {
  it.each(Object.keys(CODES))('%s is described in both languages', (code) => {
    expect(describeCode(code, 'en')).not.toBe(code);
    expect(describeCode(code, 'vi')).not.toBe(describeCode(code, 'en'));
  });
  it('returns an unknown code as is', () => expect(describeCode('NO_SUCH_CODE', 'vi')).toBe('NO_SUCH_CODE'));
  it('describes link statuses', () => {
    expect(describeStatus('review', 'vi')).toBe('Cần xác minh');
    expect(describeStatus('other', 'en')).toBe('other');
  });
  it.each([
    ['en', 'en'],
    ['vi', 'vi'],
    ['fr', null],
  ])('parseLang(%s) -> %s', (v, expected) => expect(parseLang(v)).toBe(expected));
});
