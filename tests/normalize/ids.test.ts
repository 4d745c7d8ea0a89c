import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkIdAgainstDetails, decodeCccd, normalizeCitizenId, PROVINCE_CODES } from '../../src/normalize/ids.js';
import type { PartialDate } from '../../src/types.js';

const codes = (ps: { code: string }[]) => ps.map((p) => p.code);

describe('PROVINCE_CODES', () => {
  it('has the 63 codes of Circular 07/2016', () => {
    expect(PROVINCE_CODES.size).toBe(63);
    expect(PROVINCE_CODES.get('001')).toBe('Hà Nội');
    expect(PROVINCE_CODES.get('079')).toBe('Hồ Chí Minh');
    expect(PROVINCE_CODES.get('096')).toBe('Cà Mau');
    for (const missing of ['003', '013', '090', '097']) expect(PROVINCE_CODES.has(missing)).toBe(false);
  });
});

describe('decodeCccd (DOMAIN.md 1.1: PPP G YY NNNNNN)', () => {
  const cases: [string, ReturnType<typeof decodeCccd>][] = [
    ['001085012345', { province: 'Hà Nội', gender: 'M', birthYear: 1985 }],
    ['079190001234', { province: 'Hồ Chí Minh', gender: 'F', birthYear: 1990 }],
    ['038205000111', { province: 'Thanh Hóa', gender: 'M', birthYear: 2005 }],
    ['048310000222', { province: 'Đà Nẵng', gender: 'F', birthYear: 2010 }],
    ['003085012345', null],
    ['00108501234', null],
  ];
  it.each(cases)('%s', (id, expected) => expect(decodeCccd(id)).toEqual(expected));
});

describe('normalizeCitizenId', () => {
  const cases: [string, string, string, string[]][] = [
    // raw, kind, value, problem codes
    ['001085012345', 'cccd', '001085012345', []],
    [' 001 085 012 345 ', 'cccd', '001085012345', []],
    ['001.085.012.345', 'cccd', '001085012345', []],
    ['001-085-012345', 'cccd', '001085012345', []],
    ["'001085012345", 'cccd', '001085012345', []],
    ['="079190001234"', 'cccd', '079190001234', []],
    ['1085012345', 'invalid', '', ['ID_BAD_FORMAT']],
    ['79190001234', 'cccd', '079190001234', ['ID_LEADING_ZERO_RESTORED']],
    // 11 digits whose padding would give province 099 (unknown): not repaired.
    ['99190001234', 'invalid', '', ['ID_BAD_FORMAT']],
    ['025123456', 'cmnd9', '025123456', []],
    ['271456789', 'cmnd9', '271456789', []],
    ['25123456', 'cmnd9', '025123456', ['ID_LEADING_ZERO_RESTORED']],
    ['1.23457E+11', 'invalid', '', ['ID_SCIENTIFIC_NOTATION']],
    ['7.9190001234e11', 'invalid', '', ['ID_SCIENTIFIC_NOTATION']],
    // A letter typed for a look-alike digit: a CCCD or CMND, not a passport.
    ['O79052623059', 'cccd', '079052623059', ['ID_LOOKALIKE_REPAIRED']],
    ['0790526230l9', 'cccd', '079052623019', ['ID_LOOKALIKE_REPAIRED']],
    ['O7905262305I', 'cccd', '079052623051', ['ID_LOOKALIKE_REPAIRED']],
    ['02512345O', 'cmnd9', '025123450', ['ID_LOOKALIKE_REPAIRED']],
    // ...only when the repaired value is valid, and never for a value that starts like a passport.
    ['O99052623059', 'passport', 'O99052623059', ['ID_PASSPORT']],
    ['O12345678', 'passport', 'O12345678', ['ID_PASSPORT']],
    ['C1234567', 'passport', 'C1234567', ['ID_PASSPORT']],
    ['b12345678', 'passport', 'B12345678', ['ID_PASSPORT']],
    ['N 1234567', 'passport', 'N1234567', ['ID_PASSPORT']],
    ['', 'missing', '', ['ID_MISSING']],
    ['Không có', 'missing', '', ['ID_MISSING']],
    ['chưa có', 'missing', '', ['ID_MISSING']],
    ['000000000', 'missing', '', ['ID_MISSING']],
    ['003085012345', 'invalid', '', ['ID_BAD_PROVINCE']],
    ['190085012345', 'invalid', '', ['ID_BAD_PROVINCE']],
    ['001485012345', 'invalid', '', ['ID_BAD_CENTURY']],
    ['001299012345', 'invalid', '', ['ID_BAD_CENTURY']],
    ['0010850123456', 'invalid', '', ['ID_BAD_FORMAT']],
    ['12345', 'invalid', '', ['ID_BAD_FORMAT']],
    ['CCCD 001085', 'invalid', '', ['ID_BAD_FORMAT']],
  ];
  it.each(cases)('%s -> %s %s', (raw, kind, value, expected) => {
    const r = normalizeCitizenId(raw, { currentYear: 2022 });
    expect(r.id.kind).toBe(kind);
    expect(r.id.value).toBe(value);
    expect(codes(r.problems)).toEqual(expected);
  });

  // Damage from a float conversion (pandas, Excel "Number" format), labels typed into the cell, full-width digits.
  const repairs: [string, string, string, string[], string][] = [
    // raw, kind, value, problem codes, fix
    ['79185012345.0', 'cccd', '079185012345', ['ID_LEADING_ZERO_RESTORED'], '079185012345'],
    ['79185012345,0', 'cccd', '079185012345', ['ID_LEADING_ZERO_RESTORED'], '079185012345'],
    ['079185012345.0', 'cccd', '079185012345', ['ID_FLOAT_REPAIRED'], '079185012345'],
    ['001090054321.00', 'cccd', '001090054321', ['ID_FLOAT_REPAIRED'], '001090054321'],
    ['25123456.0', 'cmnd9', '025123456', ['ID_LEADING_ZERO_RESTORED'], '025123456'],
    ['271456789.0', 'cmnd9', '271456789', ['ID_FLOAT_REPAIRED'], '271456789'],
    ['CCCD: 001090054321', 'cccd', '001090054321', ['ID_LABEL_REMOVED'], '001090054321'],
    ['CMND 025123456', 'cmnd9', '025123456', ['ID_LABEL_REMOVED'], '025123456'],
    ['Số CCCD 001090054321', 'cccd', '001090054321', ['ID_LABEL_REMOVED'], '001090054321'],
    [`${'So CCCD'.normalize('NFD')}:001090054321`, 'cccd', '001090054321', ['ID_LABEL_REMOVED'], '001090054321'],
    ['CCCD/CMND: 025123456', 'cmnd9', '025123456', ['ID_LABEL_REMOVED'], '025123456'],
    ['cmt025123456', 'cmnd9', '025123456', ['ID_LABEL_REMOVED'], '025123456'],
    ['CCCD: 79185012345.0', 'cccd', '079185012345', ['ID_LABEL_REMOVED', 'ID_LEADING_ZERO_RESTORED'], '079185012345'],
    ['\uff10\uff17\uff19\uff11\uff18\uff15\uff10\uff11\uff12\uff13\uff14\uff15', 'cccd', '079185012345', [], ''],
    [
      'CCCD\uff1a\uff10\uff10\uff11\uff10\uff19\uff10\uff10\uff15\uff14\uff13\uff12\uff11',
      'cccd',
      '001090054321',
      ['ID_LABEL_REMOVED'],
      '001090054321',
    ],
  ];
  it.each(repairs)('repairs %j -> %s %s', (raw, kind, value, expected, fix) => {
    const r = normalizeCitizenId(raw, { currentYear: 2022 });
    expect(r.id.kind).toBe(kind);
    expect(r.id.value).toBe(value);
    expect(codes(r.problems)).toEqual(expected);
    for (const p of r.problems) {
      expect(p.value).toBe(raw);
      expect(p.fix).toBe(fix);
    }
  });

  const refused: [string, string, string, string[]][] = [
    // A float never keeps a leading zero: "0" + 10 or 7 digits + ".0" is a hand-typed separator, read as before.
    ['07918501234.0', 'cccd', '079185012340', []],
    ['02512345.0', 'cmnd9', '025123450', []],
    // E-notation stays unrecoverable, label or not.
    ['1.0E+11', 'invalid', '', ['ID_SCIENTIFIC_NOTATION']],
    ['CCCD 7.9185E+10', 'invalid', '', ['ID_SCIENTIFIC_NOTATION']],
    // A label is only taken off a number: a passport or a word after it is not an ID.
    ['CMT B1234567', 'invalid', '', ['ID_BAD_FORMAT']],
    ['Sơn 123456789', 'invalid', '', ['ID_BAD_FORMAT']],
    // S/B/G/Z for 5/8/6/2 are not guessed: they collide with passport letters.
    ['0010900S4321', 'invalid', '', ['ID_BAD_FORMAT']],
    ['00109OO5432B', 'invalid', '', ['ID_BAD_FORMAT']],
  ];
  it.each(refused)('leaves %j alone -> %s %s', (raw, kind, value, expected) => {
    const r = normalizeCitizenId(raw, { currentYear: 2022 });
    expect(r.id.kind).toBe(kind);
    expect(r.id.value).toBe(value);
    expect(codes(r.problems)).toEqual(expected);
  });

  it('says what was dropped', () => {
    expect(normalizeCitizenId('79185012345,0').problems[0].detail).toMatch(/",0" was dropped.*leading zero/);
    expect(normalizeCitizenId('Số CCCD: 001090054321').problems[0].detail).toContain('"Số CCCD:"');
  });

  it('decodes province, gender and birth year of a valid CCCD', () => {
    expect(normalizeCitizenId('079190001234').id).toEqual({
      value: '079190001234',
      kind: 'cccd',
      province: 'Hồ Chí Minh',
      gender: 'F',
      birthYear: 1990,
    });
  });
  it('names the field it was asked to', () => {
    expect(normalizeCitizenId('1.2E+8', { field: 'old_id' }).problems[0].field).toBe('old_id');
  });
  it('is idempotent on its cleaned value', () => {
    // Digit runs of 8-12 with the separators clerks type; a leading 0 is frequent, as in real CCCD numbers.
    const idText = fc
      .tuple(
        fc.constantFrom('0', '00', ''),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.constantFrom('', '', '', ' ', '.', '-')), { minLength: 6, maxLength: 12 }),
      )
      .map(([lead, ps]) => lead + ps.map(([d, sep]) => sep + d).join(''));
    fc.assert(
      fc.property(idText, (raw) => {
        const once = normalizeCitizenId(raw, { currentYear: 2022 }).id;
        if (once.value === '') return true;
        const twice = normalizeCitizenId(once.value, { currentYear: 2022 });
        return twice.id.value === once.value && twice.id.kind === once.kind && twice.problems.length === 0;
      }),
    );
  });
  it('any valid CCCD with spaces inserted is still recognised', () => {
    const prov = [...PROVINCE_CODES.keys()];
    fc.assert(
      fc.property(
        fc.constantFrom(...prov),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 999999 }),
        (p, g, yy, nn) => {
          const id = `${p}${g}${String(yy).padStart(2, '0')}${String(nn).padStart(6, '0')}`;
          const year = (19 + Math.floor(g / 2)) * 100 + yy;
          const r = normalizeCitizenId(`${id.slice(0, 4)} ${id.slice(4)}`, { currentYear: 2200 });
          return r.id.kind === 'cccd' && r.id.value === id && r.id.birthYear === year && r.id.gender === (g % 2 ? 'F' : 'M');
        },
      ),
    );
  });
});

describe('checkIdAgainstDetails', () => {
  const day = (iso: string): PartialDate => ({ iso, year: Number(iso.slice(0, 4)), month: 1, day: 2, precision: 'day', swapped: null });
  const id = normalizeCitizenId('001085012345').id; // male, 1985
  const cases: [string, PartialDate | null, 'M' | 'F' | 'U', string[]][] = [
    ['agrees', day('1985-01-02'), 'M', []],
    ['gender differs', day('1985-01-02'), 'F', ['ID_GENDER_CONFLICT']],
    ['year differs', day('1958-01-02'), 'M', ['ID_BIRTH_YEAR_CONFLICT']],
    ['both differ', day('1958-01-02'), 'F', ['ID_GENDER_CONFLICT', 'ID_BIRTH_YEAR_CONFLICT']],
    ['unknown gender and no birth date say nothing', null, 'U', []],
  ];
  it.each(cases)('%s', (_, birth, gender, expected) => {
    expect(codes(checkIdAgainstDetails(id, birth, gender))).toEqual(expected);
  });
  it('a 9-digit CMND carries nothing to check', () => {
    expect(checkIdAgainstDetails(normalizeCitizenId('025123456').id, day('1958-01-02'), 'F')).toEqual([]);
  });
});
