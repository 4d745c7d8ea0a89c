// Typed-array multimap from 32-bit key hashes to citizen indices (FNV-1a keys, open addressing): built once per run.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Start a key hash (salted so the same text under two rules gives different keys). */
export function hashStart(salt: number): number {
  return Math.imul(FNV_OFFSET ^ salt, FNV_PRIME) >>> 0;
}

/** Continue a hash with a string, then a separator so ("ab","c") and ("a","bc") differ. */
export function hashString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  }
  return Math.imul(h ^ 0x1f, FNV_PRIME) >>> 0;
}

/** Continue a hash with a small non-negative integer (year, month...). */
export function hashInt(h: number, n: number): number {
  h = Math.imul(h ^ (n & 0xff), FNV_PRIME);
  h = Math.imul(h ^ ((n >>> 8) & 0xff), FNV_PRIME);
  h = Math.imul(h ^ ((n >>> 16) & 0xff), FNV_PRIME);
  return Math.imul(h ^ 0x1e, FNV_PRIME) >>> 0;
}

/** Final avalanche so low bits (the slot) depend on every input character. */
export function hashFinish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Open addressing with linear probing: slot i holds (hash, value) side by side in one Int32Array, so a
 * look-up usually costs one cache miss (PERF-LIMITS.md d: random reads into a large structure cost
 * 150-260 ns each; separate head/next/value arrays cost three or four of them). Entries sharing a key
 * sit in consecutive slots. Load factor at most 2/3.
 */
export class KeyIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly capacity: number;
  private count = 0;

  constructor(capacity: number) {
    this.capacity = Math.max(1, capacity);
    let n = 16;
    while (n < this.capacity * 1.5) n *= 2;
    this.slots = new Int32Array(n * 2);
    for (let i = 1; i < this.slots.length; i += 2) this.slots[i] = -1;
    this.mask = n - 1;
  }

  get size(): number {
    return this.count;
  }

  add(hash: number, value: number): void {
    if (this.count >= this.capacity) throw new Error(`KeyIndex capacity ${this.capacity} exceeded`);
    const s = this.slots;
    let i = hash & this.mask;
    while (s[2 * i + 1] !== -1) i = (i + 1) & this.mask;
    s[2 * i] = hash | 0;
    s[2 * i + 1] = value;
    this.count++;
  }

  /**
   * Append the values stored under `hash` to `out` (in insertion order). Returns how many were found, even
   * when more than `limit` were (only `limit` are appended).
   */
  lookup(hash: number, out: number[], limit: number): number {
    const s = this.slots;
    const h = hash | 0;
    let found = 0;
    for (let i = hash & this.mask; s[2 * i + 1] !== -1; i = (i + 1) & this.mask) {
      if (s[2 * i] !== h) continue;
      if (found < limit) out.push(s[2 * i + 1]);
      found++;
    }
    return found;
  }

  /** The first value stored under `hash` for which `test` holds, or -1 (no allocation: the exact-ID fast path). */
  find(hash: number, test: (value: number) => boolean): number {
    const s = this.slots;
    const h = hash | 0;
    for (let i = hash & this.mask; s[2 * i + 1] !== -1; i = (i + 1) & this.mask) {
      if (s[2 * i] === h && test(s[2 * i + 1])) return s[2 * i + 1];
    }
    return -1;
  }
}
