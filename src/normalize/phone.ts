// Vietnamese phone numbers: strip formatting, country code, lost zeros; convert the 2018 11-digit mobile prefixes; validate.

import type { Problem } from '../types.js';

// The 2018 conversion of 11-digit mobile numbers to 10 digits (DOMAIN.md 4, kynguyenso.plo.vn ... 773007), key = old
// 4-digit prefix, value = new 3-digit prefix.
export const OLD_MOBILE_PREFIXES: ReadonlyMap<string, string> = new Map([
  // Viettel
  ['0162', '032'],
  ['0163', '033'],
  ['0164', '034'],
  ['0165', '035'],
  ['0166', '036'],
  ['0167', '037'],
  ['0168', '038'],
  ['0169', '039'],
  // MobiFone
  ['0120', '070'],
  ['0121', '079'],
  ['0122', '077'],
  ['0126', '076'],
  ['0128', '078'],
  // VinaPhone
  ['0123', '083'],
  ['0124', '084'],
  ['0125', '085'],
  ['0127', '081'],
  ['0129', '082'],
  // Vietnamobile
  ['0186', '056'],
  ['0188', '058'],
  // Gmobile
  ['0199', '059'],
]);

function allDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Digits only. */
function digitsOf(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s[i];
  }
  return out;
}

// Current mobile ranges 03x, 05x, 07x, 08x, 09x (10 digits); landlines 02x area codes (11 digits, since the 2017 change).
function isValid(d: string): boolean {
  if (d.charCodeAt(0) !== 48) return false;
  const second = d.charCodeAt(1) - 48;
  if (d.length === 10) return second === 3 || second === 5 || second === 7 || second === 8 || second === 9;
  if (d.length === 11) return second === 2;
  return false;
}

const LIST_SEPARATORS = /[;,/|]|\s[-–]\s/;

interface Converted {
  phone: string;
  converted: boolean;
}

function convert(raw: string): Converted | null {
  let d = digitsOf(raw);
  // International forms: +84 / 0084 / 84 followed by the national number without its 0.
  if (d.startsWith('0084')) d = `0${d.slice(4)}`;
  else if (d.startsWith('84') && (d.length === 11 || d.length === 12)) d = `0${d.slice(2)}`;
  // Excel dropped the leading zero (9-digit mobile, 10-digit old mobile or landline).
  if ((d.length === 9 || d.length === 10) && d.charCodeAt(0) !== 48) d = `0${d}`;
  let converted = false;
  if (d.length === 11 && d.charCodeAt(1) === 49 /* 01xx */) {
    const next = OLD_MOBILE_PREFIXES.get(d.slice(0, 4));
    if (next === undefined) return null;
    d = next + d.slice(4);
    converted = true;
  }
  return isValid(d) ? { phone: d, converted } : null;
}

/** Normalises a phone to 10-digit mobile or 11-digit landline form; invalid gives '' with PHONE_INVALID. Empty is not a problem. */
export function normalizePhone(raw: string): { phone: string; problems: Problem[] } {
  const s = raw.trim();
  if (s === '') return { phone: '', problems: [] };
  // Fast path: already a clean 10-digit mobile.
  if (s.length === 10 && isValid(s) && allDigits(s)) return { phone: s, problems: [] };
  let c = convert(s);
  // Several numbers in one cell ("0912345678 / 0987654321"): keep the first valid one.
  if (c === null && LIST_SEPARATORS.test(s)) {
    for (const part of s.split(LIST_SEPARATORS)) {
      c = convert(part);
      if (c !== null) break;
    }
  }
  if (c === null)
    return {
      phone: '',
      problems: [
        {
          code: 'PHONE_INVALID',
          field: 'phone',
          value: raw,
          detail: 'expected a 10-digit mobile (03, 05, 07, 08, 09) or an 11-digit landline (02)',
        },
      ],
    };
  if (c.converted)
    return {
      phone: c.phone,
      problems: [
        { code: 'PHONE_PREFIX_CONVERTED', field: 'phone', value: raw, detail: 'old 11-digit mobile prefix converted (2018)', fix: c.phone },
      ],
    };
  return { phone: c.phone, problems: [] };
}
