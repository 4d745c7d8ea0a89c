import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizePhone, OLD_MOBILE_PREFIXES } from '../../src/normalize/phone.js';

const codes = (ps: { code: string }[]) => ps.map((p) => p.code);

describe('normalizePhone', () => {
  const cases: [string, string, string[]][] = [
    ['0912345678', '0912345678', []],
    ['091 234 5678', '0912345678', []],
    ['0912.345.678', '0912345678', []],
    ['(091) 234-5678', '0912345678', []],
    ['+84 912 345 678', '0912345678', []],
    ['84912345678', '0912345678', []],
    ['0084912345678', '0912345678', []],
    ['912345678', '0912345678', []],
    ['0321234567', '0321234567', []],
    ['0521234567', '0521234567', []],
    ['0871234567', '0871234567', []],
    ['0701234567', '0701234567', []],
    // 2018 conversion (DOMAIN.md 4)
    ['01621234567', '0321234567', ['PHONE_PREFIX_CONVERTED']],
    ['1691234567', '0391234567', ['PHONE_PREFIX_CONVERTED']],
    ['+84 162 123 4567', '0321234567', ['PHONE_PREFIX_CONVERTED']],
    ['01201234567', '0701234567', ['PHONE_PREFIX_CONVERTED']],
    ['01991234567', '0591234567', ['PHONE_PREFIX_CONVERTED']],
    // landlines: 11 digits starting 02
    ['024 3825 1234', '02438251234', []],
    ['2838251234', '02838251234', []],
    // two numbers in one cell: keep the first valid one
    ['0912345678 / 0987654321', '0912345678', []],
    ['', '', []],
    ['0112345678', '', ['PHONE_INVALID']],
    ['01301234567', '', ['PHONE_INVALID']],
    ['12345', '', ['PHONE_INVALID']],
    ['không có', '', ['PHONE_INVALID']],
    ['0000000000', '', ['PHONE_INVALID']],
  ];
  it.each(cases)('%s -> %s', (raw, phone, expected) => {
    const r = normalizePhone(raw);
    expect(r.phone).toBe(phone);
    expect(codes(r.problems)).toEqual(expected);
  });

  it('converts every row of the 2018 table', () => {
    expect(OLD_MOBILE_PREFIXES.size).toBe(21);
    for (const [old, next] of OLD_MOBILE_PREFIXES) {
      expect(normalizePhone(`${old}1234567`).phone).toBe(`${next}1234567`);
    }
  });

  it('is idempotent and its output is always a valid number or empty', () => {
    // Country-code forms, any leading digit (old 01xx, landline 02x, mobiles), 7-10 more digits with separators.
    const phoneText = fc
      .tuple(
        fc.constantFrom('0', '+84 ', '84', '0084', ''),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.constantFrom('', '', '', ' ', '.', '-')), { minLength: 7, maxLength: 10 }),
      )
      .map(([lead, first, ps]) => lead + first + ps.map(([d, sep]) => sep + d).join(''));
    fc.assert(
      fc.property(phoneText, (raw) => {
        const once = normalizePhone(raw).phone;
        if (once === '') return true;
        const twice = normalizePhone(once);
        return twice.phone === once && twice.problems.length === 0 && /^0([35789]\d{8}|2\d{9})$/.test(once);
      }),
    );
  });
});
