// Identity numbers: 12-digit personal ID (CCCD), 9-digit CMND, passports; Excel damage repair and ID-vs-details cross-checks.

import type { CitizenIdInfo, Gender, PartialDate, Problem } from '../types.js';
import type { ProblemCode } from '../codes.js';
import { foldMarks } from './vn-letters.js';

// Circular 07/2016/TT-BCA Annex 1, the 63 birth-registration province codes (DOMAIN.md 1.1). They never change with the
// 2025 merger: an ID keeps its number for life, so never check against the 34-province list.
export const PROVINCE_CODES: ReadonlyMap<string, string> = new Map([
  ['001', 'Hà Nội'],
  ['002', 'Hà Giang'],
  ['004', 'Cao Bằng'],
  ['006', 'Bắc Kạn'],
  ['008', 'Tuyên Quang'],
  ['010', 'Lào Cai'],
  ['011', 'Điện Biên'],
  ['012', 'Lai Châu'],
  ['014', 'Sơn La'],
  ['015', 'Yên Bái'],
  ['017', 'Hòa Bình'],
  ['019', 'Thái Nguyên'],
  ['020', 'Lạng Sơn'],
  ['022', 'Quảng Ninh'],
  ['024', 'Bắc Giang'],
  ['025', 'Phú Thọ'],
  ['026', 'Vĩnh Phúc'],
  ['027', 'Bắc Ninh'],
  ['030', 'Hải Dương'],
  ['031', 'Hải Phòng'],
  ['033', 'Hưng Yên'],
  ['034', 'Thái Bình'],
  ['035', 'Hà Nam'],
  ['036', 'Nam Định'],
  ['037', 'Ninh Bình'],
  ['038', 'Thanh Hóa'],
  ['040', 'Nghệ An'],
  ['042', 'Hà Tĩnh'],
  ['044', 'Quảng Bình'],
  ['045', 'Quảng Trị'],
  ['046', 'Thừa Thiên Huế'],
  ['048', 'Đà Nẵng'],
  ['049', 'Quảng Nam'],
  ['051', 'Quảng Ngãi'],
  ['052', 'Bình Định'],
  ['054', 'Phú Yên'],
  ['056', 'Khánh Hòa'],
  ['058', 'Ninh Thuận'],
  ['060', 'Bình Thuận'],
  ['062', 'Kon Tum'],
  ['064', 'Gia Lai'],
  ['066', 'Đắk Lắk'],
  ['067', 'Đắk Nông'],
  ['068', 'Lâm Đồng'],
  ['070', 'Bình Phước'],
  ['072', 'Tây Ninh'],
  ['074', 'Bình Dương'],
  ['075', 'Đồng Nai'],
  ['077', 'Bà Rịa–Vũng Tàu'],
  ['079', 'Hồ Chí Minh'],
  ['080', 'Long An'],
  ['082', 'Tiền Giang'],
  ['083', 'Bến Tre'],
  ['084', 'Trà Vinh'],
  ['086', 'Vĩnh Long'],
  ['087', 'Đồng Tháp'],
  ['089', 'An Giang'],
  ['091', 'Kiên Giang'],
  ['092', 'Cần Thơ'],
  ['093', 'Hậu Giang'],
  ['094', 'Sóc Trăng'],
  ['095', 'Bạc Liêu'],
  ['096', 'Cà Mau'],
]);

const SCIENTIFIC = /^[0-9]+(?:[.,][0-9]+)?[eE][+]?[0-9]+$/;
// Vietnamese passports are one letter + 7 digits (B1234567, C1234567); foreign ones vary (E12345678, TK1234567,
// C01X00T47), so accept one or two letters, a digit, then letters/digits, with at least five digits in all.
const PASSPORT = /^[A-Z]{1,2}[0-9][A-Z0-9]{4,11}$/;
// What clerks type when the person has no ID (folded: lower case, no diacritics, no spaces).
const NO_ID_WORDS = new Set([
  'khong',
  'khongco',
  'chuaco',
  'kco',
  'ko',
  'k',
  'na',
  'none',
  'null',
  'x',
  'treem',
  'chuacocccd',
  'khongcocccd',
]);

const CURRENT_YEAR = new Date().getUTCFullYear();

export interface IdOptions {
  /** Field name written into problems ('citizen_id' by default; the registry uses 'old_id' too). */
  field?: string;
  /** Birth years after this make a 12-digit ID invalid (ID_BAD_CENTURY); defaults to the current year. */
  currentYear?: number;
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

// Index = PPP as a number (all valid codes start with 0, so 0..99): avoids a substring and a Map probe per row.
const PROVINCE_BY_NUMBER: readonly (string | undefined)[] = Array.from({ length: 100 }, (_, i) =>
  PROVINCE_CODES.get(String(i).padStart(3, '0')),
);

/** Decodes PPP G YY NNNNNN (DOMAIN.md 1.1): female when G is odd, year = (19 + floor(G/2))*100 + YY. Null when not 12 digits or PPP is unknown. */
export function decodeCccd(id12: string): { province: string; gender: Gender; birthYear: number } | null {
  if (id12.length !== 12 || !isDigits(id12)) return null;
  if (id12.charCodeAt(0) !== 48) return null;
  const province = PROVINCE_BY_NUMBER[(id12.charCodeAt(1) - 48) * 10 + (id12.charCodeAt(2) - 48)];
  if (province === undefined) return null;
  const g = id12.charCodeAt(3) - 48;
  const yy = (id12.charCodeAt(4) - 48) * 10 + (id12.charCodeAt(5) - 48);
  return { province, gender: g % 2 === 1 ? 'F' : 'M', birthYear: (19 + Math.floor(g / 2)) * 100 + yy };
}

/** The decoded CCCD, or why a 12-digit string is not one. */
function checkCccd(id12: string, currentYear: number): CitizenIdInfo | 'ID_BAD_PROVINCE' | 'ID_BAD_CENTURY' {
  const d = decodeCccd(id12);
  if (d === null) return 'ID_BAD_PROVINCE';
  if (d.birthYear > currentYear) return 'ID_BAD_CENTURY';
  return { value: id12, kind: 'cccd', province: d.province, gender: d.gender, birthYear: d.birthYear };
}

/** Strips what clerks and Excel add around an ID: spaces, dots, dashes, a leading apostrophe, ="..." wrappers. */
function cleanId(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    const c = raw.charCodeAt(i);
    if (c === 32 || c === 46 || c === 45 || c === 39 || c === 34 || c === 61 || c === 9 || c === 0xa0 || c === 0x2010 || c === 0x2013)
      continue;
    out += c >= 97 && c <= 122 ? String.fromCharCode(c - 32) : ch;
  }
  return out;
}

function fold(s: string): string {
  return foldMarks(s).replace(/[\s/.-]+/g, '');
}

type IdResult = { id: CitizenIdInfo; problems: Problem[] };

// A label typed before the number: "CCCD: 0010...", "CMND 025...", "Số CCCD 0010...", "CCCD/CMND: ...". Only when a digit
// follows, so a passport number (a letter first) is never read as a label.
const ID_LABEL = /^(?:(?:số|so|cccd|cmnd|cmtnd|cmt)(?![a-z])[\s:.#/-]*)+(?=[0-9])/iu;
// What a float conversion (pandas, Excel "Number" with decimals) leaves behind: 79185012345.0, 79185012345,0, ...00.
const FLOAT_TAIL = /^([0-9]+)([.,]00?)$/;

/** Full-width digits and letters (U+FF01-FF5E, typed with an East Asian input method) and the ideographic space -> ASCII. */
function foldFullWidth(s: string): string {
  let wide = false;
  for (let i = 0; i < s.length && !wide; i++) {
    const c = s.charCodeAt(i);
    wide = (c >= 0xff01 && c <= 0xff5e) || c === 0x3000;
  }
  if (!wide) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : c === 0x3000 ? ' ' : s[i];
  }
  return out;
}

/** Classifies and cleans a CCCD/CMND/passport number; repairs lost leading zeros only when the result is valid. */
export function normalizeCitizenId(raw: string, opts: IdOptions = {}): IdResult {
  const field = opts.field ?? 'citizen_id';
  const currentYear = opts.currentYear ?? CURRENT_YEAR;
  let s = raw.trim();
  // Fast path: an already clean, valid 12-digit ID (most rows).
  if (s.length === 12 && isDigits(s)) {
    const c = checkCccd(s, currentYear);
    if (typeof c !== 'string') return { id: c, problems: [] };
  }
  s = foldFullWidth(s).trim();
  let label = '';
  if (s !== '' && !isDigitCode(s.charCodeAt(0))) {
    const nfc = s.normalize('NFC');
    const m = ID_LABEL.exec(nfc);
    if (m !== null) {
      label = m[0].trim();
      s = nfc.slice(m[0].length).trim();
    }
  }
  let result: IdResult | null = null;
  const float = FLOAT_TAIL.exec(s);
  if (float !== null) {
    const digits = float[1];
    // A float never keeps a leading zero, so "0…" is a float artefact only when it already has its full length
    // (text padded, then converted); otherwise the dot is a separator typed by hand and the old reading stands.
    if (digits.charCodeAt(0) !== 48 || digits.length === 12 || digits.length === 9) {
      const r = classifyId(digits, raw, field, currentYear);
      if (r.id.kind === 'cccd' || r.id.kind === 'cmnd9') result = withFloatRepair(r, float[2], raw, field);
    }
  }
  result ??= classifyId(s, raw, field, currentYear);
  if (label !== '' && (result.id.kind === 'cccd' || result.id.kind === 'cmnd9' || result.id.kind === 'passport')) {
    result.problems.unshift({
      code: 'ID_LABEL_REMOVED',
      field,
      value: raw,
      detail: `removed the label ${JSON.stringify(label)} before the number`,
      fix: result.id.value,
    });
  }
  return result;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Reports a dropped ".0": as part of the leading-zero repair when one was made, else as ID_FLOAT_REPAIRED. */
function withFloatRepair(r: IdResult, tail: string, raw: string, field: string): IdResult {
  const dropped = `stored as a decimal number: the ${JSON.stringify(tail)} was dropped`;
  const zero = r.problems.find((p) => p.code === 'ID_LEADING_ZERO_RESTORED');
  if (zero !== undefined) {
    zero.detail = `${dropped}, and ${zero.detail.replace(/^(\d+) digits: /, '$1 digits remained: ')}`;
    return r;
  }
  r.problems.unshift({ code: 'ID_FLOAT_REPAIRED', field, value: raw, detail: dropped, fix: r.id.value });
  return r;
}

/** The ID in `s` (trimmed, labels and float tails already handled); problems quote `raw`. */
function classifyId(s: string, raw: string, field: string, currentYear: number): IdResult {
  const bad = (code: ProblemCode, detail: string, kind: CitizenIdInfo['kind'] = 'invalid'): IdResult => {
    return { id: { value: '', kind }, problems: [{ code, field, value: raw, detail }] };
  };
  if (s === '') return bad('ID_MISSING', 'no ID given', 'missing');
  if (SCIENTIFIC.test(s)) return bad('ID_SCIENTIFIC_NOTATION', 'Excel turned the ID into a number in E-notation; the digits are lost');
  const v = cleanId(s);
  if (v === '' || (!isDigits(v) && NO_ID_WORDS.has(fold(s)))) return bad('ID_MISSING', 'no ID given', 'missing');
  if (isDigits(v)) {
    if (/^0+$/.test(v)) return bad('ID_MISSING', 'a row of zeros stands for no ID', 'missing');
    switch (v.length) {
      case 12: {
        const c = checkCccd(v, currentYear);
        return typeof c === 'string' ? badCccd(v, c, bad) : { id: c, problems: [] };
      }
      case 11: {
        // Excel drops the leading zero of 0PP... (DOMAIN.md 1.4): restore it only when the result is a valid CCCD.
        const padded = `0${v}`;
        const c = checkCccd(padded, currentYear);
        if (typeof c !== 'string') {
          return {
            id: c,
            problems: [
              { code: 'ID_LEADING_ZERO_RESTORED', field, value: raw, detail: '11 digits: the leading zero was lost', fix: padded },
            ],
          };
        }
        return bad('ID_BAD_FORMAT', '11 digits, and adding the lost leading zero does not give a valid 12-digit ID');
      }
      case 9:
        return { id: { value: v, kind: 'cmnd9' }, problems: [] };
      case 8: {
        // A 9-digit CMND starting with 0 (01 Hà Nội, 02 HCMC, 03 Hải Phòng... DOMAIN.md 1.3) loses its zero in Excel.
        const padded = `0${v}`;
        return {
          id: { value: padded, kind: 'cmnd9' },
          problems: [
            {
              code: 'ID_LEADING_ZERO_RESTORED',
              field,
              value: raw,
              detail: '8 digits: a 9-digit CMND that lost its leading zero',
              fix: padded,
            },
          ],
        };
      }
      default:
        return bad('ID_BAD_FORMAT', `${v.length} digits; expected 12 (CCCD) or 9 (CMND)`);
    }
  }
  // Only O/I/L: S/B/G/Z for 5/8/6/2 would also turn passport numbers (B1234567) and typos into IDs, too ambiguous to guess.
  const lookalike = repairLookalikes(v, currentYear);
  if (lookalike !== null) {
    return {
      id: lookalike,
      problems: [
        {
          code: 'ID_LOOKALIKE_REPAIRED',
          field,
          value: raw,
          detail: 'a letter typed for a look-alike digit (O for 0, I or l for 1)',
          fix: lookalike.value,
        },
      ],
    };
  }
  if (PASSPORT.test(v) && countDigits(v) >= 5) {
    return {
      id: { value: v, kind: 'passport' },
      problems: [{ code: 'ID_PASSPORT', field, value: raw, detail: 'passport number: not checked against the registry' }],
    };
  }
  return bad('ID_BAD_FORMAT', 'not a 12-digit CCCD, a 9-digit CMND or a passport number');
}

const LOOKALIKE_DIGITS: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };

/**
 * "O79052623059" is a CCCD whose leading 0 was typed as the letter O, not a passport: a 12-character value
 * that becomes a valid CCCD once O/I/L are read as 0/1 (CCCDs start with 0, passports are 8-9 characters).
 * A 9-character value is read as a CMND only when its first character is a digit (a passport starts with a
 * letter). The value is upper-cased already (cleanId).
 */
function repairLookalikes(v: string, currentYear: number): CitizenIdInfo | null {
  if (v.length !== 12 && v.length !== 9) return null;
  let out = '';
  let letters = 0;
  for (const ch of v) {
    const d = LOOKALIKE_DIGITS[ch];
    if (d !== undefined) letters++;
    out += d ?? ch;
  }
  if (letters === 0 || !isDigits(out)) return null;
  if (v.length === 9) return LOOKALIKE_DIGITS[v[0]!] === undefined ? { value: out, kind: 'cmnd9' } : null;
  const c = checkCccd(out, currentYear);
  return typeof c === 'string' ? null : c;
}

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function badCccd(v: string, fault: 'ID_BAD_PROVINCE' | 'ID_BAD_CENTURY', bad: (code: ProblemCode, detail: string) => IdResult): IdResult {
  return fault === 'ID_BAD_PROVINCE'
    ? bad(fault, `province code ${v.slice(0, 3)} is not one of the 63 codes of Circular 07/2016`)
    : bad(fault, `century/gender digit ${v[3]} gives birth year ${decodeCccd(v)!.birthYear}, in the future`);
}

/** Cross-checks a 12-digit ID's decoded gender and birth year against the declared ones (DOMAIN.md 1.4). */
export function checkIdAgainstDetails(id: CitizenIdInfo, birth: PartialDate | null, gender: Gender): Problem[] {
  if (id.kind !== 'cccd') return [];
  const problems: Problem[] = [];
  if (id.gender !== undefined && gender !== 'U' && id.gender !== gender) {
    problems.push({
      code: 'ID_GENDER_CONFLICT',
      field: 'gender',
      value: gender,
      detail: `the 12-digit ID encodes ${id.gender === 'F' ? 'female' : 'male'}, declared ${gender === 'F' ? 'female' : 'male'}`,
      fix: id.gender,
    });
  }
  if (id.birthYear !== undefined && birth !== null && birth.year !== id.birthYear) {
    problems.push({
      code: 'ID_BIRTH_YEAR_CONFLICT',
      field: 'birth_date',
      value: birth.iso,
      detail: `the 12-digit ID encodes birth year ${id.birthYear}, declared ${birth.year}`,
      fix: String(id.birthYear),
    });
  }
  return problems;
}
