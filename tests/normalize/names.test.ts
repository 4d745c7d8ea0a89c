// Tests for normalizeName: display form, tone placement, match keys, problems and invariants.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeName, splitName, stripNameNotes } from '../../src/normalize/names.js';

describe('normalizeName: display form and keys', () => {
  const cases: Array<[string, string, string, string, string]> = [
    // input, display, canonical, toneless, ascii
    ['Nguyễn Thị Thủy', 'Nguyễn Thị Thủy', 'nguyễn thị thủy', 'nguyên thi thuy', 'nguyen thi thuy'],
    ['NGUYỄN THỊ THUỶ', 'Nguyễn Thị Thủy', 'nguyễn thị thủy', 'nguyên thi thuy', 'nguyen thi thuy'],
    ['trần văn đức', 'Trần Văn Đức', 'trần văn đức', 'trân văn đưc', 'tran van duc'],
    ['Lê Thị Hoà', 'Lê Thị Hòa', 'lê thị hòa', 'lê thi hoa', 'le thi hoa'],
    ['Phạm Văn Khoẻ', 'Phạm Văn Khỏe', 'phạm văn khỏe', 'pham văn khoe', 'pham van khoe'],
    ['Võ Thị Thuỳ Dương', 'Võ Thị Thùy Dương', 'võ thị thùy dương', 'vo thi thuy dương', 'vo thi thuy duong'],
    ['Đặng Ngọc Thuỵ', 'Đặng Ngọc Thụy', 'đặng ngọc thụy', 'đăng ngoc thuy', 'dang ngoc thuy'],
    // Misplaced marks seen in data (DOMAIN.md §2).
    ['Hùynh Văn Qúy', 'Huỳnh Văn Quý', 'huỳnh văn quý', 'huynh văn quy', 'huynh van qui'],
    ['Trần Thị Gìa', 'Trần Thị Già', 'trần thị già', 'trân thi gia', 'tran thi gia'],
    ['Nguyễn Văn Hoàng', 'Nguyễn Văn Hoàng', 'nguyễn văn hoàng', 'nguyên văn hoang', 'nguyen van hoang'],
    // Not affected by the oa/oe/uy rule: a final consonant, a triphthong, qu/gi.
    ['Bùi Khoản Huýt', 'Bùi Khoản Huýt', 'bùi khoản huýt', 'bui khoan huyt', 'bui khoan huyt'],
    ['Lê Thuyền Loét', 'Lê Thuyền Loét', 'lê thuyền loét', 'lê thuyên loet', 'le thuyen loet'],
    ['Ngô Ngoài Khuỷu', 'Ngô Ngoài Khuỷu', 'ngô ngoài khuỷu', 'ngô ngoai khuyu', 'ngo ngoai khuyu'],
    ['Hồ Quả Giữ', 'Hồ Quả Giữ', 'hồ quả giữ', 'hô qua giư', 'ho qua giu'],
    ['Dương Người Trường', 'Dương Người Trường', 'dương người trường', 'dương ngươi trương', 'duong nguoi truong'],
    // Đ, its look-alike Ð (U+00D0), ALL CAPS.
    ['ÐẶNG VĂN ÐỨC', 'Đặng Văn Đức', 'đặng văn đức', 'đăng văn đưc', 'dang van duc'],
    // Decomposed input, and the deprecated tone marks U+0340/U+0341.
    ['Nguye\u0302\u0303n Va\u0306n Ho\u0300a', 'Nguyễn Văn Hòa', 'nguyễn văn hòa', 'nguyên văn hoa', 'nguyen van hoa'],
    ['Le\u0302 Thi\u0323 Ho\u0340a Tu\u0341', 'Lê Thị Hòa Tú', 'lê thị hòa tú', 'lê thi hoa tu', 'le thi hoa tu'],
    // Windows-1258 style: precomposed ê plus a combining acute.
    ['Nguyễn Thị Tuy\u00ea\u0301t', 'Nguyễn Thị Tuyết', 'nguyễn thị tuyết', 'nguyên thi tuyêt', 'nguyen thi tuyet'],
    // i/y after a consonant (Lý/Lí, Kỳ/Kì) share an ascii key; Huy and Duy keep their y.
    ['Lý Văn Kỳ', 'Lý Văn Kỳ', 'lý văn kỳ', 'ly văn ky', 'li van ki'],
    ['Lí Văn Kì', 'Lí Văn Kì', 'lí văn kì', 'li văn ki', 'li van ki'],
    ['Trần Duy Huy', 'Trần Duy Huy', 'trần duy huy', 'trân duy huy', 'tran duy huy'],
    ['Phan Thị Mỹ Ý', 'Phan Thị Mỹ Ý', 'phan thị mỹ ý', 'phan thi my y', 'phan thi mi y'],
    // Whitespace of every kind collapses.
    ['  Trần\u00a0\u00a0Văn\tBảy ', 'Trần Văn Bảy', 'trần văn bảy', 'trân văn bay', 'tran van bay'],
    // Hyphen and apostrophe are kept in the display; ascii splits at hyphens and drops apostrophes.
    ['Trương Thị Thu-Hà', 'Trương Thị Thu-Hà', 'trương thị thu-hà', 'trương thi thu-ha', 'truong thi thu ha'],
    ["H'hen Niê", "H'Hen Niê", "h'hen niê", "h'hen niê", 'hhen nie'],
    ['Ksor H’Ơn', "Ksor H'Ơn", "ksor h'ơn", "ksor h'ơn", 'ksor hon'],
  ];
  it.each(cases)('%s', (input, display, canonical, toneless, ascii) => {
    const { keys } = normalizeName(input);
    expect(keys).not.toBeNull();
    expect(keys!.display).toBe(display);
    expect(keys!.canonical).toBe(canonical);
    expect(keys!.toneless).toBe(toneless);
    expect(keys!.ascii).toBe(ascii);
  });
});

describe('normalizeName: family, middle, given', () => {
  const cases: Array<[string, string, string, string]> = [
    ['Nguyễn Thị Thu Hà', 'nguyen', 'thi thu', 'ha'],
    ['Nguyễn Trãi', 'nguyen', '', 'trai'],
    ['Hoàng Phủ Ngọc Tường', 'hoang', 'phu ngoc', 'tuong'],
    ['Trần Lê Minh Châu', 'tran', 'le minh', 'chau'],
    ['Lan', '', '', 'lan'],
  ];
  it.each(cases)('%s', (input, family, middle, given) => {
    const { keys } = normalizeName(input);
    expect([keys!.family, keys!.middle, keys!.given]).toEqual([family, middle, given]);
  });

  it('splitName on token lists', () => {
    expect(splitName([])).toEqual({ family: '', middle: '', given: '' });
    expect(splitName(['vo', 'thi', 'sau'])).toEqual({ family: 'vo', middle: 'thi', given: 'sau' });
  });
});

describe('normalizeName: problems', () => {
  const cases: Array<[string, string | null, string[]]> = [
    // input, display (null = no keys), problem codes
    ['', null, []],
    ['   ', null, []],
    ['...', null, ['NAME_INVALID_CHARS']],
    ['12345', null, ['NAME_INVALID_CHARS']],
    ['Nguyễn Văn A.', 'Nguyễn Văn A', ['NAME_INVALID_CHARS']],
    ['Lê Thị Lan 2', 'Lê Thị Lan', ['NAME_INVALID_CHARS']],
    ['Nguyễn.Văn.Bình', 'Nguyễn Văn Bình', ['NAME_INVALID_CHARS']],
    ['(Trần) Văn Nam', 'Trần Văn Nam', ['NAME_INVALID_CHARS']],
    ['Mai', 'Mai', ['NAME_SINGLE_WORD']],
    ['Lan *', 'Lan', ['NAME_INVALID_CHARS', 'NAME_SINGLE_WORD']],
    ['Y-Moan Niê Kdăm', 'Y-Moan Niê Kdăm', []],
    ['Đỗ\u00ad Thị\u200b Hằng', 'Đỗ Thị Hằng', []],
  ];
  it.each(cases)('%j', (input, display, codes) => {
    const { keys, problems } = normalizeName(input);
    expect(keys === null ? null : keys.display).toBe(display);
    expect(problems.map((p) => p.code)).toEqual(codes);
    for (const p of problems) {
      expect(p.field).toBe('full_name');
      expect(p.value).toBe(input);
    }
  });

  it('a problem names the fix, and changing the returned problems does not leak into the next call', () => {
    const first = normalizeName('Phạm Văn Đồng 1');
    expect(first.problems[0].fix).toBe('Phạm Văn Đồng');
    first.problems.push({ code: 'NAME_SINGLE_WORD', field: 'full_name', value: '', detail: '' });
    const second = normalizeName('Phạm Văn Đồng 1');
    expect(second.problems.map((p) => p.code)).toEqual(['NAME_INVALID_CHARS']);
    expect(second.keys).toEqual(first.keys);
  });
});

describe('normalizeName: titles and notes around a name', () => {
  const cases: Array<[string, string, string[], string[]]> = [
    // input, display, removed (in the problem detail), problem codes
    ['Bà Nguyễn Thị Hoà', 'Nguyễn Thị Hòa', ['Bà'], ['NAME_NOTE_REMOVED']],
    ['BÀ NGUYỄN THỊ HOÀ', 'Nguyễn Thị Hòa', ['BÀ'], ['NAME_NOTE_REMOVED']],
    ['Ba\u0300 Nguye\u0302\u0303n Thi\u0323 Hoa\u0300', 'Nguyễn Thị Hòa', ['Ba\u0300'], ['NAME_NOTE_REMOVED']],
    ['Ông Trần Văn Đức', 'Trần Văn Đức', ['Ông'], ['NAME_NOTE_REMOVED']],
    ['Cháu Vũ Đức Ẩn', 'Vũ Đức Ẩn', ['Cháu'], ['NAME_NOTE_REMOVED']],
    ['Anh Nguyễn Văn Nam', 'Nguyễn Văn Nam', ['Anh'], ['NAME_NOTE_REMOVED']],
    ['Chị Lê Thị Lan', 'Lê Thị Lan', ['Chị'], ['NAME_NOTE_REMOVED']],
    ['Bé Trần Minh Khôi', 'Trần Minh Khôi', ['Bé'], ['NAME_NOTE_REMOVED']],
    ['Em Phạm Thị Nga', 'Phạm Thị Nga', ['Em'], ['NAME_NOTE_REMOVED']],
    ['Cô Đỗ Thị Hằng', 'Đỗ Thị Hằng', ['Cô'], ['NAME_NOTE_REMOVED']],
    ['Chú Hồ Văn Tư', 'Hồ Văn Tư', ['Chú'], ['NAME_NOTE_REMOVED']],
    ['Bác Ngô Văn Sáu', 'Ngô Văn Sáu', ['Bác'], ['NAME_NOTE_REMOVED']],
    ['Cụ Bùi Thị Tý', 'Bùi Thị Tý', ['Cụ'], ['NAME_NOTE_REMOVED']],
    ['Mr. Nguyen Van An', 'Nguyen Van An', ['Mr.'], ['NAME_NOTE_REMOVED']],
    ['Mrs Tran Thi Mai', 'Tran Thi Mai', ['Mrs'], ['NAME_NOTE_REMOVED']],
    ['Trần Văn Đức (con)', 'Trần Văn Đức', ['(con)'], ['NAME_NOTE_REMOVED']],
    ['Trần Văn Đức(con)', 'Trần Văn Đức', ['(con)'], ['NAME_NOTE_REMOVED']],
    ['Lê Thị Lan [GV]', 'Lê Thị Lan', ['[GV]'], ['NAME_NOTE_REMOVED']],
    ['Vũ Đức Ẩn - GV', 'Vũ Đức Ẩn', ['- GV'], ['NAME_NOTE_REMOVED']],
    ['Vũ Đức Ẩn – giáo viên', 'Vũ Đức Ẩn', ['– giáo viên'], ['NAME_NOTE_REMOVED']],
    ['Lê Văn Tám -con', 'Lê Văn Tám', ['-con'], ['NAME_NOTE_REMOVED']],
    ['Nguyễn Văn A (mẹ: Trần Thị B)', 'Nguyễn Văn A', ['(mẹ: Trần Thị B)'], ['NAME_NOTE_REMOVED']],
    ['Nguyễn Văn A (mẹ: Trần Thị B', 'Nguyễn Văn A', ['(mẹ: Trần Thị B'], ['NAME_NOTE_REMOVED']],
    ['Bà Nguyễn Thị Hoà (mẹ) - GV', 'Nguyễn Thị Hòa', ['Bà', '(mẹ) - GV'], ['NAME_NOTE_REMOVED']],
    // Left alone: fewer than two words would remain, or a name ending in a middle name.
    ['Bà Hoà', 'Bà Hòa', [], []],
    ['Bà Nguyễn Thị', 'Bà Nguyễn Thị', [], []],
    ['Nguyễn (con)', 'Nguyễn Con', [], ['NAME_INVALID_CHARS']],
    ['Nguyễn Thị - Lan', 'Nguyễn Thị Lan', [], []],
    // Ông is a family name (Ông Ích Khiêm), Cô may be Cồ without its tone: taken off only before a known family name.
    ['Ông Văn Tùng', 'Ông Văn Tùng', [], []],
    ['Ông Ích Khiêm', 'Ông Ích Khiêm', [], []],
    ['Cô Minh Lan', 'Cô Minh Lan', [], []],
    // Anh, Em, Bé are given names: a reversed name (given first) keeps them.
    ['Anh Hoàng Nguyễn', 'Anh Hoàng Nguyễn', [], []],
    ['Anh Văn Nguyễn', 'Anh Văn Nguyễn', [], []],
    ['Bé Thị Lê', 'Bé Thị Lê', [], []],
    ['Anh Lê Minh Trần', 'Anh Lê Minh Trần', [], []],
    // ... and before two words they are a three-word name written given first (Nguyễn Diệu Anh), not a title.
    ['Anh Nguyễn Diệu', 'Anh Nguyễn Diệu', [], []],
    ['Em Trần Hà', 'Em Trần Hà', [], []],
    // Without diacritics a title is a family name (Chu, Cù, Bế, Châu) or a given name: not touched.
    ['Chu Văn An', 'Chu Văn An', [], []],
    ['Ba Nguyen Thi Hoa', 'Ba Nguyen Thi Hoa', [], []],
    ['Bế Văn Đàn', 'Bế Văn Đàn', [], []],
    // A leading bracket, text after a closing bracket and hyphens inside words stay with the letter scan.
    ['(Trần) Văn Nam', 'Trần Văn Nam', [], ['NAME_INVALID_CHARS']],
    ['Nguyễn Văn A (con) Hà', 'Nguyễn Văn A Con Hà', [], ['NAME_INVALID_CHARS']],
    ['Trương Thị Thu-Hà', 'Trương Thị Thu-Hà', [], []],
    ['Y-Moan Niê Kdăm', 'Y-Moan Niê Kdăm', [], []],
  ];
  it.each(cases)('%j', (input, display, removed, codes) => {
    const { keys, problems } = normalizeName(input);
    expect(keys!.display).toBe(display);
    expect(problems.map((p) => p.code)).toEqual(codes);
    if (removed.length > 0) {
      expect(problems[0].detail).toBe(`removed a title or note: ${removed.map((r) => JSON.stringify(r)).join(', ')}`);
      expect(problems[0].fix).toBe(display);
      expect(problems[0].value).toBe(input);
    }
  });

  it('every key is built from the cleaned name', () => {
    for (const [noisy, clean] of [
      ['Bà Nguyễn Thị Hoà', 'Nguyễn Thị Hòa'],
      ['Trần Văn Đức (con)', 'Trần Văn Đức'],
      ['Cháu Vũ Đức Ẩn - HS', 'Vũ Đức Ẩn'],
    ]) {
      expect(normalizeName(noisy).keys).toEqual(normalizeName(clean).keys);
    }
  });

  it('stripNameNotes returns null when there is nothing to take off', () => {
    expect(stripNameNotes('Nguyễn Thị Hoà')).toBeNull();
    expect(stripNameNotes('Bà Nguyễn Thị Hoà')).toEqual({ name: 'Nguyễn Thị Hoà', notes: ['Bà'] });
  });

  it('a cleaned name is left as it is', () => {
    fc.assert(
      fc.property(
        nameParts,
        fc.constantFrom('Bà ', 'Cháu ', 'Ông Nguyễn ', ''),
        fc.constantFrom(' (con)', ' - GV', ' [mẹ]', ''),
        (parts, title, note) => {
          const keys = normalizeName(title + joinParts(parts) + note).keys!;
          expect(normalizeName(keys.display).keys).toEqual(keys);
        },
      ),
    );
  });
});

describe('normalizeName: phonetic key folds regional spellings', () => {
  const pairs: Array<[string, string]> = [
    ['Trần Văn Trung', 'Chần Văn Chung'],
    ['Lê Thị Sen', 'Nê Thị Xen'],
    ['Nguyễn Văn Ro', 'Nguyễn Văn Do'],
    ['Phạm Thị Giang', 'Phạm Thị Dang'],
    ['Võ Văn Thanh', 'Võ Văn Than'],
    ['Đinh Thị Bích', 'Đinh Thị Bít'],
  ];
  it.each(pairs)('%s ~ %s', (a, b) => {
    expect(normalizeName(a).keys!.phonetic).toBe(normalizeName(b).keys!.phonetic);
    expect(normalizeName(a).keys!.ascii).not.toBe(normalizeName(b).keys!.ascii);
  });
});

// Generators of realistic names: syllables (with the oa/oe/uy pairs in both tone styles).
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Hoàng', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Ngọc', 'Thanh', 'Quốc', 'Xuân', 'Kim'];
/** [old style, new style] */
const STYLE_PAIRS: Array<[string, string]> = [
  ['Hòa', 'Hoà'],
  ['Thủy', 'Thuỷ'],
  ['Khỏe', 'Khoẻ'],
  ['Thụy', 'Thuỵ'],
  ['Tòa', 'Toà'],
  ['Hỏa', 'Hoả'],
  ['Lũy', 'Luỹ'],
  ['Túy', 'Tuý'],
  ['Họa', 'Hoạ'],
  ['Khóa', 'Khoá'],
  ['Xòe', 'Xoè'],
  ['Thùy', 'Thuỳ'],
];
const GIVEN = ['Hà', 'Lan', 'Tuấn', 'Dũng', 'Hương', 'Quý', 'Huỳnh', 'Ngoan', 'Khuyên', 'Nguyệt', 'Hoàng', 'Yến', 'Trường', 'Giang'];

const nameParts = fc.tuple(
  fc.constantFrom(...FAMILY),
  fc.array(fc.oneof(fc.constantFrom(...MIDDLE), fc.constantFrom(...STYLE_PAIRS.map((p) => p[0]))), { maxLength: 2 }),
  fc.oneof(fc.constantFrom(...GIVEN), fc.constantFrom(...STYLE_PAIRS.map((p) => p[0]))),
);
const toNewStyle = (w: string): string => STYLE_PAIRS.find((p) => p[0] === w)?.[1] ?? w;
const joinParts = ([f, m, g]: [string, string[], string], map: (w: string) => string = (w) => w): string => [f, ...m, g].map(map).join(' ');

describe('normalizeName: properties', () => {
  it('is idempotent on its own display', () => {
    fc.assert(
      fc.property(nameParts, fc.constantFrom<'upper' | 'lower' | 'asis'>('upper', 'lower', 'asis'), (parts, c) => {
        const raw = joinParts(parts);
        const text = c === 'upper' ? raw.toUpperCase() : c === 'lower' ? raw.toLowerCase() : raw;
        const keys = normalizeName(text).keys!;
        expect(normalizeName(keys.display).keys).toEqual(keys);
      }),
    );
  });

  it('gives the same keys for NFC and NFD, upper and lower case', () => {
    fc.assert(
      fc.property(nameParts, (parts) => {
        const raw = joinParts(parts);
        const keys = normalizeName(raw).keys;
        expect(normalizeName(raw.normalize('NFD')).keys).toEqual(keys);
        expect(normalizeName(raw.toUpperCase()).keys).toEqual(keys);
        expect(normalizeName(raw.toLowerCase().normalize('NFD')).keys).toEqual(keys);
      }),
    );
  });

  it('gives the same keys for old and new tone style', () => {
    fc.assert(
      fc.property(nameParts, (parts) => {
        expect(normalizeName(joinParts(parts, toNewStyle)).keys).toEqual(normalizeName(joinParts(parts)).keys);
      }),
    );
  });

  it('never throws; ascii is lower-case a-z tokens that family/middle/given rebuild exactly', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const { keys } = normalizeName(s);
        if (keys === null) return;
        expect(keys.ascii).toMatch(/^[a-z]+( [a-z]+)*$/);
        expect([keys.family, keys.middle, keys.given].filter((x) => x !== '').join(' ')).toBe(keys.ascii);
        expect(keys.phonetic.split(' ').length).toBe(keys.ascii.split(' ').length);
      }),
    );
  });

  it('never throws on arbitrary Unicode and is idempotent on its display', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (s) => {
        const { keys } = normalizeName(s);
        if (keys !== null) expect(normalizeName(keys.display).keys!.canonical).toBe(keys.canonical);
      }),
    );
  });
});
