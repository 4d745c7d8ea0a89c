// Comparison ladders: for each field, missing first, then exact, then looser levels, then else; the first level that fits wins.

import type { Citizen, CitizenIdInfo, Gender, LinkInput, NameKeys, NormalizedDose, PartialDate } from '../types.js';
import { isOneEditOrTransposition, jaroWinkler, levenshtein, sameLastToken, samePrefix } from './similarity.js';
import { ASCII } from '../normalize/vn-letters.js';
import { MULTI_COMMUNE } from '../normalize/communes.js';

export const FIELDS = ['name', 'birth', 'gender', 'id', 'commune', 'phone'] as const;
export type LinkField = (typeof FIELDS)[number];

/** Position of each field in FIELDS (and in level arrays), so the decision policy reads fields by name. */
export const FIELD_INDEX = Object.fromEntries(FIELDS.map((f, i) => [f, i])) as Record<LinkField, number>;

export const LEVELS: Record<LinkField, readonly string[]> = {
  name: [
    'missing',
    'canonical_exact',
    'toneless_exact',
    'ascii_exact',
    'middle_missing',
    'reversed',
    'jw_high',
    'phonetic',
    'jw_low',
    'edits',
    'else',
  ],
  birth: ['missing', 'exact', 'swapped', 'year_only', 'one_digit', 'year_off_by_one', 'else'],
  gender: ['missing', 'exact', 'else'],
  id: ['missing', 'exact', 'old_id', 'one_edit', 'prefix_agree', 'else', 'absent'],
  // split: one side's old commune was divided (or abolished) and the other's commune is one of its successors.
  commune: ['missing', 'exact', 'split', 'else'],
  phone: ['missing', 'exact', 'one_edit', 'else'],
};

/** Level 0 of every field is "missing": no evidence either way, weight 0. */
export const MISSING = 0;

export const NAME = {
  missing: 0,
  canonical: 1,
  toneless: 2,
  ascii: 3,
  middleMissing: 4,
  reversed: 5,
  jwHigh: 6,
  phonetic: 7,
  jwLow: 8,
  edits: 9,
  else: 10,
} as const;
export const BIRTH = { missing: 0, exact: 1, swapped: 2, yearOnly: 3, oneDigit: 4, yearOffByOne: 5, else: 6 } as const;
export const GENDER = { missing: 0, exact: 1, else: 2 } as const;
export const ID = { missing: 0, exact: 1, oldId: 2, oneEdit: 3, prefixAgree: 4, else: 5, absent: 6 } as const;
export const COMMUNE = { missing: 0, exact: 1, split: 2, else: 3 } as const;
export const PHONE = { missing: 0, exact: 1, oneEdit: 2, else: 3 } as const;

/** Thresholds that define the fuzzy name levels (stored in the model so a reloaded model compares identically). */
export interface NameThresholds {
  jwHigh: number;
  jwLow: number;
  maxNameEdits: number;
  givenCloseJw: number;
}

/** Name levels at which family and given names agree: term-frequency adjustment applies. */
export function isStrongName(level: number): boolean {
  return level >= NAME.canonical && level <= NAME.reversed;
}

/**
 * The shorter middle name is the longer one with words left out, or written as initials ("Nguyễn V. An" for
 * Nguyễn Văn An: forms with little room abbreviate the middle name).
 */
function middleContained(shorter: string, longer: string): boolean {
  if (shorter === '') return true;
  const s = shorter.split(' ');
  const l = longer.split(' ');
  let j = 0;
  for (let i = 0; i < l.length && j < s.length; i++) {
    if (l[i] === s[j] || (s[j].length === 1 && l[i].charCodeAt(0) === s[j].charCodeAt(0))) j++;
  }
  return j === s.length;
}

/**
 * The family names differ completely: more than one edit apart, with different phonetic keys (the tr/ch, d/gi/r
 * confusions fold to one key), and neither appears among the other name's words (a name written given first, a
 * child with both parents' family names). A typo leaves a family name within one edit; a different family name is
 * another person, however alike the rest (issue 14: people with the same given name and birth date, linked).
 */
export function familyDiffers(a: NameKeys, b: NameKeys): boolean {
  if (a.family === '' || b.family === '' || a.family === b.family || isOneEditOrTransposition(a.family, b.family)) return false;
  // As typed, y kept: "Hỳnh" is one letter from "Huỳnh" but two from it in ascii ("hinh" / "huynh").
  if (isOneEditOrTransposition(typedGiven(a, true), typedGiven(b, true))) return false;
  if (firstToken(a.phonetic).toLowerCase() === firstToken(b.phonetic).toLowerCase()) return false;
  return !hasWords(a.ascii, b.family) && !hasWords(b.ascii, a.family);
}

function firstToken(s: string): string {
  const i = s.indexOf(' ');
  return i < 0 ? s : s.slice(0, i);
}

function hasWords(name: string, words: string): boolean {
  return ` ${name} `.includes(` ${words} `);
}

/**
 * The given name's letters as typed, diacritics dropped but y kept. The ascii key spells i/y after a consonant
 * as i (Lý = Lí), so a typo that changes a syllable's vowel count also flips a y it did not touch
 * (Thúy -> Thy is "thuy" -> "thi", Quý -> Quyy is "qui" -> "quyy"): two edits in ascii, one as typed.
 */
function typedGiven(n: NameKeys, first = false): string {
  const t = n.toneless;
  const sp = first ? t.indexOf(' ') : -1;
  const end = sp < 0 ? t.length : sp;
  let s = '';
  for (let i = first ? 0 : t.lastIndexOf(' ') + 1; i < end; i++) {
    const c = t.charCodeAt(i);
    const a = c < ASCII.length ? ASCII[c] : 0;
    s += String.fromCharCode(a !== 0 ? a : c);
  }
  return s;
}

/**
 * The given names agree, or do once a letter typed twice is read once ("Annh" for Anh, "Thhành" for Thành,
 * "Hôồng" for Hồng): no Vietnamese given name repeats a letter, so the doubled spelling is nobody's real name
 * (a twin's or sibling's different given name cannot look like it). Letters are compared with their vowel marks
 * (ư then u in Lưu is no repeat).
 */
export function sameGivenName(a: NameKeys, b: NameKeys): boolean {
  if (a.given === b.given) return true;
  return undoubledGiven(a) === undoubledGiven(b);
}

/**
 * The record's given name is written with other marks than the registry's, so it names someone else (twins Hoa /
 * Hòa, Vân / Văn, Thu / Thư), not a spelling of the same name: when the record's name carries any diacritic, its
 * writer typed marks, and a given name without a tone is the level tone of Hoa, not a lost one. A name typed
 * without any diacritics lost them all, so it agrees with any marks.
 */
export function givenMarksDiffer(d: NameKeys, c: NameKeys): boolean {
  return d.given === c.given && !sameLastToken(d.canonical, c.canonical) && hasDiacritics(d.canonical);
}

/** The given names are the same letters and nothing in their marks says they are two names (see givenMarksDiffer). */
export function givenAgrees(d: NameKeys, c: NameKeys): boolean {
  return d.given === c.given && !givenMarksDiffer(d, c);
}

/**
 * The record's given name as written agrees with the person's (letters and marks, see givenAgrees; a letter typed
 * twice is forgiven), also when the record writes the given name first ("Tiên Nguyễn Minh" for Nguyễn Minh Tiên, name level reversed).
 */
export function writtenGivenAgrees(d: NameKeys, c: NameKeys, nameLevel: number): boolean {
  // A letter typed twice ("Phhúc") is still that given name, and not a twin's (Phước): see sameGivenName.
  if (givenAgrees(d, c) || (d.given !== c.given && sameGivenName(d, c))) return true;
  if (nameLevel !== NAME.reversed || d.family !== c.given) return false;
  return !hasDiacritics(d.canonical) || firstToken(d.canonical) === lastToken(c.canonical);
}

function lastToken(s: string): string {
  return s.slice(s.lastIndexOf(' ') + 1);
}

function hasDiacritics(canonical: string): boolean {
  for (let i = 0; i < canonical.length; i++) if (canonical.charCodeAt(i) > 127) return true;
  return false;
}

function undoubledGiven(n: NameKeys): string {
  const t = n.toneless;
  let s = '';
  let prev = -1;
  for (let i = t.lastIndexOf(' ') + 1; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === prev) continue;
    prev = c;
    const a = c < ASCII.length ? ASCII[c] : 0;
    s += String.fromCharCode(a !== 0 ? a : c);
  }
  return s;
}

/** `ascii` read as given, family, middle ("linh tran", "thao le n") is `b` with its middle name left out or shortened. */
function givenFirstMiddleMissing(ascii: string, b: NameKeys): boolean {
  const t = ascii.split(' ');
  if (t.length < 2 || t[0] !== b.given || t[1] !== b.family) return false;
  const middle = t.slice(2).join(' ');
  return middle !== b.middle && middle.length <= b.middle.length && middleContained(middle, b.middle);
}

function sortedTokens(s: string): string {
  return s.split(' ').sort().join(' ');
}

export function compareName(a: NameKeys | null, b: NameKeys | null, t: NameThresholds): number {
  if (a === null || b === null || a.ascii === '' || b.ascii === '') return NAME.missing;
  if (a.canonical === b.canonical) return NAME.canonical;
  if (a.toneless === b.toneless) return NAME.toneless;
  if (a.ascii === b.ascii) return NAME.ascii;
  if (a.family === b.family && a.given === b.given && a.middle !== b.middle) {
    const contained = a.middle.length <= b.middle.length ? middleContained(a.middle, b.middle) : middleContained(b.middle, a.middle);
    if (contained) return NAME.middleMissing;
  }
  if ((a.family === b.given || a.given === b.family) && sortedTokens(a.ascii) === sortedTokens(b.ascii)) return NAME.reversed;
  // Written given first with the middle name left out or as initials ("Linh Trần", "Thảo Lê N." for Trần Lan Linh, Lê
  // Ngọc Thảo): two slips, each of which alone keeps family and given name; read in the usual order, it is that level.
  if ((a.family === b.given && givenFirstMiddleMissing(a.ascii, b)) || (b.family === a.given && givenFirstMiddleMissing(b.ascii, a))) {
    return NAME.middleMissing;
  }
  // No fuzzy level across completely different family names: "Hồ Văn Nam" / "Ngô Văn Nam" are two edits apart.
  if (familyDiffers(a, b)) return NAME.else;
  const level = fuzzyLevel(a.ascii, a.given, a.phonetic, a, false, b.ascii, b.phonetic, b, t);
  if (level !== NAME.else || a.family === '' || b.family === '') return level;
  // A typo on top of a left-out middle name or a reversed order (two slips in one record: "Nuyễn Hồng" for
  // Nguyễn Kim Hồng, "Thắng Huy Ngyễn" for Nguyễn Huy Thắng): line the family and given names up first,
  // then the same ladder, given-name test included.
  // The middle name left out or written as initials ("Phgm T. Quân" for Phạm Trọng Quân) with a slip on top.
  if (
    a.middle !== b.middle &&
    (a.middle.length <= b.middle.length ? middleContained(a.middle, b.middle) : middleContained(b.middle, a.middle))
  ) {
    return fuzzyLevel(
      outerTokens(a.ascii),
      a.given,
      outerTokens(a.phonetic),
      a,
      false,
      outerTokens(b.ascii),
      outerTokens(b.phonetic),
      b,
      t,
    );
  }
  if (a.family === b.given || a.given === b.family) {
    // Either side may be the reversed one: the better of the two line-ups (a lower level is a closer match).
    // Reversed whole ("Thắng Huy Nguyễn") or given name put first ("Minh Nuyễn Văn" for Nguyễn Văn Minh: the usual
    // order is the written one with its first word moved to the end).
    return Math.min(
      fuzzyLevel(swapOuterTokens(a.ascii), a.family, swapOuterTokens(a.phonetic), a, true, b.ascii, b.phonetic, b, t),
      fuzzyLevel(swapOuterTokens(b.ascii), b.family, swapOuterTokens(b.phonetic), b, true, a.ascii, a.phonetic, a, t),
      fuzzyLevel(firstTokenLast(a.ascii), a.family, firstTokenLast(a.phonetic), a, true, b.ascii, b.phonetic, b, t),
      fuzzyLevel(firstTokenLast(b.ascii), b.family, firstTokenLast(b.phonetic), b, true, a.ascii, a.phonetic, a, t),
    );
  }
  // Written given first with the slip in the given name itself ("Tsao Trần Phương" for Trần Phương Thảo, "Xơn Lê Xuân"
  // for Lê Xuân Sơn): the words after the first are the person's family and middle names in their order, so the first
  // word is the given name, compared on the same ladder (given-name test included).
  if (allButFirst(a.ascii) === allButLast(b.ascii)) {
    return fuzzyLevel(firstTokenLast(a.ascii), a.family, firstTokenLast(a.phonetic), a, true, b.ascii, b.phonetic, b, t);
  }
  if (allButFirst(b.ascii) === allButLast(a.ascii)) {
    return fuzzyLevel(firstTokenLast(b.ascii), b.family, firstTokenLast(b.phonetic), b, true, a.ascii, a.phonetic, a, t);
  }
  return NAME.else;
}

/** Every word but the first ('' for a one-word name). */
function allButFirst(s: string): string {
  const i = s.indexOf(' ');
  return i < 0 ? '' : s.slice(i + 1);
}

/** Every word but the last; for a one-word name a value allButFirst never returns (a one-word name has no order). */
function allButLast(s: string): string {
  const i = s.lastIndexOf(' ');
  return i < 0 ? '\u0000' : s.slice(0, i);
}

/**
 * The fuzzy rungs on two full names as lined up by the caller (ascii and phonetic keys; a's given name is
 * its first token when `aGivenFirst`). Fuzzy levels only when the given names are close: a shared family +
 * middle name makes whole-name similarity high for siblings and twins ("nguyen van minh" / "nguyen van hung").
 */
function fuzzyLevel(
  aAscii: string,
  aGiven: string,
  aPhonetic: string,
  a: NameKeys,
  aGivenFirst: boolean,
  bAscii: string,
  bPhonetic: string,
  b: NameKeys,
  t: NameThresholds,
): number {
  const givenEdits = levenshtein(aGiven, b.given);
  // Two letters typed in the wrong order ("Nma" for Nam, "Hỉa" for Hải) is one slip, as for IDs and birth dates.
  const givenClose =
    givenEdits <= 1 ||
    (givenEdits === 2 && isOneEditOrTransposition(aGiven, b.given)) ||
    sameLastToken(aPhonetic, bPhonetic) ||
    jaroWinkler(aGiven, b.given) >= t.givenCloseJw ||
    (givenEdits === 2 && levenshtein(typedGiven(a, aGivenFirst), typedGiven(b)) <= 1);
  if (!givenClose) return NAME.else;
  const jw = jaroWinkler(aAscii, bAscii);
  if (jw >= t.jwHigh) return NAME.jwHigh;
  if (aPhonetic !== '' && aPhonetic === bPhonetic) return NAME.phonetic;
  if (jw >= t.jwLow) return NAME.jwLow;
  if (levenshtein(aAscii, bAscii) <= t.maxNameEdits) return NAME.edits;
  return NAME.else;
}

/** First and last space-separated tokens ("nguyen kim hong" -> "nguyen hong"). */
function outerTokens(s: string): string {
  const i = s.indexOf(' ');
  const j = s.lastIndexOf(' ');
  return i === j ? s : s.slice(0, i) + s.slice(j);
}

/** The first token moved to the end ("minh nuyen van" -> "nuyen van minh"). */
function firstTokenLast(s: string): string {
  const i = s.indexOf(' ');
  return i < 0 ? s : `${s.slice(i + 1)} ${s.slice(0, i)}`;
}

/** First and last tokens swapped ("thang huy nguyen" -> "nguyen huy thang"). */
function swapOuterTokens(s: string): string {
  const i = s.indexOf(' ');
  const j = s.lastIndexOf(' ');
  if (i < 0) return s;
  return s.slice(j + 1) + s.slice(i, j + 1) + s.slice(0, i);
}

export function compareBirth(a: PartialDate | null, b: PartialDate | null): number {
  if (a === null || b === null) return BIRTH.missing;
  if (a.precision === 'day' && b.precision === 'day') {
    if (a.iso === b.iso) return BIRTH.exact;
    if (a.swapped === b.iso || b.swapped === a.iso) return BIRTH.swapped;
    if (isOneEditOrTransposition(a.iso, b.iso)) return BIRTH.oneDigit;
    if (a.month === b.month && a.day === b.day && Math.abs(a.year - b.year) === 1) return BIRTH.yearOffByOne;
    return BIRTH.else;
  }
  if (a.year === b.year) return BIRTH.yearOnly;
  if (Math.abs(a.year - b.year) === 1) return BIRTH.yearOffByOne;
  return BIRTH.else;
}

export function compareGender(a: Gender, b: Gender): number {
  if (a === 'U' || b === 'U') return GENDER.missing;
  return a === b ? GENDER.exact : GENDER.else;
}

export function hasUsableId(id: CitizenIdInfo): boolean {
  return id.kind === 'cccd' || id.kind === 'cmnd9';
}

/**
 * The digits to test for a one-character typo: the ID itself, or for an ID normalisation rejected
 * (unknown province, impossible century digit) its 9 or 12 raw digits, since one mistyped digit in
 * PPP or G is exactly what makes a real ID invalid. '' when there is nothing to test.
 */
export function typoCandidateDigits(d: LinkInput): string {
  if (hasUsableId(d.id)) return d.id.value;
  if (d.id.kind !== 'invalid') return '';
  const raw = d.raw?.citizen_id ?? '';
  let digits = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += raw[i];
    else if (c !== 32 && c !== 45 && c !== 46) return '';
  }
  return digits.length === 12 || digits.length === 9 ? digits : '';
}

/**
 * The digits as entered when the ID's value is them with a leading zero put back (11 digits read as a CCCD whose zero
 * Excel dropped, 8 as a CMND), '' otherwise. One digit short is also what a dropped digit leaves (issue 14: "012069947824"
 * typed "01206947824" reads as 001206947824), so a person one typo away from these digits is one typo away from the record.
 */
export function zeroRestoredDigits(d: LinkInput): string {
  const v = d.id.value;
  if (!hasUsableId(d.id) || v.charCodeAt(0) !== 48) return '';
  const raw = d.raw?.citizen_id ?? '';
  let digits = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += raw[i];
  }
  return digits.length === v.length - 1 && v === `0${digits}` ? digits : '';
}

/**
 * The 12 digits of an ID normalisation refused (unknown province code or century digit), '' otherwise: the registry
 * may hold exactly that number (it is the authority, see REGISTRY_ID_UNCHECKED), so it is looked up as typed.
 */
export function uncheckedIdDigits(d: LinkInput): string {
  if (d.id.kind !== 'invalid') return '';
  const v = typoCandidateDigits(d);
  return v.length === 12 ? v : '';
}

/**
 * A dose's ID against a registry person (current 12-digit ID and former CMND). `idInRegistry` says whether the
 * dose's ID belongs to anyone in the registry: an ID owned by someone else ("else", a relative's ID) and a
 * well-formed ID nobody holds ("absent", a person missing from the registry or a garbled number) are different evidence.
 */
export function compareIdToCitizen(id: CitizenIdInfo, c: Citizen, idInRegistry: boolean, invalidDigits = '', enteredDigits = ''): number {
  if (!hasUsableId(id)) {
    if (invalidDigits !== '' && invalidDigits === c.citizenId) return ID.exact;
    if (
      invalidDigits !== '' &&
      (isOneEditOrTransposition(invalidDigits, c.citizenId) || (c.oldId !== '' && isOneEditOrTransposition(invalidDigits, c.oldId)))
    ) {
      return ID.oneEdit;
    }
    return ID.missing;
  }
  const v = id.value;
  if (v === c.citizenId) return ID.exact;
  if (c.oldId !== '' && v === c.oldId) return ID.oldId;
  if (isOneEditOrTransposition(v, c.citizenId) || (c.oldId !== '' && isOneEditOrTransposition(v, c.oldId))) return ID.oneEdit;
  // A digit short as entered, read as a lost leading zero: it may as well be a dropped digit (one typo, see zeroRestoredDigits).
  if (
    enteredDigits !== '' &&
    (isOneEditOrTransposition(enteredDigits, c.citizenId) || (c.oldId !== '' && isOneEditOrTransposition(enteredDigits, c.oldId)))
  ) {
    return ID.oneEdit;
  }
  if (id.kind === 'cccd') {
    // PPP G YY: birth-registration province, century + gender, birth year.
    if (v.length === 12 && c.citizenId.length === 12 && samePrefix(v, c.citizenId, 6)) return ID.prefixAgree;
    return idInRegistry ? ID.else : ID.absent;
  }
  // A 9-digit CMND nobody in the registry holds: the person may have held it without the registry knowing
  // (one person shows a CMND on dose 1 and a CCCD on dose 2), so it is no evidence against.
  return idInRegistry ? ID.else : ID.missing;
}

/** Two doses' IDs. Different kinds (CMND vs CCCD) are not comparable. */
export function compareIdDoses(a: CitizenIdInfo, b: CitizenIdInfo): number {
  if (!hasUsableId(a) || !hasUsableId(b) || a.kind !== b.kind) return ID.missing;
  if (a.value === b.value) return ID.exact;
  if (isOneEditOrTransposition(a.value, b.value)) return ID.oneEdit;
  if (a.kind === 'cccd' && samePrefix(a.value, b.value, 6)) return ID.prefixAgree;
  return ID.else;
}

/**
 * Two commune keys (NormalizedDose.communeKey): a 2021 record's old code agrees with the registry's code of today when
 * one became the other (both keys are today's code); a divided commune, whose key lists its successors, agrees in
 * part with each of them.
 */
export function compareCommune(a: string, b: string): number {
  if (a === '' || b === '') return COMMUNE.missing;
  if (a === b) return COMMUNE.exact;
  const aMulti = a.charCodeAt(0) === MULTI_CODE;
  const bMulti = b.charCodeAt(0) === MULTI_CODE;
  if (aMulti === bMulti) return aMulti && sharesCandidate(a, b) ? COMMUNE.split : COMMUNE.else;
  return (aMulti ? a.includes(`;${b};`) : b.includes(`;${a};`)) ? COMMUNE.split : COMMUNE.else;
}

const MULTI_CODE = MULTI_COMMUNE.charCodeAt(0);

function sharesCandidate(a: string, b: string): boolean {
  const parts = a.split(';');
  for (let i = 1; i < parts.length - 1; i++) if (b.includes(`;${parts[i]};`)) return true;
  return false;
}

export function comparePhone(a: string, b: string): number {
  if (a === '' || b === '') return PHONE.missing;
  if (a === b) return PHONE.exact;
  return isOneEditOrTransposition(a, b) ? PHONE.oneEdit : PHONE.else;
}

/** Fill `out` (length FIELDS.length) with the levels of a dose against a registry person. */
export function compareDoseCitizen(d: LinkInput, c: Citizen, t: NameThresholds, idInRegistry: boolean, out: Uint8Array): void {
  out[0] = compareName(d.name, c.name, t);
  out[1] = compareBirth(d.birth, c.birth);
  out[2] = compareGender(d.gender, c.gender);
  out[3] = compareIdToCitizen(d.id, c, idInRegistry, d.id.kind === 'invalid' ? typoCandidateDigits(d) : '', zeroRestoredDigits(d));
  out[4] = compareCommune(d.communeKey, c.communeKey);
  out[5] = comparePhone(d.phone, c.phone);
}

/** Fill `out` with the levels of two dose records. */
export function compareDosePair(a: NormalizedDose, b: NormalizedDose, t: NameThresholds, out: Uint8Array): void {
  out[0] = compareName(a.name, b.name, t);
  out[1] = compareBirth(a.birth, b.birth);
  out[2] = compareGender(a.gender, b.gender);
  out[3] = compareIdDoses(a.id, b.id);
  out[4] = compareCommune(a.communeKey, b.communeKey);
  out[5] = comparePhone(a.phone, b.phone);
}

/**
 * Read the fields a comparison reads (a value to keep, so the loads are not dropped). Called for a batch of
 * records in a tight loop before comparing them: loads of different records are independent, so the CPU
 * overlaps their cache misses (~260 ns each on a large heap, PERF-LIMITS.md d) instead of taking them one
 * after another inside each comparison.
 */
export function touchCitizen(c: Citizen): number {
  const nm = c.name;
  const b = c.birth;
  return (
    nm.canonical.length +
    nm.toneless.length +
    nm.ascii.length +
    nm.given.length +
    nm.family.length +
    nm.phonetic.length +
    c.citizenId.length +
    c.phone.length +
    c.communeKey.length +
    (b === null ? 0 : b.iso.length)
  );
}

export function touchDose(d: NormalizedDose): number {
  const nm = d.name;
  const b = d.birth;
  return (
    nm.canonical.length +
    nm.toneless.length +
    nm.ascii.length +
    nm.given.length +
    nm.family.length +
    nm.phonetic.length +
    d.id.value.length +
    d.phone.length +
    d.communeKey.length +
    (b === null ? 0 : b.iso.length)
  );
}
