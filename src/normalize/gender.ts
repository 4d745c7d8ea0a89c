// Gender: Vietnamese and English spellings, any case, NFC or NFD, -> 'M' | 'F' | 'U'.

import type { Gender, Problem } from '../types.js';
import { normalizeConfig } from '../config/normalize.js';
import { LEGACY_ENCODINGS, repairLegacy } from './legacy.js';
import { foldMarks } from './vn-letters.js';

// Keys are folded (lower case, no diacritics, no spaces or punctuation). Accepted:
// male: nam, nam giới, trai/con trai, đàn ông, ông, m, male, man, boy; female: nữ, nu, nữ giới, gái/con gái, đàn bà,
// bà, f, female, woman, girl, w; explicitly unknown/other (no problem raised): khác, không rõ, không xác định, other, u, x.
// Numeric codes (0/1/2) are refused: systems disagree on their meaning (1/0 or 1/2, and which one is female), unless
// the file's own 12-digit IDs taught a mapping (ingest/gender-codes.ts).
// A word typed in a legacy font ("N÷" TCVN3, "Nöõ" VNI, "Ná»¯" UTF-8 read as cp1252) is read after decoding.
const GENDERS: ReadonlyMap<string, Gender> = new Map([
  ...['nam', 'namgioi', 'gioitinhnam', 'trai', 'contrai', 'nguoinam', 'danong', 'ong', 'm', 'male', 'man', 'boy', 'mr'].map(
    (k): [string, Gender] => [k, 'M'],
  ),
  ...['nu', 'nugioi', 'gioitinhnu', 'gai', 'congai', 'nguoinu', 'danba', 'ba', 'f', 'female', 'woman', 'girl', 'w', 'mrs', 'ms'].map(
    (k): [string, Gender] => [k, 'F'],
  ),
  ...['khac', 'khongro', 'khongxacdinh', 'chuaxacdinh', 'other', 'unknown', 'u', 'x'].map((k): [string, Gender] => [k, 'U']),
]);

const NON_LETTERS = /[^a-z]/g;

function foldGender(s: string): string {
  return foldMarks(s, true).replace(NON_LETTERS, '');
}

/** Digit -> gender learned for one file from its 12-digit IDs (ingest/gender-codes.ts). */
export type GenderCodes = Readonly<Record<string, 'M' | 'F'>>;

const memo = new Map<string, { gender: Gender; problems: Problem[] }>();

/**
 * Reads a declared gender; empty gives U with GENDER_MISSING, an unknown word U with GENDER_INVALID. A bare digit is
 * read through `codes` when the file has a learned mapping for it, without a problem: the mapping is a fact about the
 * file (logged once), and a row whose own ID disagrees still gets ID_GENDER_CONFLICT from the ID cross-check.
 */
export function normalizeGender(raw: string, codes?: GenderCodes | null): { gender: Gender; problems: Problem[] } {
  if (codes != null) {
    const s = raw.trim();
    const g = s.length === 1 ? codes[s] : undefined;
    if (g !== undefined) return { gender: g, problems: [] };
  }
  const hit = memo.get(raw);
  if (hit !== undefined) return { gender: hit.gender, problems: hit.problems.slice() };
  const s = raw.trim();
  let result: { gender: Gender; problems: Problem[] };
  if (s === '') {
    result = { gender: 'U', problems: [{ code: 'GENDER_MISSING', field: 'gender', value: raw, detail: 'gender is empty' }] };
  } else {
    const g = GENDERS.get(foldGender(s)) ?? readLegacyGender(raw);
    result =
      g !== undefined
        ? { gender: g, problems: [] }
        : { gender: 'U', problems: [{ code: 'GENDER_INVALID', field: 'gender', value: raw, detail: invalidDetail(s) }] };
  }
  if (memo.size < normalizeConfig.memoMaxEntries) memo.set(raw, result);
  return { gender: result.gender, problems: result.problems.slice() };
}

/**
 * The gender word a legacy-font value decodes to, when exactly one reading gives a known word. The untrimmed cell
 * is decoded: UTF-8-as-cp1252 "à" ends in a no-break space that trimming would destroy.
 */
function readLegacyGender(raw: string): Gender | undefined {
  let found: Gender | undefined;
  for (const enc of LEGACY_ENCODINGS) {
    const decoded = repairLegacy(raw, enc, { pure: true });
    if (decoded === null) continue;
    const g = GENDERS.get(foldGender(decoded.trim()));
    if (g === undefined) continue;
    if (found !== undefined && found !== g) return undefined;
    found = g;
  }
  return found;
}

function invalidDetail(s: string): string {
  if (/^[0-9]+$/.test(s)) {
    return `numeric code ${s} is ambiguous: systems disagree on which number means female (1/0 or 1/2), so it is not read; expected Nam/Nữ`;
  }
  return 'expected Nam/Nữ (or M/F, male/female)';
}
