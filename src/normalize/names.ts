// Personal names -> display form and match keys (canonical, toneless, ascii, phonetic, family/middle/given), after taking off a title or trailing note.

import type { NameKeys, Problem } from '../types.js';
import { ASCII, BASE, CH, TONE, UPPER, combiningTone, composeLetter, findNucleus, foldMarks, tonePosition } from './vn-letters.js';
import { phoneticKey } from './phonetic.js';

export interface NormalizedName {
  /** null when nothing usable is left (empty, or only punctuation/digits). Frozen. */
  keys: NameKeys | null;
  problems: Problem[];
}

interface NameResult {
  keys: NameKeys | null;
  /** Characters removed because they are not letters, space, hyphen or apostrophe ('' when none). */
  removed: string;
  /** A title or note taken off the name before its keys were built (stripNameNotes), as typed. */
  notes?: readonly string[];
}

/**
 * Normalise one full name. Problems: NAME_NOTE_REMOVED (a title or note was taken off first), NAME_INVALID_CHARS
 * (something was removed), NAME_SINGLE_WORD.
 */
export function normalizeName(raw: string): NormalizedName {
  let entry = nameMemo.get(raw);
  if (entry === undefined) {
    const stripped = stripNameNotes(raw);
    if (stripped === null) entry = computeSimpleName(raw) ?? computeName(raw);
    else entry = { ...(computeSimpleName(stripped.name) ?? computeName(stripped.name)), notes: stripped.notes };
    if (nameMemo.size >= NAME_MEMO_LIMIT) nameMemo.clear();
    nameMemo.set(raw, entry);
  }
  const problems: Problem[] = [];
  const keys = entry.keys;
  if (entry.notes !== undefined) {
    problems.push({
      code: 'NAME_NOTE_REMOVED',
      field: 'full_name',
      value: raw,
      detail: `removed a title or note: ${entry.notes.map((n) => JSON.stringify(n)).join(', ')}`,
      ...(keys ? { fix: keys.display } : {}),
    });
  }
  if (entry.removed !== '') {
    problems.push({
      code: 'NAME_INVALID_CHARS',
      field: 'full_name',
      value: raw,
      detail: `removed characters that are not letters: ${JSON.stringify(entry.removed)}`,
      ...(keys ? { fix: keys.display } : {}),
    });
  }
  if (keys !== null && keys.family === '') {
    problems.push({ code: 'NAME_SINGLE_WORD', field: 'full_name', value: raw, detail: 'name has a single word, read as the given name' });
  }
  return { keys, problems };
}

// Titles written before a name ("Bà Nguyễn Thị Hoà", "Cháu Vũ Đức Ẩn", "Mr. Nguyen Van A"), lower case, matched with
// their diacritics only: without them they are family names (Chu, Cù, Bế, Châu, Bạc) or given names.
const T_NEVER = 0; // never a family name: taken off whenever a full name of 2+ words follows
const T_FAMILY = 1; // Ông is a family name (Ông Ích Khiêm), Cô is Cồ without its tone: only before a known family name
// Common given names, so a reversed name (Anh Hoàng Nguyễn) starts with them: only before a known family name and a
// middle name, and not when a family name ends it.
const T_GIVEN = 2;
const TITLES: ReadonlyMap<string, number> = new Map([
  ...['bà', 'chị', 'cháu', 'chú', 'bác', 'cụ', 'mr', 'mrs', 'ms'].map((t): [string, number] => [t, T_NEVER]),
  ...['ông', 'cô'].map((t): [string, number] => [t, T_FAMILY]),
  ...['anh', 'em', 'bé'].map((t): [string, number] => [t, T_GIVEN]),
]);

// Vietnamese family names, folded to ascii: the 14 that cover ~90% of people (DOMAIN.md §2) and a tail of less common
// ones that are rarely anything else. FAMILY_OR_GIVEN are family names that are also common middle or given names
// (Nguyễn Hoàng Hà, Lê Kim Sơn): not enough to take a title off, but enough to refuse to (the checks err towards
// leaving a name alone).
const FAMILY_NAMES: ReadonlySet<string> = new Set([
  'nguyen',
  'tran',
  'le',
  'pham',
  'hoang',
  'huynh',
  'phan',
  'vu',
  'vo',
  'dang',
  'bui',
  'do',
  'ho',
  'ngo',
  'duong',
  'ly',
  'dinh',
  'truong',
  'dao',
  'doan',
  'trinh',
  'luong',
  'ta',
  'to',
  'chau',
  'vuong',
  'quach',
  'kieu',
  'khuc',
  'luc',
  'trieu',
  'chu',
  'phung',
  'nong',
  'hua',
  'tang',
  'than',
  'mac',
  'thach',
  'lo',
  'ong',
  'khong',
  'au',
  'luu',
  'tong',
  'ton',
  'bach',
  'be',
  'cu',
  'cung',
  'dam',
  'giap',
  'hau',
  'kha',
  'lai',
  'lu',
  'ma',
  'nghiem',
  'nhu',
  'phi',
  'pho',
  'tieu',
  'tiet',
  'ung',
  'vien',
  'thieu',
  'diep',
  'khuat',
  'lieu',
  'nham',
  'sam',
  'tat',
  'danh',
  'tao',
  'xa',
  'cam',
  'can',
  'dau',
  'doi',
  'la',
]);
const FAMILY_OR_GIVEN: ReadonlySet<string> = new Set([
  ...FAMILY_NAMES,
  'cao',
  'ha',
  'lam',
  'mai',
  'thai',
  'giang',
  'kim',
  'ninh',
  'quang',
  'son',
  'hong',
  'trang',
  'yen',
  'vi',
  'tu',
  'chung',
  'dong',
  'han',
  'man',
  'lac',
  'quan',
  'manh',
]);
/** Words that end no name: a name cut to "Nguyễn Thị" lost its given name, so a cut that leaves one is refused. */
const MIDDLE_ONLY: ReadonlySet<string> = new Set(['van', 'thi']);

/** A first word short enough to be a title (NFD "cháu" is 5 code units), then "." ":" "," or a space. */
const TITLE_HEAD = /^([^\s.:,]{1,5})(?:[.:,]+\s*|\s+)/;
const NOTE_HINT = /[([\-\u2013\u2014\u2212]/;
const DASHES = '-\u2013\u2014\u2212';
const LETTER_IN_WORD = /\p{L}/u;

function foldWord(w: string): string {
  return foldMarks(w, true).replace(/[^a-z]/g, '');
}
function nameWords(s: string): string[] {
  return s.split(/\s+/).filter((w) => LETTER_IN_WORD.test(w));
}
/** A full name of 2+ words whose last word can end a name. */
function isFullName(words: readonly string[]): boolean {
  return words.length >= 2 && !MIDDLE_ONLY.has(foldWord(words[words.length - 1]));
}

/**
 * Takes a title ("Bà", "Ông", "Cháu"... when a full name follows) and a trailing note ("(con)", "[GV]", "- GV",
 * "(mẹ: ...)") off a name, so its keys are the person's name. Null when there is nothing to take off. Precision
 * first: a leading bracket ("(Trần) Văn Nam"), a hyphen inside a word (Thu-Hà, Y-Moan) and text after a closing
 * bracket are left to the letter scan.
 */
export function stripNameNotes(raw: string): { name: string; notes: string[] } | null {
  let name = raw.trim();
  const notes: string[] = [];
  if (NOTE_HINT.test(name)) {
    const cut = findNoteStart(name);
    if (cut > 0) {
      notes.push(name.slice(cut).trim());
      name = name.slice(0, cut).trim();
    }
  }
  const head = TITLE_HEAD.exec(name);
  if (head !== null) {
    const title = head[0].trim();
    const kind = TITLES.get(head[1].normalize('NFC').toLowerCase());
    if (kind !== undefined) {
      const rest = name.slice(head[0].length).trim();
      const words = nameWords(rest);
      const familyNext = FAMILY_NAMES.has(foldWord(words[0] ?? ''));
      const ok =
        isFullName(words) &&
        (kind === T_NEVER ||
          (familyNext &&
            (kind === T_FAMILY ||
              // Anh, Em, Bé before two words is a three-word name written given first (Anh Nguyễn Diệu for Nguyễn
              // Diệu Anh) far more often than a title before a two-word name: a title needs a middle name after it.
              (words.length >= 3 && !FAMILY_OR_GIVEN.has(foldWord(words[words.length - 1]))))));
      if (ok) {
        notes.unshift(title);
        name = rest;
      }
    }
  }
  return notes.length === 0 ? null : { name, notes };
}

/** Where a trailing note starts (a bracket, or a dash with a space beside it, after a full name); -1 when none. */
function findNoteStart(s: string): number {
  for (let k = 1; k < s.length; k++) {
    const ch = s[k];
    const bracket = ch === '(' || ch === '[';
    const dash = DASHES.includes(ch) && (/\s/.test(s[k - 1]) || (k + 1 < s.length && /\s/.test(s[k + 1])));
    if (!bracket && !dash) continue;
    if (!isFullName(nameWords(s.slice(0, k)))) continue;
    if (dash || isNoteTail(s, k)) return k;
  }
  return -1;
}

/** From an opening bracket at k to the end there are only notes: bracket groups (the last may be unclosed), then perhaps a dash note. */
function isNoteTail(s: string, k: number): boolean {
  let i = k;
  for (;;) {
    const close = s[i] === '(' ? ')' : ']';
    const end = s.indexOf(close, i + 1);
    if (end < 0) return true;
    i = end + 1;
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length || DASHES.includes(s[i])) return true;
    if (s[i] !== '(' && s[i] !== '[') return false;
  }
}

/** Split ascii tokens into family (first), middle (the rest) and given (last); one token is a given name only. */
export function splitName(asciiTokens: readonly string[]): { family: string; middle: string; given: string } {
  const n = asciiTokens.length;
  if (n === 0) return { family: '', middle: '', given: '' };
  if (n === 1) return { family: '', middle: '', given: asciiTokens[0] };
  return { family: asciiTokens[0], middle: asciiTokens.slice(1, n - 1).join(' '), given: asciiTokens[n - 1] };
}

/**
 * Whole-name memo: the same person's name repeats on every dose (and in the registry), so records share one
 * frozen NameKeys instead of holding ~450 bytes of key strings each (measured on 1M doses, where memory,
 * not CPU, was the limit). Bounded: cleared when full.
 */
const NAME_MEMO_LIMIT = 200_000;
const nameMemo = new Map<string, NameResult>();

// Item kinds produced by the scan.
const K_SPACE = 0;
const K_LETTER = 1;
const K_OTHER = 2; // a letter outside the Vietnamese alphabet (kept as is)
const K_HYPHEN = 3;
const K_APOS = 4;

let kind = new Uint8Array(128);
let base = new Uint16Array(128);
let tone = new Uint8Array(128);
let others: string[] = [];

function grow(n: number): void {
  if (n <= kind.length) return;
  const size = Math.max(n, kind.length * 2);
  const k2 = new Uint8Array(size);
  k2.set(kind);
  kind = k2;
  const b2 = new Uint16Array(size);
  b2.set(base);
  base = b2;
  const t2 = new Uint8Array(size);
  t2.set(tone);
  tone = t2;
}

function isSpace(c: number): boolean {
  return c <= 0x20 || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0x1680;
}
function isHyphen(c: number): boolean {
  return c === 0x2d || (c >= 0x2010 && c <= 0x2014) || c === 0x2212;
}
function isApostrophe(c: number): boolean {
  return c === 0x27 || c === 0x2018 || c === 0x2019 || c === 0x2bc || c === 0x60 || c === 0xb4 || c === 0x2032;
}
/** Invisible characters that carry nothing (soft hyphen, zero-width space/joiners, BOM, word joiner). */
function isIgnorable(c: number): boolean {
  return c === 0xad || (c >= 0x200b && c <= 0x200d) || c === 0xfeff || c === 0x2060;
}

const LETTER_RE = /\p{L}/u;

function computeName(raw: string): NameResult {
  let s = raw;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0x300 && c <= 0x36f) {
      // Decomposed or mixed input (DOMAIN.md §2 Unicode forms): NFC once, after mapping the deprecated tone marks.
      s = s
        .replace(/\u0340/g, '\u0300')
        .replace(/\u0341/g, '\u0301')
        .normalize('NFC');
      break;
    }
  }
  // Both callers already tried computeSimpleName on `raw`: try again only when NFC changed the text.
  if (s !== raw) {
    const fast = computeSimpleName(s);
    if (fast !== null) return fast;
  }
  grow(s.length + 1);
  others = [];
  let n = 0;
  let removed = '';
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x1f00 && BASE[c] !== 0) {
      kind[n] = K_LETTER;
      base[n] = BASE[c];
      tone[n] = TONE[c];
      n++;
    } else if (isSpace(c)) {
      if (n > 0 && kind[n - 1] !== K_SPACE) {
        kind[n] = K_SPACE;
        n++;
      }
    } else if (isHyphen(c)) {
      kind[n] = K_HYPHEN;
      n++;
    } else if (isApostrophe(c)) {
      kind[n] = K_APOS;
      n++;
    } else if (c >= 0x300 && c <= 0x36f) {
      // A combining mark NFC could not compose: a tone on the previous letter, or a vowel mark.
      const t = combiningTone(c);
      if (n > 0 && kind[n - 1] === K_LETTER) {
        if (t > 0) {
          if (tone[n - 1] === 0) tone[n - 1] = t;
        } else applyVowelMark(n - 1, c);
      }
    } else if (isIgnorable(c)) {
      // skipped silently
    } else {
      let ch = s[k];
      if (c >= 0xd800 && c <= 0xdbff && k + 1 < s.length) {
        ch = s.slice(k, k + 2);
        k++;
      }
      if (LETTER_RE.test(ch)) {
        // Case-fold through upper case so a second pass agrees (ϕ -> Φ -> φ); keep letters whose case changes length (ß).
        const up = ch.toUpperCase();
        const low = (up.length === ch.length ? up : ch).toLowerCase();
        kind[n] = K_OTHER;
        base[n] = 0;
        tone[n] = 0;
        others[n] = low.length === ch.length ? low : ch;
        n++;
      } else {
        if (!removed.includes(ch)) removed += ch;
        // Punctuation separates words ("Nguyễn.Văn.A"); digits are simply dropped ("Lan2").
        if (!(c >= 0x30 && c <= 0x39) && n > 0 && kind[n - 1] !== K_SPACE) {
          kind[n] = K_SPACE;
          n++;
        }
      }
    }
  }
  // Without joiners or foreign letters the cleaned letters are a plain name: reuse the fast path and its memo.
  let plain = true;
  for (let k = 0; k < n && plain; k++) plain = kind[k] === K_LETTER || kind[k] === K_SPACE;
  if (plain) {
    let cleaned = '';
    for (let k = 0; k < n; k++) cleaned += kind[k] === K_SPACE ? ' ' : String.fromCharCode(composeLetter(base[k], tone[k]));
    const simple = computeSimpleName(cleaned);
    return { keys: simple === null ? null : simple.keys, removed };
  }
  const keys = buildKeys(n);
  return { keys, removed };
}

/**
 * The memo is per syllable, not per name: names are made of a few thousand distinct syllables, so a name is a
 * join of memoised syllables (~0.5 µs, as fast as the NFD+regex fold), while memoising whole names measured
 * ~1.5 µs per new name (Map growth and GC of retained entries) for little gain on repeats. Bounded by clearing.
 */
interface SyllableKeys {
  display: string;
  canonical: string;
  toneless: string;
  ascii: string;
  phonetic: string;
}
const SYLLABLE_MEMO_LIMIT = 100_000;
const syllableMemo = new Map<string, SyllableKeys>();

function syllableKeys(word: string): SyllableKeys {
  let keys = syllableMemo.get(word);
  if (keys !== undefined) return keys;
  const n = word.length;
  grow(n + 1);
  for (let k = 0; k < n; k++) {
    const c = word.charCodeAt(k);
    kind[k] = K_LETTER;
    base[k] = BASE[c];
    tone[k] = TONE[c];
  }
  growOut(n * 4 + 8);
  nDisplay = nCanonical = nToneless = nAscii = 0;
  writeSyllable(0, n);
  const ascii = text(outAscii, nAscii);
  keys = {
    display: text(outDisplay, nDisplay),
    canonical: text(outCanonical, nCanonical),
    toneless: text(outToneless, nToneless),
    ascii,
    phonetic: phoneticKey(ascii),
  };
  if (syllableMemo.size >= SYLLABLE_MEMO_LIMIT) syllableMemo.clear();
  syllableMemo.set(word, keys);
  return keys;
}

/**
 * The common case: words of Vietnamese letters separated by spaces. Returns null when anything else is
 * present (punctuation, digits, joiners, combining marks, other letters): the general scan handles those.
 */
function computeSimpleName(s: string): NameResult | null {
  const words: string[] = [];
  let start = -1;
  const n = s.length;
  for (let k = 0; k <= n; k++) {
    const c = k < n ? s.charCodeAt(k) : 0x20;
    if (c === 0x20 || c === 0x09 || c === 0xa0) {
      if (start >= 0) {
        words.push(s.slice(start, k));
        start = -1;
      }
    } else if (c < 0x1f00 && BASE[c] !== 0) {
      if (start < 0) start = k;
    } else {
      return null;
    }
  }
  const w = words.length;
  if (w === 0) return null;
  // Plain concatenation: Array.prototype.join measured ~4x slower on these 2-5 element lists.
  const first = syllableKeys(words[0]);
  let syl = first;
  let display = syl.display;
  let canonical = syl.canonical;
  let toneless = syl.toneless;
  let ascii = syl.ascii;
  let phonetic = syl.phonetic;
  let middle = '';
  for (let k = 1; k < w; k++) {
    syl = syllableKeys(words[k]);
    display += ` ${syl.display}`;
    canonical += ` ${syl.canonical}`;
    toneless += ` ${syl.toneless}`;
    ascii += ` ${syl.ascii}`;
    phonetic += ` ${syl.phonetic}`;
    if (k < w - 1) middle += (k > 1 ? ' ' : '') + syl.ascii;
  }
  const family = w > 1 ? first.ascii : '';
  const keys: NameKeys = Object.freeze({ display, canonical, toneless, ascii, phonetic, family, middle, given: syl.ascii });
  return { keys, removed: '' };
}

function applyVowelMark(i: number, mark: number): void {
  const b = base[i];
  if (mark === 0x302) base[i] = b === CH.a ? CH.aCirc : b === CH.e ? CH.eCirc : b === CH.o ? CH.oCirc : b;
  else if (mark === 0x306 && b === CH.a) base[i] = CH.aBreve;
  else if (mark === 0x31b) base[i] = b === CH.o ? CH.oHorn : b === CH.u ? CH.uHorn : b;
}

function isLetterKind(k: number): boolean {
  return k === K_LETTER || k === K_OTHER;
}

// Output buffers, one per key: building flat strings from code units avoids the rope strings (and the GC
// work) that character-by-character concatenation creates.
let outDisplay = new Uint16Array(256);
let outCanonical = new Uint16Array(256);
let outToneless = new Uint16Array(256);
let outAscii = new Uint16Array(256);
let nDisplay = 0;
let nCanonical = 0;
let nToneless = 0;
let nAscii = 0;

function growOut(n: number): void {
  if (n <= outDisplay.length) return;
  outDisplay = new Uint16Array(n * 2);
  outCanonical = new Uint16Array(n * 2);
  outToneless = new Uint16Array(n * 2);
  outAscii = new Uint16Array(n * 2);
}

function text(buf: Uint16Array, n: number): string {
  return String.fromCharCode.apply(null, buf.subarray(0, n) as unknown as number[]);
}

function buildKeys(n: number): NameKeys | null {
  // Other letters may expand (up to 2 code units each, plus NFD marks); 4x covers every case.
  growOut(n * 4 + 8);
  nDisplay = nCanonical = nToneless = nAscii = 0;
  let i = 0;
  while (i < n) {
    // One word: letters and joiners up to the next space.
    while (i < n && !isLetterKind(kind[i])) i++;
    if (i >= n) break;
    if (nCanonical > 0) {
      outDisplay[nDisplay++] = 32;
      outCanonical[nCanonical++] = 32;
      outToneless[nToneless++] = 32;
      outAscii[nAscii++] = 32;
    }
    let started = false;
    let pendingJoin = -1;
    while (i < n && kind[i] !== K_SPACE) {
      if (!isLetterKind(kind[i])) {
        if (started && pendingJoin === -1) pendingJoin = kind[i];
        i++;
        continue;
      }
      let j = i;
      while (j < n && isLetterKind(kind[j])) j++;
      if (pendingJoin !== -1) {
        const jc = pendingJoin === K_HYPHEN ? 0x2d : 0x27;
        outDisplay[nDisplay++] = jc;
        outCanonical[nCanonical++] = jc;
        outToneless[nToneless++] = jc;
        // In the ascii key a hyphen splits words (Nguyễn-Văn = Nguyễn Văn) and an apostrophe vanishes (H'Hen = Hhen).
        if (pendingJoin === K_HYPHEN) outAscii[nAscii++] = 32;
        pendingJoin = -1;
      }
      writeSyllable(i, j);
      started = true;
      i = j;
    }
  }
  if (nCanonical === 0) return null;
  const ascii = text(outAscii, nAscii);
  const tokens = ascii.split(' ');
  let phonetic = '';
  for (let t = 0; t < tokens.length; t++) phonetic += (t > 0 ? ' ' : '') + phoneticKey(tokens[t]);
  const parts = splitName(tokens);
  return Object.freeze({
    display: text(outDisplay, nDisplay),
    canonical: text(outCanonical, nCanonical),
    toneless: text(outToneless, nToneless),
    ascii,
    phonetic,
    family: parts.family,
    middle: parts.middle,
    given: parts.given,
  });
}

const NFD_MARKS = /[\u0300-\u036f]/g;

function pushString(buf: Uint16Array, at: number, s: string): number {
  for (let k = 0; k < s.length; k++) buf[at++] = s.charCodeAt(k);
  return at;
}

function writeSyllable(from: number, to: number): void {
  // Tone marks are taken off wherever they were typed (Hùynh, qúy, gìa, hoà) and put back by the rule.
  let t = 0;
  for (let k = from; k < to; k++)
    if (tone[k] !== 0) {
      t = tone[k];
      break;
    }
  const pos = t === 0 ? -1 : tonePosition(base, from, to);
  // i/y after a consonant are one sound spelled two ways (Lý/Lí, Kỳ/Kì: DOMAIN.md §2): ascii uses i.
  const [vs, ve] = findNucleus(base, from, to);
  const yToI = ve - vs === 1 && vs > from && base[vs] === CH.y;
  for (let k = from; k < to; k++) {
    if (kind[k] === K_OTHER) {
      const o = others[k];
      nCanonical = pushString(outCanonical, nCanonical, o);
      nToneless = pushString(outToneless, nToneless, o);
      // Only case mappings that keep the length: 'ß'.toUpperCase() is 'SS', which would not survive a second pass.
      const up = o.toUpperCase();
      nDisplay = pushString(outDisplay, nDisplay, k === from && up.length === o.length ? up : o);
      nAscii = pushString(outAscii, nAscii, o.normalize('NFD').replace(NFD_MARKS, ''));
      continue;
    }
    const b = base[k];
    const c = k === pos ? composeLetter(b, t) : b;
    outCanonical[nCanonical++] = c;
    outDisplay[nDisplay++] = k === from ? UPPER[c] : c;
    outToneless[nToneless++] = b;
    outAscii[nAscii++] = yToI && k === vs ? CH.i : ASCII[b];
  }
}
