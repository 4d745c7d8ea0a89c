// Vietnamese letter tables (code-unit lookups), syllable parsing, canonical tone placement and a syllable validity check.

/** Tone indices, in the order of the rows below: none (0), huyền, sắc, hỏi, ngã, nặng. */
export const TONE_GRAVE = 1;
export const TONE_ACUTE = 2;
export const TONE_HOOK = 3;
export const TONE_TILDE = 4;
export const TONE_DOT = 5;

/** Each vowel with its five tones; 12 vowels x 6 x 2 cases + đ/Đ = the 134 Vietnamese letters beyond ASCII (with a-z). */
export const VOWEL_ROWS: readonly string[] = [
  'aàáảãạ',
  'ăằắẳẵặ',
  'âầấẩẫậ',
  'eèéẻẽẹ',
  'êềếểễệ',
  'iìíỉĩị',
  'oòóỏõọ',
  'ôồốổỗộ',
  'ơờớởỡợ',
  'uùúủũụ',
  'ưừứửữự',
  'yỳýỷỹỵ',
];

const TABLE_SIZE = 0x1f00;
/** Lower-case base letter (vowel marks kept, tone removed) of each letter code unit; 0 = not a Vietnamese letter. */
export const BASE = new Uint16Array(TABLE_SIZE);
/** Tone carried by each letter code unit. */
export const TONE = new Uint8Array(TABLE_SIZE);
/** ASCII letter of each base letter (đ -> d, ơ -> o ...). */
export const ASCII = new Uint16Array(TABLE_SIZE);
/** 1 for a, ă, â, e, ê, i, o, ô, ơ, u, ư, y. */
export const IS_VOWEL = new Uint8Array(TABLE_SIZE);
/** 1 for the vowels that carry a vowel mark (ă â ê ô ơ ư): they take the tone. */
export const IS_MARKED = new Uint8Array(TABLE_SIZE);
/** Upper case of each lower-case letter code unit. */
export const UPPER = new Uint16Array(TABLE_SIZE);
const COMPOSED = new Uint16Array(0x200 * 6);

const cp = (s: string): number => s.charCodeAt(0);
export const CH = {
  a: cp('a'),
  e: cp('e'),
  i: cp('i'),
  o: cp('o'),
  u: cp('u'),
  y: cp('y'),
  g: cp('g'),
  q: cp('q'),
  aBreve: cp('ă'),
  aCirc: cp('â'),
  eCirc: cp('ê'),
  oCirc: cp('ô'),
  oHorn: cp('ơ'),
  uHorn: cp('ư'),
  dStroke: cp('đ'),
};

function fill(lower: string, upper: string, base: number, tone: number, ascii: number): void {
  for (const ch of [lower, upper]) {
    const c = cp(ch);
    BASE[c] = base;
    TONE[c] = tone;
  }
  UPPER[cp(lower)] = cp(upper);
  ASCII[cp(lower)] = ascii;
}

for (let c = 0x61; c <= 0x7a; c++) fill(String.fromCharCode(c), String.fromCharCode(c - 32), c, 0, c);
for (const row of VOWEL_ROWS) {
  const base = cp(row);
  const ascii = cp(row.normalize('NFD'));
  IS_VOWEL[base] = 1;
  if (base > 0x7f) IS_MARKED[base] = 1;
  for (let t = 0; t < 6; t++) {
    fill(row[t], row[t].toUpperCase(), base, t, ascii);
    COMPOSED[base * 6 + t] = cp(row[t]);
  }
}
fill('đ', 'Đ', CH.dStroke, 0, cp('d'));
// Ð (U+00D0, Icelandic eth) is a look-alike of Đ typed in real data (DOMAIN.md §2, rdrr.io haitools accent_remove.R);
// its lower case ð goes with it, so that upper and lower case give the same keys.
BASE[0xd0] = CH.dStroke;
BASE[0xf0] = CH.dStroke;

/** The precomposed lower-case letter for a base letter and a tone. */
export function composeLetter(base: number, tone: number): number {
  return tone === 0 || base >= 0x200 ? base : COMPOSED[base * 6 + tone] || base;
}

/** Combining marks -> tone (U+0340/U+0341 are the deprecated grave/acute tone marks, DOMAIN.md §2). */
export function combiningTone(c: number): number {
  switch (c) {
    case 0x300:
    case 0x340:
      return TONE_GRAVE;
    case 0x301:
    case 0x341:
      return TONE_ACUTE;
    case 0x309:
      return TONE_HOOK;
    case 0x303:
      return TONE_TILDE;
    case 0x323:
      return TONE_DOT;
    default:
      return -1;
  }
}

/** Where the syllable's vowel nucleus is: [start, end) in base letters; start === end when there is no vowel. */
export function findNucleus(b: ArrayLike<number>, from: number, to: number): [number, number] {
  let s = from;
  while (s < to && IS_VOWEL[b[s]] === 0) s++;
  if (s === to) return [to, to];
  // qu and gi count as consonants when another vowel follows (quý, quả, già, giữ): DOMAIN.md §2.
  if (s === from + 1 && s + 1 < to && IS_VOWEL[b[s + 1]] === 1) {
    const c0 = b[from],
      c1 = b[s];
    if ((c0 === CH.q && c1 === CH.u) || (c0 === CH.g && c1 === CH.i)) s++;
  }
  let e = s;
  while (e < to && IS_VOWEL[b[e]] === 1) e++;
  return [s, e];
}

/**
 * Index of the letter that carries the tone, old style (hòa, khỏe, thủy: the press and textbooks style,
 * help.launchpad.net/Translations/Vietnamese/Spelling, DOMAIN.md §2); -1 when the syllable has no vowel.
 * A vowel with a mark wins (the later one in ươ); one vowel takes it; three vowels put it in the middle
 * (ngoài, khuỷu); two vowels put it on the second when a final consonant follows (hoàng, huýt, Huỳnh) and
 * on the first in an open syllable (hòa, thủy, mài, mùa).
 */
export function tonePosition(b: ArrayLike<number>, from: number, to: number): number {
  const [s, e] = findNucleus(b, from, to);
  if (s === e) return -1;
  let marked = -1;
  for (let k = s; k < e; k++) if (IS_MARKED[b[k]] === 1) marked = k;
  if (marked >= 0) return marked;
  const n = e - s;
  if (n === 1) return s;
  if (n >= 3) return s + 1;
  return e < to ? s + 1 : s;
}

const INITIALS = new Set([
  '',
  'b',
  'c',
  'ch',
  'd',
  'đ',
  'g',
  'gh',
  'gi',
  'h',
  'k',
  'kh',
  'l',
  'm',
  'n',
  'ng',
  'ngh',
  'nh',
  'p',
  'ph',
  'qu',
  'r',
  's',
  't',
  'th',
  'tr',
  'v',
  'x',
]);
const NUCLEI = new Set([
  'a',
  'ă',
  'â',
  'e',
  'ê',
  'i',
  'o',
  'ô',
  'ơ',
  'u',
  'ư',
  'y',
  'ai',
  'ao',
  'au',
  'ay',
  'âu',
  'ây',
  'eo',
  'êu',
  'ia',
  'iê',
  'iu',
  'oa',
  'oă',
  'oe',
  'oi',
  'ôi',
  'ơi',
  'oo',
  'ua',
  'uâ',
  'uê',
  'ui',
  'uô',
  'uơ',
  'uy',
  'ưa',
  'ưi',
  'ươ',
  'ưu',
  'yê',
  'ya',
  'iêu',
  'oai',
  'oay',
  'oao',
  'oeo',
  'uây',
  'uôi',
  'uya',
  'uyê',
  'uyu',
  'ươi',
  'ươu',
  'yêu',
  'uêu',
]);
const FINALS = new Set(['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't']);
const STOP_FINALS = new Set(['c', 'ch', 'p', 't']);

/**
 * True when `word` (one syllable, any case, NFC) spells a possible Vietnamese syllable: known initial,
 * nucleus and final, at most one tone mark, and only sắc/nặng before a stop final (c, ch, p, t).
 */
export function isVietnameseSyllable(word: string): boolean {
  let ok = validityMemo.get(word);
  if (ok === undefined) {
    ok = checkSyllable(word);
    if (validityMemo.size >= VALIDITY_MEMO_LIMIT) validityMemo.clear();
    validityMemo.set(word, ok);
  }
  return ok;
}

/** Words repeat massively in a column (legacy repair checks every value): memoise, bounded by clearing. */
const VALIDITY_MEMO_LIMIT = 100_000;
const validityMemo = new Map<string, boolean>();

function checkSyllable(word: string): boolean {
  const n = word.length;
  if (n === 0 || n > 8) return false;
  const b: number[] = new Array(n);
  let tone = 0;
  let toned = 0;
  for (let k = 0; k < n; k++) {
    const c = word.charCodeAt(k);
    if (c >= TABLE_SIZE || BASE[c] === 0) return false;
    b[k] = BASE[c];
    if (TONE[c] !== 0) {
      tone = TONE[c];
      toned++;
    }
  }
  if (toned > 1) return false;
  const [s, e] = findNucleus(b, 0, n);
  if (s === e) return false;
  const initial = String.fromCharCode(...b.slice(0, s));
  const nucleus = String.fromCharCode(...b.slice(s, e));
  const final = String.fromCharCode(...b.slice(e));
  if (!INITIALS.has(initial) || !NUCLEI.has(nucleus) || !FINALS.has(final)) return false;
  if (STOP_FINALS.has(final) && tone !== 0 && tone !== TONE_ACUTE && tone !== TONE_DOT) return false;
  return true;
}

/**
 * How a text reads as Vietnamese: `valid` = words that are Vietnamese syllables (a trailing full stop allowed);
 * `bad` = the other words plus the characters that are neither letters nor spaces (bad 0 = reads as Vietnamese).
 */
export function readVietnamese(text: string): { valid: number; bad: number } {
  let valid = 0;
  let bad = 0;
  const n = text.length;
  let start = 0;
  for (let k = 0; k <= n; k++) {
    const c = k < n ? text.charCodeAt(k) : 0x20;
    if (!(c <= 0x20 || c === 0x2c || c === 0x2d || c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x3000)) continue;
    if (k > start) {
      let end = k;
      while (end > start && text.charCodeAt(end - 1) === 0x2e) end--;
      if (end < k) bad++;
      if (end > start) {
        const core = text.slice(start, end);
        if (isVietnameseSyllable(core)) valid++;
        else bad++;
        for (let j = start; j < end; j++) {
          const d = text.charCodeAt(j);
          if (d < TABLE_SIZE && BASE[d] !== 0) continue;
          if (d < 0x80 || !LETTER.test(text[j])) bad++;
        }
      }
    }
    start = k + 1;
  }
  return { valid, bad };
}

/** Any Unicode letter. */
export const LETTER = /\p{L}/u;

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const D_STROKE = /[đĐ]/g;
const D_STROKE_OR_ETH = /[đĐÐ]/g;

/**
 * Accent folding for comparison keys: NFD, combining marks U+0300-U+036F stripped, đ/Đ -> d, lower case; each caller
 * applies its own final filter. `eth`: Ð (U+00D0, a look-alike of Đ, see above) -> d too.
 */
export function foldMarks(s: string, eth = false): string {
  return s
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(eth ? D_STROKE_OR_ETH : D_STROKE, 'd')
    .toLowerCase();
}

/** foldMarks without the đ mapping: NFD, combining marks U+0300-U+036F stripped, lower case (đ kept). */
export function stripMarks(s: string): string {
  return s.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
}
