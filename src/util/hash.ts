// The string hashes of vaxrec, in one place: FNV-1a (32 bits) for keys held in typed arrays, with a salt and a final
// avalanche for the registry's blocking keys; cyrb53 (53 bits) where a key must stay unique across a whole store;
// SHA-256 where a record's content must be recognised on any later night.

import { createHash, hash } from 'node:crypto';

/**
 * SHA-256 of a short string, as hex. crypto.hash (Node 20.12+) hashes in one call, about 2.5 times faster than a
 * Hash object per row (measured on 200k rows of dose content); older Node 20 releases take the Hash object.
 */
export const sha256Hex: (s: string) => string =
  typeof hash === 'function' ? (s) => hash('sha256', s, 'hex') : (s) => createHash('sha256').update(s).digest('hex');

/** FNV-1a's initial value: fnvMix(FNV_OFFSET, s) >>> 0 is the FNV-1a hash of s. */
export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a: continue the hash h with the UTF-16 code units of s (no separator; the result is a signed 32-bit int). */
export function fnvMix(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Continue an FNV-1a hash with one code unit (or any value below 2^32). */
export function fnvMixCode(h: number, code: number): number {
  return Math.imul(h ^ code, FNV_PRIME);
}

/** FNV-1a 32-bit of a string, unsigned. */
export function fnv32(s: string): number {
  return fnvMix(FNV_OFFSET, s) >>> 0;
}

/** Start a key hash (salted so the same text under two rules gives different keys). */
export function hashStart(salt: number): number {
  return Math.imul(FNV_OFFSET ^ salt, FNV_PRIME) >>> 0;
}

/** Continue a key hash with a string, then a separator so ("ab","c") and ("a","bc") differ. */
export function hashString(h: number, s: string): number {
  return fnvMixCode(fnvMix(h, s), 0x1f) >>> 0;
}

/** Continue a key hash with a small non-negative integer (year, month...), byte by byte. */
export function hashInt(h: number, n: number): number {
  h = fnvMixCode(h, n & 0xff);
  h = fnvMixCode(h, (n >>> 8) & 0xff);
  h = fnvMixCode(h, (n >>> 16) & 0xff);
  return fnvMixCode(h, 0x1e) >>> 0;
}

/** Final avalanche so low bits (a table's slot) depend on every input character. Never 0: 0 means "no key". */
export function hashFinish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0 || 1;
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

/** cyrb53 as 14 hex digits. */
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
