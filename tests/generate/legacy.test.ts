// The legacy-font encoders reproduce the worked examples of DOMAIN.md §2, and the tone-style switch follows its rule.
import { describe, expect, it } from 'vitest';
import { encodeTcvn3, encodeVni } from '../../src/generate/legacy.js';
import { stripDiacritics, toNewToneStyle } from '../../src/generate/vietnamese.js';

describe('encodeTcvn3', () => {
  it.each([
    ['Nguyễn Thị Thủy', 'NguyÔn ThÞ Thñy'],
    ['Trần Văn Đức', 'TrÇn V¨n §øc'],
    ['Lê Thị Hòa', 'Lª ThÞ Hßa'],
    // "hép møt tÕt" -> hộp mứt tết (gist congkhoa/bcd46eea…)
    ['hộp mứt tết', 'hép møt tÕt'],
    // ư is the soft hyphen U+00AD
    ['người', 'ng\u00adêi'],
  ])('%s -> %s', (uni, tcvn) => {
    expect(encodeTcvn3(uni)).toBe(tcvn);
  });
  it('writes toned capitals with the lower-case codes (.VnTimeH)', () => {
    expect(encodeTcvn3('ÁNH')).toBe('¸NH');
    expect(encodeTcvn3('ĐỨC')).toBe('§øC');
  });
});

describe('encodeVni', () => {
  it.each([
    ['Nguyễn', 'Nguyeãn'],
    ['Việt', 'Vieät'],
    ['Đức', 'Ñöùc'],
    ['Xin chào các bạn', 'Xin chaøo caùc baïn'],
    ['Thủy Lý Mỹ', 'Thuûy Lyù Myõ'],
    ['Hằng', 'Haèng'],
    ['Thị', 'Thò'],
    ['NGUYỄN', 'NGUYEÃN'],
  ])('%s -> %s', (uni, vni) => {
    expect(encodeVni(uni)).toBe(vni);
  });
});

describe('toNewToneStyle', () => {
  it.each([
    ['Lê Thị Hòa', 'Lê Thị Hoà'],
    ['Nguyễn Thị Thủy', 'Nguyễn Thị Thuỷ'],
    ['Khỏe', 'Khoẻ'],
    ['HÒA', 'HOÀ'],
    // not affected: final consonant, qu, triphthong
    ['Hoàng Huỳnh Quý Tuyết', 'Hoàng Huỳnh Quý Tuyết'],
    ['Ngoài', 'Ngoài'],
  ])('%s -> %s', (a, b) => {
    expect(toNewToneStyle(a)).toBe(b);
  });
  it('strips diacritics including đ', () => {
    expect(stripDiacritics('Đặng Thị Ðào đức')).toBe('Dang Thi Ðao duc');
  });
});
