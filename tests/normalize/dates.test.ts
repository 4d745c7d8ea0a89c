import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { civilFromDays, daysFromCivil, parseBirthDate, parseDoseDate, type DateOptions } from '../../src/normalize/dates.js';

const opts: DateOptions = { today: '2022-08-05', maxAgeYears: 120, date1904: false };
const doseOpts = { ...opts, campaignStart: '2021-03-08' };
const codes = (ps: { code: string }[]) => ps.map((p) => p.code);

describe('parseBirthDate: layouts', () => {
  const cases: [string, string | null, 'day' | 'year' | null, string[]][] = [
    ['15/03/1956', '1956-03-15', 'day', []],
    ['5/3/1956', '1956-03-05', 'day', []],
    ['05-03-1960', '1960-03-05', 'day', []],
    ['05.03.1960', '1960-03-05', 'day', []],
    [' 29/02/2000 ', '2000-02-29', 'day', []],
    ['1985-07-21', '1985-07-21', 'day', []],
    ['1985/07/21', '1985-07-21', 'day', []],
    ['21/07/1985 00:00:00', '1985-07-21', 'day', []],
    ['1985-07-21T00:00:00', '1985-07-21', 'day', []],
    ['21-Jul-1985', '1985-07-21', 'day', []],
    ['19850721', '1985-07-21', 'day', []],
    ['21071985', '1985-07-21', 'day', []],
    ['1956', '1956', 'year', ['BIRTH_DATE_YEAR_ONLY']],
    ['01/01/1956', '1956', 'year', ['BIRTH_DATE_YEAR_ONLY']],
    ['00/00/1956', '1956', 'year', ['BIRTH_DATE_YEAR_ONLY']],
    ['0/0/1956', '1956', 'year', ['BIRTH_DATE_YEAR_ONLY']],
    ['03/1956', '1956', 'year', ['BIRTH_DATE_YEAR_ONLY']],
    // Excel serials, 1900 system: 20529 = 1956-03-15; 61 = 1900-03-01; 59 = 1900-02-28 (too old, but decoded).
    ['20529', '1956-03-15', 'day', ['BIRTH_DATE_EXCEL_SERIAL']],
    ['20529.0', '1956-03-15', 'day', ['BIRTH_DATE_EXCEL_SERIAL']],
    ['31251', '1985-07-23', 'day', ['BIRTH_DATE_EXCEL_SERIAL']],
    // US-locale Excel: month first when the middle part cannot be a month.
    ['12/25/1960', '1960-12-25', 'day', ['BIRTH_DATE_MONTH_FIRST']],
  ];
  it.each(cases)('%s -> %s', (raw, iso, precision, expected) => {
    const r = parseBirthDate(raw, opts);
    expect(r.date?.iso ?? null).toBe(iso);
    expect(r.date?.precision ?? null).toBe(precision);
    expect(codes(r.problems)).toEqual(expected);
  });
});

describe('parseBirthDate: invalid, future, too old', () => {
  const cases: [string, string][] = [
    ['', 'BIRTH_DATE_MISSING'],
    ['   ', 'BIRTH_DATE_MISSING'],
    ['31/02/1990', 'BIRTH_DATE_INVALID'],
    ['29/02/1900', 'BIRTH_DATE_INVALID'],
    ['32/01/1990', 'BIRTH_DATE_INVALID'],
    ['15/13/1990', 'BIRTH_DATE_INVALID'],
    ['không rõ', 'BIRTH_DATE_INVALID'],
    ['15/03/19566', 'BIRTH_DATE_INVALID'],
    ['1.23457E+11', 'BIRTH_DATE_INVALID'],
    ['06/08/2022', 'BIRTH_DATE_FUTURE'],
    ['2030', 'BIRTH_DATE_FUTURE'],
    ['15/03/1890', 'BIRTH_DATE_TOO_OLD'],
    ['1901', 'BIRTH_DATE_TOO_OLD'],
    // Excel serial 60 is the fictitious 1900-02-29.
    ['060', 'BIRTH_DATE_INVALID'],
  ];
  it.each(cases)('%s -> %s', (raw, code) => {
    const r = parseBirthDate(raw, opts);
    expect(r.date).toBeNull();
    expect(codes(r.problems)).toEqual([code]);
  });

  it('age exactly maxAgeYears is accepted, one day older is not', () => {
    expect(parseBirthDate('06/08/1901', opts).date?.iso).toBe('1901-08-06');
    expect(codes(parseBirthDate('05/08/1901', opts).problems)).toEqual(['BIRTH_DATE_TOO_OLD']);
  });
  it('today itself is not in the future', () => {
    expect(parseBirthDate('05/08/2022', opts).date?.iso).toBe('2022-08-05');
  });
});

describe('parseBirthDate: two-digit years', () => {
  const cases: [string, number | undefined, string][] = [
    ['15/03/56', undefined, '1956-03-15'],
    ['15/03/05', undefined, '2005-03-15'],
    // Excel would make 25 -> 2025, which is in the future: fall back to 1925.
    ['15/03/25', undefined, '1925-03-15'],
    // The ID's century digit decides: G=0/1 -> 1900s, G=2/3 -> 2000s.
    ['15/03/05', 1900, '1905-03-15'],
    ['15/03/10', 2000, '2010-03-15'],
    ['150356', undefined, '1956-03-15'],
    ['56', undefined, '1956'],
  ];
  it.each(cases)('%s (idCentury %s) -> %s', (raw, century, iso) => {
    const r = parseBirthDate(raw, opts, century);
    expect(r.date?.iso).toBe(iso);
    expect(codes(r.problems)).toContain('BIRTH_DATE_TWO_DIGIT_YEAR');
  });
});

describe('parseBirthDate: swapped candidate', () => {
  const cases: [string, string | null][] = [
    ['05/03/1960', '1960-05-03'],
    ['12/11/1970', '1970-12-11'],
    ['07/07/1970', null],
    ['13/03/1960', null],
    ['1956', null],
  ];
  it.each(cases)('%s -> swapped %s', (raw, swapped) => {
    expect(parseBirthDate(raw, opts).date?.swapped ?? null).toBe(swapped);
  });
});

describe('Excel 1904 system', () => {
  it('serial 0 is 1904-01-01 and 19067 is 1956-03-15', () => {
    const o = { ...opts, date1904: true };
    expect(parseBirthDate('19067', o).date?.iso).toBe('1956-03-15');
    expect(parseDoseDate('43095', { ...doseOpts, date1904: true }).iso).toBe('2021-12-27');
  });
});

describe('parseDoseDate', () => {
  const cases: [string, string | null, string[]][] = [
    ['20/07/2021', '2021-07-20', []],
    ['2021-07-20', '2021-07-20', []],
    ['20/7/21', '2021-07-20', []],
    ['01/01/2022', '2022-01-01', []],
    ['44397', '2021-07-20', []],
    ['07/20/2021', '2021-07-20', ['DOSE_DATE_MONTH_FIRST']],
    ['01/03/2021', '2021-03-01', ['DOSE_DATE_BEFORE_CAMPAIGN']],
    ['20/08/2022', '2022-08-20', ['DOSE_DATE_FUTURE']],
    ['', null, ['DOSE_DATE_MISSING']],
    ['2021', null, ['DOSE_DATE_INVALID']],
    ['00/00/2021', null, ['DOSE_DATE_INVALID']],
    ['31/06/2021', null, ['DOSE_DATE_INVALID']],
    ['hôm qua', null, ['DOSE_DATE_INVALID']],
  ];
  it.each(cases)('%s -> %s', (raw, iso, expected) => {
    const r = parseDoseDate(raw, doseOpts);
    expect(r.iso).toBe(iso);
    expect(codes(r.problems)).toEqual(expected);
  });
});

describe('properties', () => {
  const dayArb = fc.integer({ min: daysFromCivil(1903, 1, 1), max: daysFromCivil(2022, 8, 5) });
  it('civil <-> days round-trips', () => {
    fc.assert(fc.property(fc.integer({ min: -200000, max: 200000 }), (z) => {
      const [y, m, d] = civilFromDays(z);
      return daysFromCivil(y, m, d) === z;
    }));
  });
  it('dd/mm/yyyy of any valid past date parses back to the same ISO, and ISO output re-parses to itself', () => {
    fc.assert(fc.property(dayArb, (z) => {
      const [y, m, d] = civilFromDays(z);
      const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      const r = parseBirthDate(`${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`, opts);
      const again = parseBirthDate(r.date!.iso, opts);
      return (r.date!.precision === 'year' ? r.date!.iso === String(y) : r.date!.iso === iso) && again.date!.iso === r.date!.iso;
    }));
  });
  it('Excel 1900 serials agree with the JavaScript Date epoch rule for serials > 60', () => {
    fc.assert(fc.property(fc.oneof(fc.integer({ min: 100, max: 999 }), fc.integer({ min: 10000, max: 99999 })), (serial) => {
      const expected = new Date(Date.UTC(1899, 11, 30) + serial * 86400000).toISOString().slice(0, 10);
      const r = parseDoseDate(String(serial), { ...doseOpts, today: '2199-12-31' });
      return r.iso === expected;
    }));
  });
});
