// Encoders from Unicode names to the legacy Vietnamese font encodings as they appear in Excel cells
// (TCVN3/ABC and VNI-Windows), built independently of the decoder so a table mistake is caught.
// Tables: TCVN3 from gist congkhoa/bcd46eea4972d01aad15f2c603b560c7 and lamdao/xvnkb `tcvn.h`;
// VNI from lamdao/xvnkb `vni.h` (DOMAIN.md §2). Cells hold the Latin-1 characters of the font codes.

import { splitTone, type Tone } from './vietnamese.js';

const u = (...codes: number[]): string[] => codes.map((c) => String.fromCharCode(c));

/** TCVN3 codes per toneless lower-case letter, indexed by tone: none, sắc, huyền, hỏi, ngã, nặng. */
const TCVN3_LOWER: Record<string, string[]> = {
  a: ['a', ...u(0xb8, 0xb5, 0xb6, 0xb7, 0xb9)],
  ă: u(0xa8, 0xbe, 0xbb, 0xbc, 0xbd, 0xc6),
  â: u(0xa9, 0xca, 0xc7, 0xc8, 0xc9, 0xcb),
  e: ['e', ...u(0xd0, 0xcc, 0xce, 0xcf, 0xd1)],
  ê: u(0xaa, 0xd5, 0xd2, 0xd3, 0xd4, 0xd6),
  i: ['i', ...u(0xdd, 0xd7, 0xd8, 0xdc, 0xde)],
  o: ['o', ...u(0xe3, 0xdf, 0xe1, 0xe2, 0xe4)],
  ô: u(0xab, 0xe8, 0xe5, 0xe6, 0xe7, 0xe9),
  ơ: u(0xac, 0xed, 0xea, 0xeb, 0xec, 0xee),
  u: ['u', ...u(0xf3, 0xef, 0xf1, 0xf2, 0xf4)],
  // ư is 0xAD, the soft hyphen (DOMAIN.md §2).
  ư: u(0xad, 0xf8, 0xf5, 0xf6, 0xf7, 0xf9),
  y: ['y', ...u(0xfd, 0xfa, 0xfb, 0xfc, 0xfe)],
  đ: u(0xae),
};
/** Toneless capitals that TCVN3 has codes for; toned capitals were typed in .VnTimeH with the lower-case codes. */
const TCVN3_UPPER: Record<string, string> = { Ă: '\u00a1', Â: '\u00a2', Ê: '\u00a3', Ô: '\u00a4', Ơ: '\u00a5', Ư: '\u00a6', Đ: '\u00a7' };

/** Encode each character of the NFC text with `one`; ASCII passes through unchanged. */
function encodeEach(text: string, one: (ch: string) => string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) out += ch.charCodeAt(0) < 0x80 ? ch : one(ch);
  return out;
}

export function encodeTcvn3(text: string): string {
  return encodeEach(text, tcvn3Char);
}

function tcvn3Char(ch: string): string {
  const { base, tone } = splitTone(ch);
  if (tone === 0 && TCVN3_UPPER[base]) return TCVN3_UPPER[base];
  const row = TCVN3_LOWER[base.toLowerCase()];
  if (!row) throw new Error(`encodeTcvn3: no code for ${JSON.stringify(ch)}`);
  const code = row[tone];
  // A toned capital A, E, I, O, U, Y with tone 0 is plain ASCII and handled above.
  return tone === 0 && base !== base.toLowerCase() && code.charCodeAt(0) < 0x80 ? code.toUpperCase() : code;
}

/** VNI tone characters, lower and upper case: sắc, huyền, hỏi, ngã, nặng. */
const VNI_TONE_LOWER = ['', 'ù', 'ø', 'û', 'õ', 'ï'];
const VNI_TONE_UPPER = ['', 'Ù', 'Ø', 'Û', 'Õ', 'Ï'];
/** â/ê/ô carry a circumflex key combined with the tone; ă a breve key combined with the tone. */
const VNI_CIRC_LOWER = ['â', 'á', 'à', 'å', 'ã', 'ä'];
const VNI_CIRC_UPPER = ['Â', 'Á', 'À', 'Å', 'Ã', 'Ä'];
const VNI_BREVE_LOWER = ['ê', 'é', 'è', 'ú', 'ü', 'ë'];
const VNI_BREVE_UPPER = ['Ê', 'É', 'È', 'Ú', 'Ü', 'Ë'];
/** i takes single characters, and ỵ is one character. */
const VNI_I_LOWER = ['i', 'í', 'ì', 'æ', 'ó', 'ò'];
const VNI_I_UPPER = ['I', 'Í', 'Ì', 'Æ', 'Ó', 'Ò'];

export function encodeVni(text: string): string {
  return encodeEach(text, vniChar);
}

function vniChar(ch: string): string {
  const { base, tone } = splitTone(ch);
  const upper = base !== base.toLowerCase();
  const b = base.toLowerCase();
  const toneCh = (upper ? VNI_TONE_UPPER : VNI_TONE_LOWER)[tone as Tone];
  const cased = (s: string): string => (upper ? s.toUpperCase() : s);
  switch (b) {
    case 'a':
    case 'e':
    case 'o':
    case 'u':
      return cased(b) + toneCh;
    case 'â':
    case 'ê':
    case 'ô':
      return cased(stripMark(b)) + (upper ? VNI_CIRC_UPPER : VNI_CIRC_LOWER)[tone];
    case 'ă':
      return cased('a') + (upper ? VNI_BREVE_UPPER : VNI_BREVE_LOWER)[tone];
    case 'ơ':
      return (upper ? 'Ô' : 'ô') + toneCh;
    case 'ư':
      return (upper ? 'Ö' : 'ö') + toneCh;
    case 'i':
      return (upper ? VNI_I_UPPER : VNI_I_LOWER)[tone];
    case 'y':
      return tone === 5 ? (upper ? 'Î' : 'î') : cased('y') + toneCh;
    case 'đ':
      return upper ? 'Ñ' : 'ñ';
    default:
      throw new Error(`encodeVni: no code for ${JSON.stringify(ch)}`);
  }
}

function stripMark(b: string): string {
  return b.normalize('NFD')[0];
}
