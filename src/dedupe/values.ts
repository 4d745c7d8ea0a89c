// Small pure helpers for dedupe: day numbers from ISO dates, canonical lots, raw-row equality, a 53-bit string hash.

import { DOSE_FIELDS, type NormalizedDose } from '../types.js';

/** Marks a dose date that cannot be read; such a dose is only ever an exact re-upload of another. */
export const NO_DAY = -1_000_000_000;

/** Days since 1970-01-01 for 'yyyy-mm-dd', NO_DAY otherwise. Hand-parsed: it runs once per record at 1M scale. */
export function isoToDay(iso: string): number {
  if (iso.length !== 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return NO_DAY;
  const y = digits(iso, 0, 4);
  const m = digits(iso, 5, 7);
  const d = digits(iso, 8, 10);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31) return NO_DAY;
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Lot numbers are re-typed by hand: compare them upper-cased without spaces, dashes, dots or slashes. */
export function canonicalLot(lot: string): string {
  return lot.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/** True when every canonical cell and every pass-through cell is equal: the same row uploaded twice. */
export function rawEqual(a: NormalizedDose, b: NormalizedDose): boolean {
  for (const f of DOSE_FIELDS) if (a.raw[f] !== b.raw[f]) return false;
  if (a.extra.length !== b.extra.length) return false;
  for (let i = 0; i < a.extra.length; i++) if (a.extra[i] !== b.extra[i]) return false;
  return true;
}

/** Number of non-empty canonical cells: the completeness term of survivorship. */
export function countFilled(d: NormalizedDose): number {
  let c = 0;
  for (const f of DOSE_FIELDS) if (d.raw[f] !== '') c++;
  return c;
}

/** cyrb53 (bryc, public domain) as 14 hex digits. */
export function hash53(s: string, seed = 0): string {
  return hex53(hash53Number(s, seed));
}

const HEX = '0123456789abcdef';

/** A 53-bit integer as 14 hex digits (Number#toString(16) on a double is slow in V8). */
export function hex53(h: number): string {
  let hi = Math.floor(h / 4294967296);
  let lo = h >>> 0;
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = HEX[lo & 15] + out;
    lo >>>= 4;
  }
  for (let i = 0; i < 6; i++) {
    out = HEX[hi & 15] + out;
    hi >>>= 4;
  }
  return out;
}

/** cyrb53 (bryc, public domain): a fast 53-bit string hash. */
export function hash53Number(s: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** FNV-1a 32-bit, for blocking keys held in typed arrays. */
export function fnv32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
