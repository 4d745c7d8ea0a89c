// Tests for the Vietnamese phonetic key: regional confusions fold together, real differences stay apart.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { phoneticKey } from '../../src/normalize/phonetic.js';

describe('phoneticKey', () => {
  const same: Array<[string, string, string]> = [
    // a, b, why (DOMAIN.md §2 dialect confusions)
    ['trung', 'chung', 'tr/ch'],
    ['tran', 'chan', 'tr/ch'],
    ['sang', 'xang', 's/x'],
    ['suan', 'xuan', 's/x'],
    ['rang', 'dang', 'r/d'],
    ['giang', 'dang', 'gi/d'],
    ['gia', 'da', 'gi/d'],
    ['gin', 'din', 'gi before a consonant is gi + i'],
    ['lan', 'nan', 'l/n'],
    ['loan', 'noan', 'l/n'],
    ['an', 'ang', 'southern n/ng'],
    ['thanh', 'than', 'southern nh/n'],
    ['binh', 'bin', 'southern nh/n'],
    ['bich', 'bit', 'southern ch/t'],
    ['phuoc', 'phuot', 'southern c/t'],
    ['kim', 'cim', 'c/k spell one sound'],
    ['nghia', 'ngia', 'ng/ngh'],
    ['ghe', 'ge', 'g/gh'],
  ];
  it.each(same)('%s ~ %s (%s)', (a, b) => {
    expect(phoneticKey(a)).toBe(phoneticKey(b));
  });

  const different: Array<[string, string]> = [
    ['thanh', 'tanh'],
    ['trung', 'trinh'],
    ['ha', 'hoa'],
    ['nhan', 'nan'],
    ['khanh', 'canh'],
    ['phuong', 'buong'],
    ['hung', 'hum'],
    ['tam', 'tap'],
    ['vu', 'vo'],
    ['quang', 'cang'],
  ];
  it.each(different)('%s !~ %s', (a, b) => {
    expect(phoneticKey(a)).not.toBe(phoneticKey(b));
  });

  const exact: Array<[string, string]> = [
    ['nguyen', 'Nuyen'],
    ['truong', 'cuon'],
    ['thi', 'Ti'],
    ['duc', 'zut'],
    ['khoa', 'xoa'],
    ['ksor', 'ksor'],
    ['', ''],
  ];
  it.each(exact)('%s -> %s', (a, key) => {
    expect(phoneticKey(a)).toBe(key);
  });

  it('folds each confusable initial pair for any rhyme', () => {
    const rhyme = fc.constantFrom('a', 'an', 'ang', 'anh', 'uong', 'iet', 'oai', 'ung', 'ich', 'uyen', 'em', 'ep');
    const pair = fc.constantFrom(['tr', 'ch'], ['s', 'x'], ['r', 'd'], ['gi', 'd'], ['l', 'n']);
    fc.assert(
      fc.property(pair, rhyme, ([x, y], r) => {
        expect(phoneticKey(x + r)).toBe(phoneticKey(y + r));
      }),
    );
  });
});
