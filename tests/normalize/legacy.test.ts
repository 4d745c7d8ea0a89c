// Tests for legacy-encoding repair (TCVN3, VNI, VIQR, UTF-8 read as cp1252) and per-column detection.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  LEGACY_ENCODINGS,
  TCVN3_TO_UNICODE,
  detectLegacyEncoding,
  detectLegacyColumn,
  encodeLegacy,
  hasMojibakeSignature,
  repairLegacy,
  repairMojibakeCell,
  type LegacyEncoding,
} from '../../src/normalize/legacy.js';
import { isVietnameseSyllable, readVietnamese } from '../../src/normalize/vn-letters.js';

describe('repairLegacy: documented examples (DOMAIN.md §2)', () => {
  const cases: Array<[string, LegacyEncoding, string]> = [
    ['NguyÔn ThÞ Thñy', 'tcvn3', 'Nguyễn Thị Thủy'],
    ['TrÇn V¨n §øc', 'tcvn3', 'Trần Văn Đức'],
    ['Lª ThÞ Hßa', 'tcvn3', 'Lê Thị Hòa'],
    ['hép møt tÕt', 'tcvn3', 'hộp mứt tết'],
    ['Ph¹m Ng\u00adêi', 'tcvn3', 'Phạm Người'], // ư is the soft hyphen
    ['Bïi ThÞ Thu H»ng', 'tcvn3', 'Bùi Thị Thu Hằng'],
    ['NGUYÔN V¡N AN', 'tcvn3', 'NGUYễN VĂN AN'], // .VnTimeH capitals reuse lower-case codes
    ['Nguyeãn', 'vni', 'Nguyễn'],
    ['Ñöùc', 'vni', 'Đức'],
    ['Vieät', 'vni', 'Việt'],
    ['Xin chaøo caùc baïn', 'vni', 'Xin chào các bạn'],
    ['Nguyeãn Thò Thuûy', 'vni', 'Nguyễn Thị Thủy'],
    ['Tröông Ngoïc Aùnh', 'vni', 'Trương Ngọc Ánh'],
    ['NGUYEÃN VAÊN ÑÖÙC', 'vni', 'NGUYỄN VĂN ĐỨC'],
    ['Nguye^~n', 'viqr', 'Nguyễn'],
    ["DDu+'c", 'viqr', 'Đức'],
    ['Vie^.t Nam', 'viqr', 'Việt Nam'],
    ['Tra^`n Thi. Thu?y', 'viqr', 'Trần Thị Thủy'],
    ['Nguyá»…n Thá»‹', 'utf8-as-cp1252', 'Nguyễn Thị'],
    ['Ä\u0090á»— VÄƒn HÆ°Æ¡ng', 'utf8-as-cp1252', 'Đỗ Văn Hương'],
    ['Äá»— VÄƒn HÆ°Æ¡ng', 'utf8-as-cp1252', 'Đỗ Văn Hương'], // the undefined cp1252 byte 0x90 of Đ was dropped
    ['Tráº§n VÄƒn Ä', 'utf8-as-cp1252', 'Trần Văn Đ'],
  ];
  it.each(cases)('%s (%s) -> %s', (input, enc, expected) => {
    expect(repairLegacy(input, enc)).toBe(expected);
  });
});

describe('repairLegacy: proper Unicode and ASCII are left alone (null) whatever the column encoding', () => {
  const values = [
    'Nguyễn Văn Hoà', // new-style tone: "oà" would read as ồ in VNI
    'Nguyễn Thị Thủy',
    'Trần Văn Đức',
    'Lê Thị Hòa',
    'Huỳnh Quý',
    'Ðặng Văn Lâm',
    "H'Hen Niê",
    'Y-Moan Kdăm',
    'Nguyen Van A',
    'Tran Thi B.',
    '',
    'Phạm Thị Thó',
  ];
  const cases = values.flatMap((v) => LEGACY_ENCODINGS.map((e) => [v, e] as [string, LegacyEncoding]));
  it.each(cases)('%j (%s)', (value, enc) => {
    expect(repairLegacy(value, enc)).toBeNull();
  });
});

describe('TCVN3 table', () => {
  it('maps 67 lower-case codes and 7 capitals to distinct Vietnamese letters', () => {
    expect(TCVN3_TO_UNICODE.size).toBe(74);
    expect(new Set(TCVN3_TO_UNICODE.values()).size).toBe(74);
    expect(TCVN3_TO_UNICODE.get('\u00ad')).toBe('ư');
  });
});

/** ~50 real names (faker-js vi locale surnames and given names, plus names from news articles). */
const NAMES = [
  'Nguyễn Thị Thủy',
  'Trần Văn Đức',
  'Lê Thị Hòa',
  'Phạm Minh Tuấn',
  'Huỳnh Thị Ngọc Ánh',
  'Hoàng Văn Thụ',
  'Phan Thanh Giản',
  'Vũ Thị Hương',
  'Võ Nguyên Giáp',
  'Đặng Thùy Trâm',
  'Bùi Xuân Phái',
  'Đỗ Mười',
  'Hồ Xuân Hương',
  'Ngô Bảo Châu',
  'Dương Thu Hương',
  'Lý Thường Kiệt',
  'Trịnh Công Sơn',
  'Lương Thế Vinh',
  'Nguyễn Thị Minh Khai',
  'Trương Mỹ Lan',
  'Đinh Bộ Lĩnh',
  'Lê Quý Đôn',
  'Phùng Khắc Khoan',
  'Nguyễn Du',
  'Tô Hoài',
  'Chu Văn An',
  'Nguyễn Trãi',
  'Mạc Đĩnh Chi',
  'Cao Bá Quát',
  'Hàn Mặc Tử',
  'Lưu Hữu Phước',
  'Trần Hưng Đạo',
  'Nguyễn Ánh Viên',
  'Lê Thị Diễm Hằng',
  'Phạm Nhật Vượng',
  'Đoàn Thị Điểm',
  'Nguyễn Khuyến',
  'Tạ Quang Bửu',
  'Kiều Thị Oanh',
  'Quách Tuấn Du',
  'Lâm Thị Mỹ Dạ',
  'Giang Văn Minh',
  'Khổng Tú Quỳnh',
  'Hà Anh Tuấn',
  'Triệu Thị Trinh',
  'Lò Văn Giàng',
  'Nông Đức Mạnh',
  'Âu Cơ',
  'Ông Ích Khiêm',
  'Ưng Hoàng Phúc',
];

describe('round trip: encode with the table, then repair', () => {
  const cases = NAMES.flatMap((n) => LEGACY_ENCODINGS.map((e) => [n, e] as [string, LegacyEncoding]));
  it.each(cases)('%s (%s)', (name, enc) => {
    const encoded = encodeLegacy(name, enc);
    expect(encoded).not.toBe(name);
    const repaired = repairLegacy(encoded, enc);
    // TCVN3 capitals share the lower-case codes, so a toned capital comes back lower case.
    if (enc === 'tcvn3') expect(repaired?.toLowerCase()).toBe(name.toLowerCase());
    else expect(repaired).toBe(name);
  });

  it('holds for generated names in every encoding (property)', () => {
    const syl = fc.constantFrom(...NAMES.flatMap((n) => n.split(' ')));
    fc.assert(
      fc.property(fc.array(syl, { minLength: 2, maxLength: 4 }), fc.constantFrom(...LEGACY_ENCODINGS), (parts, enc) => {
        const name = parts.join(' ');
        const encoded = encodeLegacy(name, enc);
        const repaired = repairLegacy(encoded, enc) ?? encoded;
        // A value whose encoded form still reads as Vietnamese is left alone (files mix rows); everything else repairs.
        if (repaired === encoded && encoded !== name) return;
        expect(repaired.toLowerCase()).toBe(name.toLowerCase());
      }),
      { numRuns: 500 },
    );
  });
});

describe('detectLegacyEncoding', () => {
  const unicode = NAMES.slice(0, 20);
  const column = (enc: LegacyEncoding, share: number): string[] =>
    unicode.map((n, i) => (i < share * unicode.length ? encodeLegacy(n, enc) : n));
  const cases: Array<[string, string[], LegacyEncoding | null]> = [
    ['all TCVN3', column('tcvn3', 1), 'tcvn3'],
    ['half TCVN3, half Unicode', column('tcvn3', 0.5), 'tcvn3'],
    ['all VNI', column('vni', 1), 'vni'],
    ['a quarter VNI', column('vni', 0.25), 'vni'],
    ['all VIQR', column('viqr', 1), 'viqr'],
    ['all UTF-8 read as cp1252', column('utf8-as-cp1252', 1), 'utf8-as-cp1252'],
    ['proper Unicode', unicode, null],
    ['Unicode in the new tone style', ['Nguyễn Văn Hoà', 'Lê Thị Thuỷ', 'Trần Khoẻ', 'Phạm Thị Hoà'], null],
    [
      'plain ASCII',
      unicode.map((n) =>
        n
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')
          .replace(/đ/gi, 'D'),
      ),
      null,
    ],
    ['one stray value in 20', column('tcvn3', 0.05), null],
    ['empty', ['', '  '], null],
  ];
  it.each(cases)('%s', (_label, values, expected) => {
    expect(detectLegacyEncoding(values)).toBe(expected);
  });
});

describe('isVietnameseSyllable / readVietnamese (the evidence repair relies on)', () => {
  const syllables: Array<[string, boolean]> = [
    ['nguyễn', true],
    ['Người', true],
    ['khuỷu', true],
    ['quý', true],
    ['giữa', true],
    ['Đức', true],
    ['Ðức', true],
    ['hoà', true],
    ['hòa', true],
    ['y', true],
    ['nguyen', false], // ASCII-folded: the nucleus "uye" needs ê
    ['ThÞ', false],
    ['Nguyeãn', false],
    ['Ksor', false],
    ['bách', true],
    ['bàch', false], // stop final takes sắc/nặng only
    ['hóà', false], // two tone marks
  ];
  it.each(syllables)('%s -> %s', (w, ok) => {
    expect(isVietnameseSyllable(w)).toBe(ok);
  });

  const texts: Array<[string, { valid: number; bad: number }]> = [
    ['Nguyễn Thị Thủy', { valid: 3, bad: 0 }],
    ['Lª ThÞ Hßa', { valid: 0, bad: 3 }], // ª, Þ and ß are Unicode letters, so only the words count
    ['Nguyá»…n', { valid: 0, bad: 3 }], // the word, plus » and … which are not letters
    ['Nguyễn Văn A.', { valid: 3, bad: 1 }],
  ];
  it.each(texts)('%s', (t, expected) => {
    expect(readVietnamese(t)).toEqual(expected);
  });
});

describe('columns wholly in a legacy encoding', () => {
  it.each([
    ['Tèng My', 'tcvn3', 'Tống My'],
    ['Voõ Thò Nhung', 'vni', 'Võ Thị Nhung'],
  ] as const)('%s (%s) reads as Vietnamese both ways: decoded only when the column is pure', (value, enc, expected) => {
    expect(repairLegacy(value, enc)).toBeNull();
    expect(repairLegacy(value, enc, { pure: true })).toBe(expected);
  });
  it.each([
    ['Trraàn Thò Loan', 'vni', 'Trrần Thị Loan'],
    ['Ñng Thò AÙnh', 'vni', 'Đng Thị Ánh'],
    ['Vâ ThÞÞ Loan', 'tcvn3', 'Võ Thịị Loan'],
  ] as const)('%s (%s): a typo leaves a word odd both ways; decoded when the column is pure', (value, enc, expected) => {
    expect(repairLegacy(value, enc)).toBeNull();
    expect(repairLegacy(value, enc, { pure: true })).toBe(expected);
  });
  it('leaves a value with no Vietnamese word either way alone, even in a pure column', () => {
    expect(repairLegacy('José Ramos', 'tcvn3', { pure: true })).toBeNull();
  });
  it('never decodes a value that is already Unicode Vietnamese, even in a pure column', () => {
    expect(repairLegacy('Nguyễn Văn Hoà', 'vni', { pure: true })).toBeNull();
    expect(repairLegacy('Trần Thị Bích', 'tcvn3', { pure: true })).toBeNull();
  });
  it('calls a column pure only when no sampled value is already Unicode Vietnamese', () => {
    const tcvn = ['NguyÔn ThÞ Thñy', 'TrÇn V¨n §øc', 'Lª ThÞ Hßa', 'Tèng My'];
    expect(detectLegacyColumn(tcvn)).toEqual({ encoding: 'tcvn3', pure: true });
    expect(detectLegacyColumn([...tcvn, 'Phạm Văn Đồng'])).toEqual({ encoding: 'tcvn3', pure: false });
    expect(detectLegacyColumn(['Nguyễn Văn An', 'Lê Thị Hòa'])).toBeNull();
  });
});

describe('repairMojibakeCell: one cell of UTF-8 read as cp1252, whatever its column', () => {
  const moj = (s: string) => encodeLegacy(s, 'utf8-as-cp1252');
  const repaired: Array<[string, string, string]> = [
    ['whole name, trailing à as Ã + no-break space', 'Nguyá»…n Thá»‹ HoÃ\u00a0', 'Nguyễn Thị Hoà'],
    ['đ as Ä‘', 'Ä‘á»©c', 'đức'],
    ['ư ơ as Æ° Æ¡', 'HÆ°Æ¡ng', 'Hương'],
    ['Đ with its 0x90 kept as a raw C1 control', 'Ä\u0090á»— VÄƒn HÆ°Æ¡ng', 'Đỗ Văn Hương'],
    ['Á ọ with the undefined bytes 81 and 8D kept raw', moj('Lê Thị Ngọc Ánh'), 'Lê Thị Ngọc Ánh'],
    ['capitals', moj('NGUYỄN VĂN ĐỨC'), 'NGUYỄN VĂN ĐỨC'],
    ['decomposed (NFD) text, composed on the way', moj('Nguyễn Thị Hoà'.normalize('NFD')), 'Nguyễn Thị Hoà'],
    ['Ð (U+00D0) in place of Đ', moj('Ðặng Văn Lâm'), 'Ðặng Văn Lâm'],
  ];
  it.each(repaired)('%s: %j -> %j', (_label, cell, expected) => {
    expect(hasMojibakeSignature(cell)).toBe(true);
    expect(repairMojibakeCell(cell)).toBe(expected);
  });

  it.each(NAMES)('round trip: %s', (name) => {
    expect(repairMojibakeCell(moj(name))).toBe(name);
  });

  const untouched: Array<[string, string]> = [
    ['proper Unicode', 'Nguyễn Thị Hoà'],
    ['proper Unicode, capitals', 'NGUYỄN THỊ NGÃ'],
    ['proper Unicode, decomposed', 'Nguyễn Thị Hoà'.normalize('NFD')],
    ['plain ASCII', 'Nguyen Van A'],
    ['empty', ''],
    ['foreign name with a leading Ã', 'Ãlvaro Gómez'],
    ['foreign name with Ä', 'Ägnes Müller'],
    ['foreign names with ã and Ã', 'João Ãngelo'],
    ['Ã followed by a no-break space, both readings Vietnamese-looking', 'HÃ\u00a0AN'],
    ['an isolated Ã', 'Nguyễn Ã'],
    ['an isolated Ã after a real signature: the round trip fails', 'Thá»‹ Ã'],
    ['Đ whose 0x90 was dropped: no guessed bytes per cell', 'Äá»— VÄƒn HÆ°Æ¡ng'],
    ['TCVN3 (another legacy encoding)', 'NguyÔn ThÞ Thñy'],
    ['VNI (another legacy encoding)', 'Nguyeãn Thò Thuûy'],
    ['mojibake of a foreign name: it does not read better as Vietnamese', moj('José García')],
  ];
  it.each(untouched)('%s: %j is left alone', (_label, cell) => {
    expect(repairMojibakeCell(cell)).toBeNull();
  });

  it('never changes proper Unicode Vietnamese names (property)', () => {
    const syl = fc.constantFrom(...NAMES.flatMap((n) => n.split(' ')), 'Hoà', 'NGÃ', 'Ảnh', 'Ánh', 'ĐỨC');
    fc.assert(
      fc.property(fc.array(syl, { minLength: 1, maxLength: 5 }), fc.constantFrom(' ', '\u00a0'), (parts, sep) => {
        const name = parts.join(sep);
        expect(repairMojibakeCell(name)).toBeNull();
        expect(repairMojibakeCell(name.normalize('NFD'))).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});
