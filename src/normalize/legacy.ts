// Legacy Vietnamese encodings inside Unicode cells (TCVN3/ABC, VNI-Windows, VIQR, UTF-8 read as cp1252): detection per column and repair per value.

import { normalizeConfig } from '../config/normalize.js';
import { ASCII, BASE, CH, LETTER, TONE, TONE_DOT, UPPER, composeLetter, readVietnamese } from './vn-letters.js';

export type LegacyEncoding = 'tcvn3' | 'vni' | 'viqr' | 'utf8-as-cp1252';
export const LEGACY_ENCODINGS: readonly LegacyEncoding[] = ['tcvn3', 'vni', 'viqr', 'utf8-as-cp1252'];

export interface LegacyDetectionOptions {
  /** Fewest repaired values before a column is called legacy (lowered to the sample size for tiny samples). */
  minValues: number;
  /** Smallest share of non-empty values that must repair cleanly. */
  minShare: number;
}

/** Precomposed letter for a base vowel (lower case) and a tone index, upper-cased when `upper`. */
function vowel(baseLetter: string, tone: number, upper = false): string {
  const c = composeLetter(baseLetter.charCodeAt(0), tone);
  return String.fromCharCode(upper ? UPPER[c] : c);
}
/** The ASCII letter of a base letter (â -> a, ơ -> o). */
function asciiOf(baseLetter: string): string {
  return String.fromCharCode(ASCII[baseLetter.charCodeAt(0)]);
}

// ---------------------------------------------------------------------------------------------
// TCVN3 (ABC, .VnTime fonts): one byte per lower-case letter, seen in a Unicode cell as the Latin-1 character of
// that byte (ư is 0xAD, the soft hyphen). Capitals were typed with .VnTimeH fonts that reuse the lower-case codes,
// so only the seven capital base letters have codes of their own (DOMAIN.md §2; byte values checked against
// lamdao/xvnkb tcvn.h and the gist congkhoa/bcd46eea4972d01aad15f2c603b560c7 example "hép møt tÕt" = hộp mứt tết).
const TCVN3_ROWS: ReadonlyArray<readonly [string, string]> = [
  // [base letter, codes for: base, grave, acute, hook, tilde, dot] (NUL = the base is plain ASCII)
  ['a', '\u0000\u00b5\u00b8\u00b6\u00b7\u00b9'],
  ['ă', '\u00a8\u00bb\u00be\u00bc\u00bd\u00c6'],
  ['â', '\u00a9\u00c7\u00ca\u00c8\u00c9\u00cb'],
  ['e', '\u0000\u00cc\u00d0\u00ce\u00cf\u00d1'],
  ['ê', '\u00aa\u00d2\u00d5\u00d3\u00d4\u00d6'],
  ['i', '\u0000\u00d7\u00dd\u00d8\u00dc\u00de'],
  ['o', '\u0000\u00df\u00e3\u00e1\u00e2\u00e4'],
  ['ô', '\u00ab\u00e5\u00e8\u00e6\u00e7\u00e9'],
  ['ơ', '\u00ac\u00ea\u00ed\u00eb\u00ec\u00ee'],
  ['u', '\u0000\u00ef\u00f3\u00f1\u00f2\u00f4'],
  ['ư', '\u00ad\u00f5\u00f8\u00f6\u00f7\u00f9'],
  ['y', '\u0000\u00fa\u00fd\u00fb\u00fc\u00fe'],
];
const TCVN3_CAPITALS: Readonly<Record<string, string>> = {
  '\u00a1': 'Ă',
  '\u00a2': 'Â',
  '\u00a3': 'Ê',
  '\u00a4': 'Ô',
  '\u00a5': 'Ơ',
  '\u00a6': 'Ư',
  '\u00a7': 'Đ',
};
/** TCVN3 code character -> Unicode letter (67 lower-case codes incl. đ, plus 7 capitals). */
export const TCVN3_TO_UNICODE: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const [b, codes] of TCVN3_ROWS) {
    for (let t = 0; t < 6; t++) if (codes[t] !== '\u0000') m.set(codes[t], vowel(b, t));
  }
  m.set('\u00ae', 'đ');
  for (const [code, letter] of Object.entries(TCVN3_CAPITALS)) m.set(code, letter);
  return m;
})();
const UNICODE_TO_TCVN3: ReadonlyMap<string, string> = new Map([...TCVN3_TO_UNICODE].map(([k, v]) => [v, k]));

const TCVN3_TABLE: readonly string[] = (() => {
  const t: string[] = new Array(256).fill('');
  for (const [code, letter] of TCVN3_TO_UNICODE) t[code.charCodeAt(0)] = letter;
  return t;
})();

function decodeTcvn3(value: string): string {
  let out = '';
  let from = 0;
  for (let k = 0; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if (c >= 0xa0 && c <= 0xff && TCVN3_TABLE[c] !== '') {
      out += value.slice(from, k) + TCVN3_TABLE[c];
      from = k + 1;
    }
  }
  return from === 0 ? value : out + value.slice(from);
}

// ---------------------------------------------------------------------------------------------
// VNI-Windows: ASCII base letter followed by a mark character (lamdao/xvnkb vni.h; duydev/vietnamese-conversion
// README "Xin chaøo caùc baïn"). A few letters are single characters: đ ñ, ơ ô, ư ö, and i/ỵ with their tones.
const VNI_TONE_MARKS = 'øùûõï'; // tones 1..5
/** Circumflex (after a, e, o) with tone 0..5. */
const VNI_CIRC = 'âàáåãä';
/** Breve (after a) with tone 0..5. */
const VNI_BREVE = 'êèéúüë';
const VNI_I_TONES = '\u0000ìíæóò';

// Code-unit tables over Latin-1 (lower case): 1 + tone for the mark characters, the letter for single characters.
const VNI_TONE_OF = new Uint8Array(256);
const VNI_CIRC_OF = new Uint8Array(256);
const VNI_BREVE_OF = new Uint8Array(256);
const VNI_SINGLE_OF = new Uint16Array(256);
for (let t = 0; t < 6; t++) {
  VNI_CIRC_OF[VNI_CIRC.charCodeAt(t)] = t + 1;
  VNI_BREVE_OF[VNI_BREVE.charCodeAt(t)] = t + 1;
  if (t > 0) {
    VNI_TONE_OF[VNI_TONE_MARKS.charCodeAt(t - 1)] = t;
    VNI_SINGLE_OF[VNI_I_TONES.charCodeAt(t)] = composeLetter(CH.i, t);
  }
}
VNI_SINGLE_OF['ñ'.charCodeAt(0)] = CH.dStroke;
VNI_SINGLE_OF['î'.charCodeAt(0)] = composeLetter(CH.y, 5);

/** Lower case of an ASCII or Latin-1 letter (the range VNI uses), other code units unchanged. */
function lowerLatin(c: number): number {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) ? c + 0x20 : c;
}

function decodeVni(value: string): string {
  let out = '';
  let from = 0;
  const n = value.length;
  for (let k = 0; k < n; k++) {
    const c = value.charCodeAt(k);
    const l = lowerLatin(c);
    const upper = l !== c;
    let b = 0;
    if (l === CH.a || l === CH.e || l === CH.o || l === CH.u || l === CH.y || l === CH.i) b = l;
    else if (l === 0xf4)
      b = CH.oHorn; // ô alone is ơ
    else if (l === 0xf6) b = CH.uHorn; // ö alone is ư
    if (b === 0) {
      const single = l < 256 ? VNI_SINGLE_OF[l] : 0;
      if (single !== 0) {
        out += value.slice(from, k) + String.fromCharCode(upper ? UPPER[single] : single);
        from = k + 1;
      }
      continue;
    }
    let tone = 0;
    let end = k + 1;
    const m1 = end < n ? lowerLatin(value.charCodeAt(end)) : 0;
    if (m1 < 256 && VNI_CIRC_OF[m1] !== 0 && (b === CH.a || b === CH.e || b === CH.o)) {
      b = b === CH.a ? CH.aCirc : b === CH.e ? CH.eCirc : CH.oCirc;
      tone = VNI_CIRC_OF[m1] - 1;
      end++;
    } else if (m1 < 256 && VNI_BREVE_OF[m1] !== 0 && b === CH.a) {
      b = CH.aBreve;
      tone = VNI_BREVE_OF[m1] - 1;
      end++;
    }
    if (tone === 0 && end < n) {
      const m2 = lowerLatin(value.charCodeAt(end));
      if (m2 < 256 && VNI_TONE_OF[m2] !== 0) {
        tone = VNI_TONE_OF[m2];
        end++;
      }
    }
    if (end === k + 1 && b < 0x80) continue;
    const ch = composeLetter(b, tone);
    out += value.slice(from, k) + String.fromCharCode(upper ? UPPER[ch] : ch);
    from = end;
    k = end - 1;
  }
  return from === 0 ? value : out + value.slice(from);
}

/** Each Vietnamese letter of `text` spelt by `spell` from its base letter and tone (lower case, then cased like the letter); other characters as they are. */
function encodeLetters(text: string, spell: (base: string, tone: number) => string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const c = ch.charCodeAt(0);
    const b = c < 0x1f00 ? BASE[c] : 0;
    if (b === 0 || (b < 0x80 && TONE[c] === 0)) {
      out += ch;
      continue;
    }
    const s = spell(String.fromCharCode(b), TONE[c]);
    out += ch !== ch.toLowerCase() ? s.toUpperCase() : s;
  }
  return out;
}

function encodeVni(text: string): string {
  return encodeLetters(text, (base, t) => {
    if (base === 'đ') return 'ñ';
    if (base === 'i') return t === 0 ? 'i' : VNI_I_TONES[t];
    if (base === 'y' && t === 5) return 'î';
    if (base === 'â' || base === 'ê' || base === 'ô') return asciiOf(base) + VNI_CIRC[t];
    if (base === 'ă') return `a${VNI_BREVE[t]}`;
    const head = base === 'ơ' ? 'ô' : base === 'ư' ? 'ö' : base;
    return head + (t === 0 ? '' : VNI_TONE_MARKS[t - 1]);
  });
}

// ---------------------------------------------------------------------------------------------
// VIQR (RFC 1456): base letter, then ^ ( + for the vowel marks, then ' ` ? ~ . for the tones; DD/dd for Đ/đ.
const VIQR_TONE: Readonly<Record<string, number>> = { '`': 1, "'": 2, '?': 3, '~': 4, '.': 5 };

function decodeViqr(value: string): string {
  let out = '';
  const n = value.length;
  for (let k = 0; k < n; k++) {
    const ch = value[k];
    const lower = ch.toLowerCase();
    const upper = ch !== lower;
    if (lower === 'd' && k + 1 < n && value[k + 1].toLowerCase() === 'd') {
      out += upper ? 'Đ' : 'đ';
      k++;
      continue;
    }
    if (ch === '\\' && k + 1 < n) {
      out += value[k + 1];
      k++;
      continue;
    }
    if (!'aeiouy'.includes(lower)) {
      out += ch;
      continue;
    }
    let b = lower;
    const m = k + 1 < n ? value[k + 1] : '';
    if (m === '^' && (b === 'a' || b === 'e' || b === 'o')) {
      b = b === 'a' ? 'â' : b === 'e' ? 'ê' : 'ô';
      k++;
    } else if (m === '(' && b === 'a') {
      b = 'ă';
      k++;
    } else if (m === '+' && (b === 'o' || b === 'u')) {
      b = b === 'o' ? 'ơ' : 'ư';
      k++;
    }
    let t = k + 1 < n ? VIQR_TONE[value[k + 1]] : undefined;
    // "A." after a lone letter is an initial with a full stop, not ạ.
    const lone = (k === 0 || !LETTER.test(value[k - 1])) && (k + 2 >= n || !LETTER.test(value[k + 2]));
    if (t === TONE_DOT && lone && b === lower) t = undefined;
    let tone = 0;
    if (t !== undefined) {
      tone = t;
      k++;
    }
    out += vowel(b, tone, upper);
  }
  return out;
}

function encodeViqr(text: string): string {
  return encodeLetters(text, (base, t) => {
    if (base === 'đ') return 'dd';
    const plain = asciiOf(base);
    const mark = base === 'â' || base === 'ê' || base === 'ô' ? '^' : base === 'ă' ? '(' : base === 'ơ' || base === 'ư' ? '+' : '';
    return plain + mark + (t === 0 ? '' : "`'?~."[t - 1]);
  });
}

// ---------------------------------------------------------------------------------------------
// UTF-8 bytes shown through Windows-1252: each byte became one character. The five bytes cp1252 leaves undefined
// (81 8D 8F 90 9D) pass through as the C1 control with the same number.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const CP1252_TO_BYTE: ReadonlyMap<number, number> = new Map([...CP1252_HIGH].map((ch, i) => [ch.charCodeAt(0), 0x80 + i]));
// Not fatal: a thrown error costs microseconds, and most values tried are not UTF-8; U+FFFD marks a failure.
const utf8 = new TextDecoder('utf-8');

/**
 * `exact` (the per-cell repair, where an exact round trip is the only evidence): no guess at dropped bytes, and
 * the text is composed (NFC) so that decomposed names (tone marks as CC xx bytes) are judged as Vietnamese too.
 */
function decodeMojibake(value: string, exact = false): string {
  const bytes = new Uint8Array(value.length);
  let hasHigh = false;
  for (let k = 0; k < value.length; k++) {
    const c = value.charCodeAt(k);
    let byte: number | undefined;
    if (c < 0x80 || (c >= 0xa0 && c <= 0xff)) byte = c;
    else byte = CP1252_TO_BYTE.get(c) ?? (c >= 0x80 && c <= 0x9f ? c : undefined);
    if (byte === undefined) return value;
    if (byte >= 0x80) hasHigh = true;
    bytes[k] = byte;
  }
  if (!hasHigh) return value;
  const text = utf8.decode(bytes);
  if (!text.includes('\ufffd')) return exact ? text.normalize('NFC') : text;
  return exact ? value : (decodeLostDStroke(bytes) ?? value);
}

/**
 * Đ is C4 90 in UTF-8 and 0x90 is undefined in cp1252, so many tools drop it and leave a lone "Ä". No other
 * Vietnamese letter starts with C4 and has a dropped second byte, so a C4 without a continuation byte is Đ.
 */
function decodeLostDStroke(bytes: Uint8Array): string | null {
  const fixed: number[] = [];
  for (let k = 0; k < bytes.length; k++) {
    fixed.push(bytes[k]);
    if (bytes[k] === 0xc4 && (k + 1 >= bytes.length || bytes[k + 1] < 0x80 || bytes[k + 1] > 0xbf)) fixed.push(0x90);
  }
  if (fixed.length === bytes.length) return null;
  const text = utf8.decode(new Uint8Array(fixed));
  return text.includes('\ufffd') ? null : text;
}

function encodeMojibake(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text))
    out += byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  return out;
}

// ---------------------------------------------------------------------------------------------

function decode(value: string, enc: LegacyEncoding, exact: boolean): string {
  switch (enc) {
    case 'tcvn3':
      return decodeTcvn3(value);
    case 'vni':
      return decodeVni(value);
    case 'viqr':
      return decodeViqr(value);
    case 'utf8-as-cp1252':
      return decodeMojibake(value, exact);
  }
}

/** Unicode text -> how it looks when typed in `enc` and read back as Unicode (for tests and the data generator). */
export function encodeLegacy(text: string, enc: LegacyEncoding): string {
  switch (enc) {
    case 'tcvn3': {
      let out = '';
      for (const ch of text.normalize('NFC')) out += UNICODE_TO_TCVN3.get(ch) ?? UNICODE_TO_TCVN3.get(ch.toLowerCase()) ?? ch;
      return out;
    }
    case 'vni':
      return encodeVni(text);
    case 'viqr':
      return encodeViqr(text);
    case 'utf8-as-cp1252':
      return encodeMojibake(text);
  }
}

const VIQR_MARKS = /[\^(+'`?~.]|dd/i;

/**
 * The Unicode text of a value typed in `enc`; null when the value does not look encoded (already proper
 * Unicode, plain ASCII, or decoding would not give more Vietnamese syllables and fewer odd words/characters). Files mix rows, so a value
 * that already reads as Vietnamese is left alone even in a legacy column. `pure`: the column is wholly in `enc`;
 * `exact`: UTF-8-as-cp1252 only decodes when the bytes round-trip exactly (no dropped-byte guess).
 */
export function repairLegacy(value: string, enc: LegacyEncoding, opts: { pure?: boolean; exact?: boolean } = {}): string | null {
  if (value === '') return null;
  if (enc === 'viqr') {
    // VIQR is pure ASCII: a value with any other character was not typed in it.
    if (!VIQR_MARKS.test(value) || /[^\x00-\x7f]/.test(value)) return null;
  } else {
    let ascii = true;
    for (let k = 0; k < value.length; k++)
      if (value.charCodeAt(k) >= 0x80) {
        ascii = false;
        break;
      }
    if (ascii) return null;
  }
  const decoded = decode(value, enc, opts.exact === true);
  if (decoded === value) return null;
  const before = readVietnamese(value);
  if (before.bad === 0) {
    // Both readings are Vietnamese ("Tèng" is TCVN3 for Tống, "Voõ Thò" VNI for Võ Thị). In a column that is
    // wholly in the legacy encoding the legacy reading wins; in a mixed column the value is left alone.
    if (!opts.pure || hasUnicodeVietnamese(value)) return null;
    const after = readVietnamese(decoded);
    return after.bad === 0 && after.valid > 0 ? decoded : null;
  }
  const after = readVietnamese(decoded);
  // In a column wholly in the legacy encoding the legacy reading wins unless it reads worse: a typo can leave
  // one word odd both ways ("Trraàn Thò Loan" is VNI for Trrần Thị Loan), and the rest must not stay garbled.
  if (opts.pure && !hasUnicodeVietnamese(value) && after.valid > 0 && after.bad <= before.bad && after.valid >= before.valid)
    return decoded;
  // Decoding must make the value read as Vietnamese, not merely swap one odd character for another.
  if (after.bad >= before.bad || after.valid < before.valid) return null;
  if (after.valid === before.valid && after.bad > 0) return null;
  return decoded;
}

// ---------------------------------------------------------------------------------------------
// UTF-8 read as cp1252 in a single cell: sheets merged from several sources leave a few such names in a Unicode
// column, too few for detectLegacyColumn to call the column legacy, so each cell is judged on its own evidence.

/** A UTF-8 continuation byte (0x80-0xBF) as cp1252 shows it: U+0080-U+00BF (C1 controls kept raw, then Latin-1) or a cp1252 character. */
const CONTINUATION = `[\\u0080-\\u00bf${[...CP1252_HIGH].filter((ch) => ch.charCodeAt(0) > 0xff).join('')}]`;
/**
 * The signature of a Vietnamese letter's UTF-8 bytes seen through cp1252: a lead byte followed by a continuation
 * byte. The leads are those of the Vietnamese letters: C3 (Latin-1: à á â ã è...), C4 C5 (ă đ ĩ ũ), C6 (ơ ư), CC CD
 * (combining tone marks, for decomposed text) and E1 BA / E1 BB (U+1EA0-U+1EF9: ạ ả ấ ... ỹ). Proper Unicode
 * Vietnamese never has these pairs: "á" (E1) is common, but never before "º" or "»". A regular expression
 * measured faster than a charCodeAt loop (~45 vs ~55 ns a name), and it runs on every cell.
 */
const MOJIBAKE_SIGNATURE = new RegExp(`[\\u00c3-\\u00c6\\u00cc\\u00cd]${CONTINUATION}|\\u00e1[\\u00ba\\u00bb]${CONTINUATION}`);

export function hasMojibakeSignature(value: string): boolean {
  return MOJIBAKE_SIGNATURE.test(value);
}

/**
 * The Unicode text of one cell that is UTF-8 read as cp1252, whatever the rest of its column is; null unless the
 * evidence is unambiguous: the cell has the mojibake signature (hasMojibakeSignature), its cp1252 bytes (C1
 * controls included) decode as UTF-8 exactly (no replacement character, no guessed byte), and the result reads
 * as Vietnamese better than the cell did (repairLegacy's rule for a mixed column). A foreign name with Ã or Ä
 * ("Ãlvaro", "Äpfel") fails the round trip and is left alone.
 */
export function repairMojibakeCell(value: string): string | null {
  if (!hasMojibakeSignature(value)) return null;
  return repairLegacy(value, 'utf8-as-cp1252', { exact: true });
}

/** Letters that only Unicode Vietnamese text has (ă â đ ê ô ơ ư and the toned vowels of U+1EA0-U+1EF9), never a legacy font's Latin-1 look. */
const UNICODE_VIETNAMESE = /[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]/;

export function hasUnicodeVietnamese(value: string): boolean {
  return UNICODE_VIETNAMESE.test(value);
}

/** A column's legacy encoding; `pure` when no sampled value was already proper Unicode Vietnamese. */
export interface LegacyColumn {
  encoding: LegacyEncoding;
  pure: boolean;
}

/** detectLegacyEncoding plus whether the column is wholly in that encoding (then ambiguous values are decoded too). */
export function detectLegacyColumn(
  values: readonly string[],
  options: LegacyDetectionOptions = normalizeConfig.legacyDetection,
): LegacyColumn | null {
  const encoding = detectLegacyEncoding(values, options);
  if (encoding === null) return null;
  return { encoding, pure: !values.some(hasUnicodeVietnamese) };
}

/**
 * The legacy encoding of a column, judged from a sample of its values; null unless the evidence is clear:
 * enough values repair cleanly with one encoding, at least twice as many as with any other.
 */
export function detectLegacyEncoding(
  values: readonly string[],
  options: LegacyDetectionOptions = normalizeConfig.legacyDetection,
): LegacyEncoding | null {
  let nonEmpty = 0;
  const counts = new Map<LegacyEncoding, number>(LEGACY_ENCODINGS.map((e) => [e, 0]));
  for (const v of values) {
    if (v.trim() === '') continue;
    nonEmpty++;
    for (const enc of LEGACY_ENCODINGS) if (repairLegacy(v, enc) !== null) counts.set(enc, counts.get(enc)! + 1);
  }
  if (nonEmpty === 0) return null;
  const ranked = [...counts].sort((x, y) => y[1] - x[1]);
  const [bestEnc, best] = ranked[0];
  const second = ranked[1][1];
  if (best < Math.min(options.minValues, nonEmpty) || best < options.minShare * nonEmpty || best < 2 * second || best === 0) return null;
  return bestEnc;
}
