import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeGender } from '../../src/normalize/gender.js';
import { encodeLegacy, LEGACY_ENCODINGS } from '../../src/normalize/legacy.js';

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
    // Typed in a legacy font (DOMAIN.md §2): read after decoding, when the decoded text is a gender word.
    ['N÷', 'F', []],
    ['n÷', 'F', []],
    ['N÷ giíi', 'F', []],
    ['Nöõ', 'F', []],
    ['NÖÕ', 'F', []],
    ['Nöõ giôùi', 'F', []],
    ['Nam giíi', 'M', []],
    ['Nam giôùi', 'M', []],
    ['§µn «ng', 'M', []],
    ['Ñaøn oâng', 'M', []],
    ['Con g¸i', 'F', []],
    ['Kh¸c', 'U', []],
    ['Ná»¯', 'F', []],
    ['ÄÃ\u00a0n Ã´ng', 'M', []],
    // Decoding that does not give a gender word changes nothing.
    ['N÷x', 'U', ['GENDER_INVALID']],
    ['', 'U', ['GENDER_MISSING']],
    ['1', 'U', ['GENDER_INVALID']],
    ['abc', 'U', ['GENDER_INVALID']],
  ];
  it.each(cases)('%j -> %s', (raw, gender, expected) => {
    const r = normalizeGender(raw);
    expect(r.gender).toBe(gender);
    expect(r.problems.map((p) => p.code)).toEqual(expected);
  });
  it.each(['0', '1', '2'])('numeric code %s is refused as ambiguous', (code) => {
    const r = normalizeGender(code);
    expect(r.gender).toBe('U');
    expect(r.problems.map((p) => p.code)).toEqual(['GENDER_INVALID']);
    expect(r.problems[0].detail).toMatch(/ambiguous/);
  });
  describe('with a mapping learned from the file (ingest/gender-codes.ts)', () => {
    const cases: [string, Record<string, 'M' | 'F'> | null | undefined, 'M' | 'F' | 'U', string[]][] = [
      ['1', { 1: 'M', 0: 'F' }, 'M', []],
      [' 0 ', { 1: 'M', 0: 'F' }, 'F', []],
      ['1', { 1: 'F', 0: 'M' }, 'F', []],
      ['2', { 1: 'M', 2: 'F' }, 'F', []],
      // A digit the file gave too little evidence for stays refused.
      ['2', { 1: 'M', 0: 'F' }, 'U', ['GENDER_INVALID']],
      ['10', { 1: 'M', 0: 'F' }, 'U', ['GENDER_INVALID']],
      // Words are read as before.
      ['Nữ', { 1: 'M', 0: 'F' }, 'F', []],
      ['', { 1: 'M', 0: 'F' }, 'U', ['GENDER_MISSING']],
      ['1', null, 'U', ['GENDER_INVALID']],
      ['1', undefined, 'U', ['GENDER_INVALID']],
    ];
    it.each(cases)('%j with %j -> %s', (raw, codes, gender, expected) => {
      const r = normalizeGender(raw, codes);
      expect(r.gender).toBe(gender);
      expect(r.problems.map((p) => p.code)).toEqual(expected);
    });
    it('does not leak a mapping into a later call without one (memo)', () => {
      expect(normalizeGender('1', { 1: 'M' }).gender).toBe('M');
      expect(normalizeGender('1').gender).toBe('U');
      expect(normalizeGender('1', { 1: 'F' }).gender).toBe('F');
    });
  });
  it('legacy forms of every Vietnamese gender word decode to that word', () => {
    for (const word of ['Nam', 'Nữ', 'NỮ', 'nữ giới', 'Nam giới', 'Con trai', 'Con gái', 'Đàn ông', 'Đàn bà', 'Khác', 'Không rõ']) {
      for (const enc of LEGACY_ENCODINGS) {
        const typed = encodeLegacy(word, enc);
        expect({ word, enc, g: normalizeGender(typed).gender }).toEqual({ word, enc, g: normalizeGender(word).gender });
        expect(normalizeGender(typed).problems).toEqual([]);
      }
    }
  });
  it('NFC and NFD spellings agree', () => {
    fc.assert(
      fc.property(fc.constantFrom('Nữ', 'NỮ', 'Nam', 'Khác', 'nữ giới'), fc.boolean(), (s, upper) => {
        const v = upper ? s.toUpperCase() : s;
        return normalizeGender(v.normalize('NFC')).gender === normalizeGender(v.normalize('NFD')).gender;
      }),
    );
  });
  it('memoised results are not shared mutable arrays', () => {
    normalizeGender('xyz').problems.push({ code: 'GENDER_MISSING', field: 'gender', value: '', detail: '' });
    expect(normalizeGender('xyz').problems).toHaveLength(1);
  });
});
