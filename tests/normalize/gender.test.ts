import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeGender } from '../../src/normalize/gender.js';

describe('normalizeGender', () => {
  const cases: [string, 'M' | 'F' | 'U', string[]][] = [
    ['Nam', 'M', []],
    ['NAM', 'M', []],
    [' nam ', 'M', []],
    ['Nam giới', 'M', []],
    ['M', 'M', []],
    ['male', 'M', []],
    ['Male', 'M', []],
    ['Nữ', 'F', []],
    ['NỮ', 'F', []],
    ['nữ', 'F', []],
    ['Nu\u0303', 'F', []],
    ['Nữ'.normalize('NFD'), 'F', []],
    ['Nu', 'F', []],
    ['F', 'F', []],
    ['female', 'F', []],
    ['Nữ giới', 'F', []],
    ['Khác', 'U', []],
    ['', 'U', ['GENDER_MISSING']],
    ['1', 'U', ['GENDER_INVALID']],
    ['abc', 'U', ['GENDER_INVALID']],
  ];
  it.each(cases)('%j -> %s', (raw, gender, expected) => {
    const r = normalizeGender(raw);
    expect(r.gender).toBe(gender);
    expect(r.problems.map((p) => p.code)).toEqual(expected);
  });
  it('NFC and NFD spellings agree', () => {
    fc.assert(fc.property(fc.constantFrom('Nữ', 'NỮ', 'Nam', 'Khác', 'nữ giới'), fc.boolean(), (s, upper) => {
      const v = upper ? s.toUpperCase() : s;
      return normalizeGender(v.normalize('NFC')).gender === normalizeGender(v.normalize('NFD')).gender;
    }));
  });
  it('memoised results are not shared mutable arrays', () => {
    normalizeGender('xyz').problems.push({ code: 'X', field: 'gender', value: '', detail: '' });
    expect(normalizeGender('xyz').problems).toHaveLength(1);
  });
});
