// Comparison ladders: (left, right, expected level) tables for every field.

import { describe, expect, it } from 'vitest';
import { linkConfig } from '../../src/config/link.js';
import {
  LEVELS,
  compareBirth,
  compareCommune,
  compareGender,
  compareIdDoses,
  compareIdToCitizen,
  compareName,
  comparePhone,
  familyDiffers,
  givenMarksDiffer,
  sameGivenName,
  zeroRestoredDigits,
} from '../../src/link/compare.js';
import type { LinkInput } from '../../src/types.js';
import { thresholdsFrom } from '../../src/link/train.js';
import { normalizeCitizenId } from '../../src/normalize/ids.js';
import { citizen, date, keys } from './fixtures.js';
import { loadAdminUnits } from '../../src/admin-units/load.js';
import { communeKeyOf, resolveCommune } from '../../src/normalize/communes.js';

const units = loadAdminUnits();

const t = thresholdsFrom(linkConfig);
const lv = (field: keyof typeof LEVELS, i: number): string => LEVELS[field][i];

describe('name ladder', () => {
  const cases: Array<[string, string, string]> = [
    ['Nguyễn Thị Thủy', 'Nguyễn Thị Thủy', 'canonical_exact'],
    ['Nguyễn Thị Thuỷ', 'Nguyễn Thị Thủy', 'canonical_exact'], // new vs old tone placement
    ['NGUYỄN THỊ THỦY', 'Nguyễn Thị Thủy', 'canonical_exact'],
    ['Nguyễn Thị Thùy', 'Nguyễn Thị Thủy', 'toneless_exact'],
    ['Nguyen Thi Thuy', 'Nguyễn Thị Thủy', 'ascii_exact'],
    ['Nguyễn Thủy', 'Nguyễn Thị Thủy', 'middle_missing'],
    ['Trần Lê Văn An', 'Trần Văn An', 'middle_missing'],
    ['Thủy Thị Nguyễn', 'Nguyễn Thị Thủy', 'reversed'],
    ['Nguyễn Thị Thủyy', 'Nguyễn Thị Thủy', 'jw_high'],
    ['Nguyễn Văn Hùng', 'Nguyễn Văn Minh', 'else'], // siblings: shared family + middle is not a fuzzy match
    ['Trần Văn Trung', 'Chần Văn Chung', 'phonetic'], // tr/ch dialect confusion
    ['Lê Thị Lan', 'Lê Thị Lam', 'jw_high'],
    ['Phạm An', 'Phạm Anh', 'jw_high'],
    ['Võ Văn Kiên', 'Vũ Văn Kiên', 'jw_low'],
    ['Lý Thị Ba', 'Lê Thị Bé', 'edits'],
    ['Nguyễn Văn Bình', 'Trần Thị Hoa', 'else'],
    // One letter dropped or doubled next to a y: ascii spells Thy "thi" and Quý "qui", two edits from the typo.
    ['Nguyễn Thị Thy', 'Nguyễn Thị Thủy', 'jw_high'],
    ['Huynh Phuong Quyy', 'Huỳnh Phương Quý', 'jw_high'],
    // A typo on top of a left-out middle name or a reversed order.
    ['Nuyễn Hồng', 'Nguyễn Kim Hồng', 'jw_high'],
    ['Thắng Huy Ngyễn', 'Nguyễn Huy Thắng', 'jw_high'],
    ['Nguyễn Hùng', 'Nguyễn Văn Minh', 'else'], // siblings stay apart when lined up too
    ['Minh Văn Nguyễn', 'Nguyễn Văn Hùng', 'else'],
    // A completely different family name is another person (issue 14), however close the rest.
    ['Hồ Văn Nam', 'Ngô Văn Nam', 'else'],
    ['Trần Thị Mai', 'Phạm Thị Mai', 'else'],
    ['Đỗ Minh Khoa', 'Lê Minh Khoa', 'else'],
    ['Chương Văn Nam', 'Trương Văn Nam', 'phonetic'], // tr/ch: one family name heard two ways
    ['Ngyen Văn Nam', 'Nguyễn Văn Nam', 'jw_high'], // a typo keeps it within one edit
    ['Nam Văn Hồ', 'Hồ Văn Nam', 'reversed'],
    // A middle name written as an initial, or dropped.
    ['Nguyễn V. An', 'Nguyễn Văn An', 'middle_missing'],
    ['Nguyễn T. T. Hà', 'Nguyễn Thị Thu Hà', 'middle_missing'],
    ['Nguyễn H. An', 'Nguyễn Văn An', 'jw_low'], // another initial: not the same middle name
    // Written given first with the middle name left out or as an initial (two slips at once).
    ['Linh Trần', 'Trần Lan Linh', 'middle_missing'],
    ['Thảo Lê N.', 'Lê Ngọc Thảo', 'middle_missing'],
    ['Minh Nguyen Duy', 'Nguyễn Văn Duy Minh', 'middle_missing'],
    ['Thảo Lê H.', 'Lê Ngọc Thảo', 'else'], // another initial
    ['Hùng Nguyễn', 'Nguyễn Văn Minh', 'else'], // siblings stay apart
    // Two letters of the given name typed in the wrong order: one slip (issue 14).
    ['Đặng Anh Nma', 'Đặng Anh Nam', 'jw_high'],
    ['Nguyễn Minh Hỉa', 'Nguyễn Minh Hải', 'jw_high'],
    ['Nguyễn Văn Nmih', 'Nguyễn Văn Minh', 'else'], // two transpositions are another name
    // Given name first, family and middle after it, with a typo on top ("Minh Nuyễn Văn" for Nguyễn Văn Minh).
    ['Minh Nuyễn Văn', 'Nguyễn Văn Minh', 'jw_high'],
    ['Bình Nguyễng Quang', 'Nguyễn Quang Bình', 'jw_high'],
    ['Minh Nguyễn Văn', 'Nguyễn Văn Hùng', 'else'], // siblings stay apart in that line-up too
    // Given name first with the slip in the given name itself: the other words are family and middle in order (issue 14).
    ['Tsao Trần Phương', 'Trần Phương Thảo', 'jw_high'],
    ['Xơn Lê Xuân', 'Lê Xuân Sơn', 'jw_high'],
    ['Linhh Le Kim', 'Lê Kim Linh', 'jw_high'],
    ['Hùng Trần Phương', 'Trần Phương Thảo', 'else'], // another given name first: a sibling
    // A middle name written as an initial with a slip on top (issue 14).
    ['Phgm T. Quân', 'Phạm Trọng Quân', 'jw_low'],
    ['Vũu T. Linh', 'Vũ Thị Linh', 'jw_high'],
    ['Nguyễn T. Hùng', 'Nguyễn Thị Minh', 'else'], // another given name
    ['Phgm H. Quân', 'Phạm Trọng Quân', 'else'], // another initial
  ];
  it.each(cases)('%s vs %s -> %s', (a, b, want) => {
    expect(lv('name', compareName(keys(a), keys(b), t))).toBe(want);
    expect(lv('name', compareName(keys(b), keys(a), t))).toBe(want);
  });
  it.each([
    ['Hồ Văn Nam', 'Ngô Văn Nam', true],
    ['Lê Văn Nam', 'Lý Văn Nam', false], // one edit: a typo cannot be ruled out
    ['Chương Văn Nam', 'Trương Văn Nam', false], // same phonetic key
    ['Nam Văn Hồ', 'Hồ Văn Nam', false], // written given first
    ['Trần Lê Minh', 'Lê Minh', false], // both parents' family names
    ['Hỳnh Công Nam', 'Huỳnh Công Nam', false], // one letter dropped as typed (ascii spells y as i: "hinh" / "huynh")
    ['Nguyễn Văn Nam', 'Nguyễn Văn Nam', false],
  ])('familyDiffers(%s, %s) = %s', (a, b, want) => {
    expect(familyDiffers(keys(a), keys(b))).toBe(want);
  });
  it('missing when either side has no name', () => {
    expect(lv('name', compareName(null, keys('Lê An'), t))).toBe('missing');
  });
});

describe('given-name tests of the twin guard', () => {
  it('sameGivenName: equal in ascii, or once a letter typed twice is read once', () => {
    expect(sameGivenName(keys('Trần Hoàng Anh'), keys('Tran Hoang Anh'))).toBe(true);
    expect(sameGivenName(keys('Trần Hoàng Annh'), keys('Trần Hoàng Anh'))).toBe(true);
    expect(sameGivenName(keys('Nguyễn Thị Hôồng'), keys('Nguyễn Thị Hồng'))).toBe(true);
    expect(sameGivenName(keys('Tạ Đình Tấn'), keys('Tạ Đình Tuấn'))).toBe(false); // a letter missing: another real name
    expect(sameGivenName(keys('Lê Văn Lu'), keys('Lê Văn Lưu'))).toBe(false); // ư then u is no repeat
  });
  it.each([
    ['Nguyễn Hồng Thuý', 'Nguyễn Hồng Thủy', true, 'another tone on the given name: another name'],
    ['Nguyễn Hồng Thuỷ', 'Nguyễn Hồng Thủy', false, 'new tone style, same name'],
    ['Nguyễn Hồng Thuy', 'Nguyễn Hồng Thủy', true, 'no tone on the given name of a name written with marks: the level tone'],
    ['Nguyễn Thị Hoa', 'Nguyễn Thị Hòa', true, 'twins Hoa and Hòa'],
    ['Nguyen Hong Thuy', 'Nguyễn Hồng Thủy', false, 'typed without diacritics'],
    ['Nguyễn Hông Thủy', 'Nguyễn Hồng Thủy', false, 'the tone is off elsewhere'],
    ['NGUYỄN HỒNG THUỶ', 'Nguyễn Hồng Thủy', false, 'capitals and the new tone style'],
    ['Lê Thành Văn', 'Lê Thành Vân', true, 'another vowel mark (ă / â): twins Văn and Vân'],
    ['Phạm Diệu Thu', 'Phạm Diệu Thư', true, 'u for ư in a name written with diacritics: Thu and Thư'],
    ['Pham Dieu Thu', 'Phạm Diệu Thư', false, 'no diacritics anywhere: the marks were lost, not changed'],
    ['Phạm Diệu Thư', 'Phạm Diệu Thư', false, 'the same name'],
    ['Phạm Diệu Thảo', 'Phạm Diệu Thư', false, 'other letters: not a question of marks'],
  ])('givenMarksDiffer(%s, %s) = %s (%s)', (a, b, want) => {
    expect(givenMarksDiffer(keys(a), keys(b))).toBe(want);
  });
});

describe('birth ladder', () => {
  const cases: Array<[string, string, string]> = [
    ['', '01/02/1990', 'missing'],
    ['01/02/1990', '01/02/1990', 'exact'],
    ['02/01/1990', '01/02/1990', 'swapped'],
    ['1990', '01/02/1990', 'year_only'],
    ['01/02/1991', '01/02/1990', 'one_digit'],
    ['01/02/1980', '01/02/1990', 'one_digit'],
    ['01/02/1989', '01/02/1990', 'year_off_by_one'], // 1989 vs 1990 differs in two digits
    ['1991', '01/02/1990', 'year_off_by_one'],
    ['15/07/1975', '01/02/1990', 'else'],
  ];
  it.each(cases)('%s vs %s -> %s', (a, b, want) => {
    expect(lv('birth', compareBirth(date(a), date(b)))).toBe(want);
    expect(lv('birth', compareBirth(date(b), date(a)))).toBe(want);
  });
});

describe('gender, commune and phone ladders', () => {
  it.each([
    ['M', 'M', 'exact'],
    ['M', 'F', 'else'],
    ['U', 'F', 'missing'],
  ] as const)('gender %s vs %s -> %s', (a, b, want) => expect(lv('gender', compareGender(a, b))).toBe(want));
  it.each([
    ['00001', '00001', 'exact'],
    ['00001', '00004', 'else'],
    ['', '00004', 'missing'],
  ])('commune as entered %s vs %s -> %s', (a, b, want) => expect(lv('commune', compareCommune(a, b))).toBe(want));
  // Keys as the normaliser makes them (--admin-units 2025): a dose's code read by its date, the registry's as today's.
  const key = (code: string, system: 'old' | 'new') => communeKeyOf(resolveCommune(units, code, system));
  it.each([
    ['old 00001 (Phúc Xá, 2021)', key('00001', 'old'), 'today 00097 (Hồng Hà)', key('00097', 'new'), 'exact'],
    ['old 00004 (Trúc Bạch, 2021)', key('00004', 'old'), 'today 00004 (Ba Đình)', key('00004', 'new'), 'exact'],
    ['old 00001', key('00001', 'old'), 'today 00004', key('00004', 'new'), 'else'],
    ['old 00007 (divided: 00008, 00025)', key('00007', 'old'), 'today 00025', key('00025', 'new'), 'split'],
    ['today 00008', key('00008', 'new'), 'old 00007 (divided)', key('00007', 'old'), 'split'],
    ['old 00007 (divided)', key('00007', 'old'), 'today 00097', key('00097', 'new'), 'else'],
    ['old 00007 (divided)', key('00007', 'old'), 'old 00025 (divided: 00008, 00025, 00199)', key('00025', 'old'), 'split'],
    ['old 00007 (divided)', key('00007', 'old'), 'old 00007', key('00007', 'old'), 'exact'],
    ['old 00010 (abolished, unknown successor)', key('00010', 'old'), 'today 00070', key('00070', 'new'), 'split'],
    ['old 00223 (abolished, successor 00235)', key('00223', 'old'), 'today 00235', key('00235', 'new'), 'exact'],
    ['unknown 99999', key('99999', 'old'), 'today 00097', key('00097', 'new'), 'else'],
    ['no code', key('', 'old'), 'today 00097', key('00097', 'new'), 'missing'],
  ])('commune %s vs %s -> %s', (_a, a, _b, b, want) => {
    expect(lv('commune', compareCommune(a, b))).toBe(want);
    expect(lv('commune', compareCommune(b, a))).toBe(want);
  });
  it.each([
    ['0912345678', '0912345678', 'exact'],
    ['0912345678', '0912345687', 'one_edit'],
    ['0912345678', '0987654321', 'else'],
    ['', '0912345678', 'missing'],
  ])('phone %s vs %s -> %s', (a, b, want) => expect(lv('phone', comparePhone(a, b))).toBe(want));
});

describe('id ladder (dose against citizen)', () => {
  const c = citizen({ id: '079090123456', oldId: '025123456', name: 'Lê An', dob: '01/02/1990', gender: 'M' });
  const cases: Array<[string, boolean, string]> = [
    ['', false, 'missing'],
    ['079090123456', true, 'exact'],
    ['025123456', true, 'old_id'],
    ['079090123465', false, 'one_edit'], // adjacent transposition
    ['079090923456', false, 'one_edit'], // substitution
    ['025123465', false, 'one_edit'], // typo in the former CMND
    ['079090654321', false, 'prefix_agree'], // same province, century/gender, year
    ['001090654321', true, 'else'], // someone else's ID
    ['001090654321', false, 'absent'], // nobody's ID
    ['026999999', true, 'else'],
    ['026999999', false, 'missing'], // an unknown CMND says nothing
  ];
  it.each(cases)('%s (in registry: %s) -> %s', (raw, inReg, want) => {
    expect(lv('id', compareIdToCitizen(normalizeCitizenId(raw).id, c, inReg))).toBe(want);
  });
  it.each([
    ['003085123456', '003085123456', 'exact', 'the registry holds the number vaxrec rejects (REGISTRY_ID_UNCHECKED)'],
    ['003085123456', '003085123465', 'one_edit', 'one typo away from it'],
    ['003085123456', '003085999999', 'missing', 'another number'],
  ])('refused ID %s against a citizen holding %s -> %s (%s)', (raw, held, want) => {
    const id = normalizeCitizenId(raw).id;
    expect(id.kind).toBe('invalid');
    expect(lv('id', compareIdToCitizen(id, { ...c, citizenId: held }, false, raw))).toBe(want);
  });
  // Eleven digits are read as a CCCD whose leading zero Excel dropped; they may be twelve with one digit dropped.
  it.each([
    ['12069947824', '012069947824', 'exact', 'the zero restored'],
    ['1206947824x', '012069947824', 'missing', 'not an ID'],
    ['01206947824', '012069947824', 'one_edit', 'a digit dropped, read as a lost zero (001206947824)'],
    ['01206947824', '079090123456', 'absent', 'nobody one typo away'],
    ['001206947824', '012069947824', 'absent', 'typed with 12 digits: two edits away'],
  ])('ID typed %s against a citizen holding %s -> %s (%s)', (raw, held, want) => {
    const d = { id: normalizeCitizenId(raw).id, raw: { citizen_id: raw } } as unknown as LinkInput;
    expect(lv('id', compareIdToCitizen(d.id, { ...c, citizenId: held, oldId: '' }, false, '', zeroRestoredDigits(d)))).toBe(want);
  });
  it.each([
    ['01206947824', '01206947824'],
    ['012 069 47824', '01206947824'],
    ['001206947824', ''], // typed whole
    ['25123456', '25123456'], // a CMND of 8 digits
    ['', ''],
  ])('zeroRestoredDigits(%s) = %s', (raw, want) => {
    expect(zeroRestoredDigits({ id: normalizeCitizenId(raw).id, raw: { citizen_id: raw } } as unknown as LinkInput)).toBe(want);
  });

  it('dose pairs: a CMND and a CCCD are not comparable', () => {
    const a = normalizeCitizenId('079090123456').id;
    const b = normalizeCitizenId('025123456').id;
    expect(lv('id', compareIdDoses(a, b))).toBe('missing');
    expect(lv('id', compareIdDoses(a, a))).toBe('exact');
    expect(lv('id', compareIdDoses(a, normalizeCitizenId('079090123465').id))).toBe('one_edit');
  });
});
