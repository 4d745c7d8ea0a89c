// Typed-array multimap from 32-bit key hashes to citizen indices (FNV-1a keys, Int32Array chains): built once per run.

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

/** Final avalanche so low bits (the bucket) depend on every input character. */
export function hashFinish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class KeyIndex {
  private readonly heads: Int32Array;
  private readonly next: Int32Array;
  private readonly values: Int32Array;
  private readonly hashes: Uint32Array;
  private readonly mask: number;
  private count = 0;

  constructor(capacity: number) {
    const cap = Math.max(1, capacity);
    let buckets = 16;
    while (buckets < cap * 1.5) buckets *= 2;
    this.heads = new Int32Array(buckets).fill(-1);
    this.mask = buckets - 1;
    this.next = new Int32Array(cap);
    this.values = new Int32Array(cap);
    this.hashes = new Uint32Array(cap);
  }

  get size(): number {
    return this.count;
  }

  add(hash: number, value: number): void {
    const e = this.count++;
    if (e >= this.values.length) throw new Error(`KeyIndex capacity ${this.values.length} exceeded`);
    const b = hash & this.mask;
    this.hashes[e] = hash;
    this.values[e] = value;
    this.next[e] = this.heads[b];
    this.heads[b] = e;
  }

  /**
   * Append the values stored under `hash` to `out` (most recent first). Returns how many were found, even
   * when more than `limit` were (only `limit` are appended).
   */
  lookup(hash: number, out: number[], limit: number): number {
    let found = 0;
    for (let e = this.heads[hash & this.mask]; e !== -1; e = this.next[e]) {
      if (this.hashes[e] !== hash) continue;
      if (found < limit) out.push(this.values[e]);
      found++;
    }
    return found;
  }
}
