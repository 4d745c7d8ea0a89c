import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  birthResultKey,
  birthTooOldAt,
  civilFromDays,
  dateOrderEvidence,
  daysFromCivil,
  parseBirthDate,
  parseDoseDate,
  type BirthContext,
  type DateOptions,
  type DateOrder,
} from '../../src/normalize/dates.js';

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
    // Written in words, with or without accents (and decomposed): the words settle the order.
    ['ngày 23 tháng 2 năm 2007', '2007-02-23', 'day', []],
    ['Ngày 3 tháng 12 năm 1985', '1985-12-03', 'day', []],
    ['ngay 3 thang 12 nam 1985', '1985-12-03', 'day', []],
    ['ngày 3, tháng 12, năm 1985'.normalize('NFD'), '1985-12-03', 'day', []],
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
    // The ID's century decides when its own two-digit year confirms it: G=0/1 -> 1900s, G=2/3 -> 2000s.
    ['15/03/05', 1905, '1905-03-15'],
    ['15/03/10', 2010, '2010-03-15'],
    ['150356', undefined, '1956-03-15'],
    ['56', undefined, '1956'],
  ];
  it.each(cases)('%s (ID birth year %s) -> %s', (raw, idBirthYear, iso) => {
    const r = parseBirthDate(raw, opts, { idBirthYear });
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
    ['ngày 12 tháng 9 năm 2021', '2021-09-12', []],
    ['ngày 31 tháng 6 năm 2021', null, ['DOSE_DATE_INVALID']],
    ['ngày 12 tháng 9', null, ['DOSE_DATE_INVALID']],
  ];
  it.each(cases)('%s -> %s', (raw, iso, expected) => {
    const r = parseDoseDate(raw, doseOpts);
    expect(r.iso).toBe(iso);
    expect(codes(r.problems)).toEqual(expected);
  });
});

describe('parseDoseDate: the column order', () => {
  const cases: [string, DateOrder, string | null, string[]][] = [
    // Both parts <= 12: the column's order decides, and a month-first reading is reported.
    ['8/3/2021', 'dmy', '2021-03-08', []],
    ['8/3/2021', 'mdy', '2021-08-03', ['DATE_MONTH_FIRST']],
    ['10/7/2021 12:00:00 AM', 'mdy', '2021-10-07', ['DATE_MONTH_FIRST']],
    ['08-03-21', 'mdy', '2021-08-03', ['DATE_MONTH_FIRST']],
    // A value that proves its order is read that way whatever the column says.
    ['8/24/2021', 'mdy', '2021-08-24', ['DOSE_DATE_MONTH_FIRST']],
    ['8/24/2021', 'dmy', '2021-08-24', ['DOSE_DATE_MONTH_FIRST']],
    ['24/8/2021', 'mdy', '2021-08-24', []],
    // Same day and month: nothing to swap.
    ['7/7/2021', 'mdy', '2021-07-07', []],
    // ISO, serials, month names and digit runs are not d/m/y text: unaffected.
    ['2021-08-03', 'mdy', '2021-08-03', []],
    ['44411', 'mdy', '2021-08-03', []],
    ['03-Aug-2021', 'mdy', '2021-08-03', []],
    ['03082021', 'mdy', '2021-08-03', []],
    ['13/13/2021', 'mdy', null, ['DOSE_DATE_INVALID']],
  ];
  it.each(cases)('%s (%s) -> %s', (raw, order, iso, expected) => {
    const r = parseDoseDate(raw, doseOpts, order);
    expect(r.iso).toBe(iso);
    expect(codes(r.problems)).toEqual(expected);
  });
});

describe('parseBirthDate: the column order', () => {
  const cases: [string, DateOrder, string | null, string | null, string[]][] = [
    // [raw, order, iso, swapped candidate, codes]
    ['11/5/1990', 'dmy', '1990-05-11', '1990-11-05', []],
    // Read month-first, the day-first reading stays the swapped candidate for linkage.
    ['11/5/1990', 'mdy', '1990-11-05', '1990-05-11', ['DATE_MONTH_FIRST']],
    ['3/10/85', 'mdy', '1985-03-10', '1985-10-03', ['BIRTH_DATE_TWO_DIGIT_YEAR', 'DATE_MONTH_FIRST']],
    ['12/25/1960', 'mdy', '1960-12-25', null, ['BIRTH_DATE_MONTH_FIRST']],
    ['25/12/1960', 'mdy', '1960-12-25', null, []],
    ['1/1/1990', 'mdy', '1990', null, ['BIRTH_DATE_YEAR_ONLY']],
    ['0/0/1990', 'mdy', '1990', null, ['BIRTH_DATE_YEAR_ONLY']],
    ['05-Nov-1990', 'mdy', '1990-11-05', '1990-05-11', []],
    ['1990-11-05', 'mdy', '1990-11-05', '1990-05-11', []],
    ['051190', 'mdy', '1990-11-05', '1990-05-11', ['BIRTH_DATE_TWO_DIGIT_YEAR']],
  ];
  it.each(cases)('%s (%s) -> %s', (raw, order, iso, swapped, expected) => {
    const r = parseBirthDate(raw, opts, { order });
    expect(r.date?.iso ?? null).toBe(iso);
    expect(r.date?.swapped ?? null).toBe(swapped);
    expect(codes(r.problems)).toEqual(expected);
  });
});

describe('dateOrderEvidence', () => {
  const cases: [string, DateOrder | null][] = [
    ['24/8/2021', 'dmy'],
    ['24/08/2021', 'dmy'],
    ['13-1-85', 'dmy'],
    ['31.12.1990', 'dmy'],
    ['8/24/2021', 'mdy'],
    ['8/24/2021 12:00:00 AM', 'mdy'],
    ['12/13/1990', 'mdy'],
    ['1-13-85', 'mdy'],
    // Could be read either way, or not a separated d/m/y text.
    ['8/3/2021', null],
    ['12/12/2021', null],
    ['2021-08-24', null],
    ['24-Aug-2021', null],
    ['44411', null],
    ['24082021', null],
    ['13/13/2021', null],
    ['32/1/2021', null],
    ['0/13/2021', null],
    ['13/0/2021', null],
    ['1990', null],
    ['', null],
    ['không rõ', null],
  ];
  it.each(cases)('%s -> %s', (raw, expected) => expect(dateOrderEvidence(raw)).toBe(expected));
});

describe('parseBirthDate: the century of a two-digit year', () => {
  const cases: [string, BirthContext, string | null, string[]][] = [
    // [raw, context, iso, codes beyond BIRTH_DATE_TWO_DIGIT_YEAR]
    // A relative's ID (born 1978): 1907 is 114 at the dose, so 2007 is the only plausible century.
    ['06-05-07', { idBirthYear: 1978, atIso: '2021-09-01' }, '2007-05-06', []],
    // 1913 (109) and 2013 are both plausible and the ID's year (91) is not 13: the most recent, reported.
    ['12-03-13', { idBirthYear: 1991, atIso: '2022-08-01' }, '2013-03-12', ['BIRTH_DATE_CENTURY_AMBIGUOUS']],
    // The ID's own year is 13: it is the person's own ID.
    ['12-03-13', { idBirthYear: 1913, atIso: '2022-08-01' }, '1913-03-12', []],
    ['12-03-13', { idBirthYear: 2013, atIso: '2022-08-01' }, '2013-03-12', []],
    // An ID century that is not plausible loses, even when its year agrees (1905 is 116 at the dose).
    ['15/03/05', { idBirthYear: 1905, atIso: '2021-07-20' }, '2005-03-15', []],
    // ID century 2000 (a G-digit typo?) would give 2085, in the future.
    ['15/03/85', { idBirthYear: 2005, atIso: '2021-07-20' }, '1985-03-15', []],
    // Without a dose date the age limit is maxAgeYears today: 1905 (117) is plausible, the ID's 78 is not 05.
    ['15/03/05', { idBirthYear: 1978 }, '2005-03-15', ['BIRTH_DATE_CENTURY_AMBIGUOUS']],
    // Without an ID: the most recent plausible century; born after the dose is not plausible.
    ['15/03/22', { atIso: '2021-07-20' }, '1922-03-15', []],
    ['15/03/22', {}, '2022-03-15', []],
    ['15/03/12', { atIso: '2021-07-20' }, '2012-03-15', []],
    ['56', { atIso: '2021-07-20' }, '1956', ['BIRTH_DATE_YEAR_ONLY']],
    ['01/01/07', { idBirthYear: 1978, atIso: '2021-07-20' }, '2007', ['BIRTH_DATE_YEAR_ONLY']],
  ];
  it.each(cases)('%s %j -> %s', (raw, ctx, iso, extra) => {
    const r = parseBirthDate(raw, opts, ctx);
    expect(r.date?.iso ?? null).toBe(iso);
    expect(
      codes(r.problems)
        .filter((c) => c !== 'BIRTH_DATE_TWO_DIGIT_YEAR')
        .sort(),
    ).toEqual(extra.slice().sort());
    expect(codes(r.problems)).toContain('BIRTH_DATE_TWO_DIGIT_YEAR');
  });

  it('the result key tells exactly when two contexts read a text the same way', () => {
    const contexts: BirthContext[] = [
      {},
      { order: 'mdy' },
      { idBirthYear: 1978, atIso: '2021-09-01' },
      { idBirthYear: 2007, atIso: '2021-09-01' },
      { idBirthYear: 1991, atIso: '2022-08-01' },
      { idBirthYear: 1913, atIso: '2022-08-01' },
      { idBirthYear: 1911, atIso: '2021-03-10' },
      { atIso: '2021-07-20' },
      { idBirthYear: 1905, atIso: '2021-07-20', order: 'mdy' },
    ];
    for (const raw of ['06-05-07', '12-03-13', '12-03-11', '15/03/22', '11/5/1990', '15/03/1990', '56', '01/01/07', 'x']) {
      for (const a of contexts) {
        for (const b of contexts) {
          if (birthResultKey(raw, opts, a) === birthResultKey(raw, opts, b)) {
            expect(parseBirthDate(raw, opts, b), `${raw} ${JSON.stringify(a)} ${JSON.stringify(b)}`).toEqual(parseBirthDate(raw, opts, a));
          }
        }
      }
      // Texts without a two-digit year ignore the ID and the dose date.
      if (!/\b\d\d$/.test(raw) || raw.length > 8)
        expect(birthResultKey(raw, opts, { idBirthYear: 1978, atIso: '2021-09-01' })).toBeLessThan(2);
    }
  });
});

describe('birthTooOldAt', () => {
  const cases: [string, string, string | null][] = [
    ['01/05/1911', '2021-05-01', null],
    ['01/05/1910', '2021-04-30', null],
    ['01/05/1910', '2021-05-01', 'BIRTH_DATE_TOO_OLD'],
    ['1910', '2021-05-01', 'BIRTH_DATE_TOO_OLD'],
    ['1911', '2021-05-01', null],
  ];
  it.each(cases)('born %s, dose %s -> %s', (raw, at, code) => {
    const date = parseBirthDate(raw, opts).date!;
    expect(birthTooOldAt(date, at, raw, opts)?.code ?? null).toBe(code);
  });
});

describe('properties', () => {
  const dayArb = fc.integer({ min: daysFromCivil(1903, 1, 1), max: daysFromCivil(2022, 8, 5) });
  it('civil <-> days round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200000, max: 200000 }), (z) => {
        const [y, m, d] = civilFromDays(z);
        return daysFromCivil(y, m, d) === z;
      }),
    );
  });
  it('dd/mm/yyyy of any valid past date parses back to the same ISO, and ISO output re-parses to itself', () => {
    fc.assert(
      fc.property(dayArb, (z) => {
        const [y, m, d] = civilFromDays(z);
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const r = parseBirthDate(`${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`, opts);
        const again = parseBirthDate(r.date!.iso, opts);
        return (r.date!.precision === 'year' ? r.date!.iso === String(y) : r.date!.iso === iso) && again.date!.iso === r.date!.iso;
      }),
    );
  });
  it('Excel 1900 serials agree with the JavaScript Date epoch rule for serials > 60', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 100, max: 999 }), fc.integer({ min: 10000, max: 99999 })), (serial) => {
        const expected = new Date(Date.UTC(1899, 11, 30) + serial * 86400000).toISOString().slice(0, 10);
        const r = parseDoseDate(String(serial), { ...doseOpts, today: '2199-12-31' });
        return r.iso === expected;
      }),
    );
  });
});
