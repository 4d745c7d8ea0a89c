// Small pure helpers for dedupe: day numbers from ISO dates, canonical lots, raw-row equality.

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
