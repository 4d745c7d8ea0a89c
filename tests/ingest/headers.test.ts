import { describe, expect, it } from 'vitest';
import { foldHeader, mapHeaders } from '../../src/ingest/headers.js';
import { DOSE_COLUMN_ALIASES } from '../../src/config/ingest.js';
import { REQUIRED_DOSE_FIELDS } from '../../src/types.js';
import { InputError } from '../../src/errors.js';

describe('foldHeader', () => {
  it.each([
    ['Họ và tên', 'hovaten'],
    ['HỌ VÀ TÊN', 'hovaten'],
    ['Ho va ten', 'hovaten'],
    ['  full_name ', 'fullname'],
    ['Số CCCD/CMND', 'socccdcmnd'],
    ['Mã cơ sở tiêm', 'macosotiem'],
    ['Ngày sinh', 'ngaysinh'],
    ['Ðơn vị', 'donvi'],
  ])('%s -> %s', (input, expected) => expect(foldHeader(input)).toBe(expected));
});

const VI = ['Mã bản ghi', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD/CMND', 'Số điện thoại', 'Mã xã', 'Mã cơ sở tiêm', 'Tên vắc xin', 'Số lô', 'Mũi tiêm', 'Ngày tiêm'];

describe('mapHeaders', () => {
  it('accepts the Vietnamese platform headers, in any case and spacing', () => {
    const m = mapHeaders('a.csv', VI.map((h) => h.toUpperCase()), DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS);
    expect(m.index.full_name).toBe(1);
    expect(m.index.dose_date).toBe(11);
    expect(m.index.citizen_id).toBe(4);
    expect(m.extraIndexes).toEqual([]);
  });
  it('keeps unknown columns as pass-through, naming blank headers', () => {
    const m = mapHeaders('a.csv', ['full_name', 'birth_date', 'vaccine', 'dose_date', 'facility_code', 'note', ''], DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS);
    expect(m.extraNames).toEqual(['note', 'column_7']);
    expect(m.extraIndexes).toEqual([5, 6]);
  });
  it('names the file and every missing column', () => {
    try {
      mapHeaders('doses_a.csv', ['full_name', 'vaccine', 'dose_date'], DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).message).toMatch(/^doses_a\.csv:1 .*birth_date, facility_code/);
      expect((e as InputError).exitCode).toBe(2);
    }
  });
  it('refuses two columns for one field', () => {
    expect(() => mapHeaders('a.csv', ['full_name', 'Họ và tên', 'birth_date', 'vaccine', 'dose_date', 'facility_code'], DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS)).toThrow(/two columns map to "full_name"/);
  });
});
