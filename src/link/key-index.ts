// Typed-array multimap from 32-bit key hashes (util/hash.ts) to citizen indices: built once (at registry import, or
// by a run), read by every look-up of the linker.

/** Bits of the bucket directory: about two distinct keys a bucket, at least 16 buckets. */
function bucketBits(distinct: number): number {
  let b = 4;
  while (1 << b < distinct / 2 && b < 30) b++;
  return b;
}

/** Buckets above this many values are grouped by a stable sort of their positions; smaller ones by insertion. */
const INSERTION_LIMIT = 32;

/**
 * Where a table lies in its memory: the bucket directory, then the distinct keys as (hash, first value) pairs in
 * bucket order, then the values, grouped by key in insertion order. A look-up reads the directory entry of the
 * hash's top bits, the one or two keys of that bucket side by side, then the key's values: three cache misses
 * (PERF-LIMITS.md d: random reads into a large structure cost 150-260 ns each), in 2.5 integers a distinct key plus
 * one a value. (The open-addressing table before took 4.5 to 9 integers a distinct key: 283 MB for 970,000
 * citizens' index, against ~140 MB; BENCHMARKS.md "The registry as the linker reads it".)
 */
export interface KeyIndexLayout {
  byteOffset: number;
  bucketBits: number;
  size: number;
  distinct: number;
}

export class KeyIndex {
  private readonly dir: Int32Array;
  private readonly keys: Int32Array;
  private readonly values: Int32Array;
  private readonly shift: number;
  readonly size: number;
  readonly distinct: number;

  /** Int32 elements a table needs for `keys` non-zero hashes of which `distinct` differ. */
  static sizeFor(keys: number, distinct = keys): number {
    return (1 << bucketBits(distinct)) + 1 + 2 * distinct + 2 + keys;
  }

  /**
   * Non-zero and distinct non-zero hashes among the first `count`: a sorted copy (no Map of millions of entries), in
   * `into` when given (length >= count) rather than in a new array.
   */
  static countKeys(hashes: Uint32Array, count = hashes.length, into?: Uint32Array): { keys: number; distinct: number } {
    const sorted = into === undefined ? hashes.slice(0, count) : into.subarray(0, count);
    if (into !== undefined) sorted.set(hashes.subarray(0, count));
    sorted.sort();
    let keys = 0;
    let distinct = 0;
    for (let k = 0; k < sorted.length; k++) {
      if (sorted[k] === 0) continue;
      keys++;
      if (k === 0 || sorted[k] !== sorted[k - 1]) distinct++;
    }
    return { keys, distinct };
  }

  /**
   * `hashes[i]` (0 = no key) maps to `values[i]` (or to i when values is null), for i < count. `memory`
   * (length sizeFor(counted.keys, counted.distinct), zero-filled), `scratch` (length >= count) and `counted`
   * (countKeys of the same hashes) let the caller carve every table out of one allocation: each separate large typed
   * array counts as external memory and, with a multi-gigabyte heap live, every ~64 MB of it triggered a 2-second
   * full GC (measured).
   */
  constructor(
    hashes: Uint32Array,
    values: Int32Array | null,
    count = hashes.length,
    memory?: Int32Array,
    scratch?: Int32Array,
    counted?: { keys: number; distinct: number },
  ) {
    const { keys: size, distinct } = counted ?? KeyIndex.countKeys(hashes, count);
    const bits = bucketBits(distinct);
    const buckets = 1 << bits;
    const shift = 32 - bits;
    const mem = memory ?? new Int32Array(KeyIndex.sizeFor(size, distinct));
    const dir = mem.subarray(0, buckets + 1);
    const keys = mem.subarray(buckets + 1, buckets + 1 + 2 * distinct + 2);
    const vals = mem.subarray(buckets + 3 + 2 * distinct, buckets + 3 + 2 * distinct + size);
    const hashAt = scratch ?? new Int32Array(size);
    // Bucket sizes, then each bucket's first value position (dir[b + 1] runs as bucket b's cursor while placing,
    // and ends as bucket b + 1's first position).
    for (let k = 0; k < count; k++) {
      const h = hashes[k]!;
      if (h !== 0) dir[(h >>> shift) + 1]!++;
    }
    for (let b = 0, run = 0; b < buckets; b++) {
      const c = dir[b + 1]!;
      dir[b + 1] = run;
      run += c;
    }
    for (let k = 0; k < count; k++) {
      const h = hashes[k]!;
      if (h === 0) continue;
      const at = dir[(h >>> shift) + 1]!++;
      hashAt[at] = h | 0;
      vals[at] = values === null ? k : values[k]!;
    }
    // Group each bucket's values by key, keeping insertion order within a key; then the keys of a bucket, and the
    // directory turned from value positions into key positions.
    let j = 0;
    let bucketEnd = 0;
    for (let b = 0; b < buckets; b++) {
      const from = bucketEnd;
      bucketEnd = dir[b + 1]!;
      dir[b] = j;
      groupByKey(hashAt, vals, from, bucketEnd);
      for (let at = from; at < bucketEnd; at++) {
        if (at > from && hashAt[at] === hashAt[at - 1]) continue;
        keys[2 * j] = hashAt[at]!;
        keys[2 * j + 1] = at;
        j++;
      }
    }
    dir[buckets] = j;
    keys[2 * j + 1] = size; // where the last key's values end
    this.dir = dir;
    this.keys = keys;
    this.values = vals;
    this.shift = shift;
    this.size = size;
    this.distinct = distinct;
  }

  /** Where this table lies in its memory (a SharedArrayBuffer's, to be read by another thread with fromShared). */
  layout(): KeyIndexLayout {
    return { byteOffset: this.dir.byteOffset, bucketBits: 32 - this.shift, size: this.size, distinct: this.distinct };
  }

  /** The table another thread built, read in place from the same (shared) buffer: nothing is copied or rebuilt. */
  static fromShared(buffer: ArrayBufferLike, l: KeyIndexLayout): KeyIndex {
    const ix = Object.create(KeyIndex.prototype) as { -readonly [K in keyof KeyIndex]: KeyIndex[K] } & {
      dir: Int32Array;
      keys: Int32Array;
      values: Int32Array;
      shift: number;
    };
    const buckets = 1 << l.bucketBits;
    ix.dir = new Int32Array(buffer, l.byteOffset, buckets + 1);
    ix.keys = new Int32Array(buffer, l.byteOffset + (buckets + 1) * 4, 2 * l.distinct + 2);
    ix.values = new Int32Array(buffer, l.byteOffset + (buckets + 3 + 2 * l.distinct) * 4, l.size);
    ix.shift = 32 - l.bucketBits;
    ix.size = l.size;
    ix.distinct = l.distinct;
    return ix as unknown as KeyIndex;
  }

  /**
   * Append the values stored under `hash` to `out` (in insertion order). Returns how many there are, even
   * when more than `limit` (only `limit` are appended).
   */
  lookup(hash: number, out: number[], limit: number): number {
    const b = hash >>> this.shift;
    const keys = this.keys;
    const h = hash | 0;
    for (let j = this.dir[b]!, end = this.dir[b + 1]!; j < end; j++) {
      if (keys[2 * j] !== h) continue;
      const start = keys[2 * j + 1]!;
      const count = keys[2 * j + 3]! - start;
      const stop = start + Math.min(count, limit);
      for (let v = start; v < stop; v++) out.push(this.values[v]!);
      return count;
    }
    return 0;
  }
}

/** Sort positions [from, to) of the two arrays by hash, stably (values of one key keep their insertion order). */
function groupByKey(hashAt: Int32Array, vals: Int32Array, from: number, to: number): void {
  if (to - from <= INSERTION_LIMIT) {
    for (let i = from + 1; i < to; i++) {
      const h = hashAt[i]!;
      const v = vals[i]!;
      let k = i - 1;
      while (k >= from && hashAt[k]! > h) {
        hashAt[k + 1] = hashAt[k]!;
        vals[k + 1] = vals[k]!;
        k--;
      }
      hashAt[k + 1] = h;
      vals[k + 1] = v;
    }
    return;
  }
  // A large bucket is mostly one common key ("Nguyễn Văn Hùng" born 1990): Array.prototype.sort is stable.
  const order = Array.from({ length: to - from }, (_, i) => from + i).sort((a, b) => hashAt[a]! - hashAt[b]! || a - b);
  const h = order.map((at) => hashAt[at]!);
  const v = order.map((at) => vals[at]!);
  hashAt.set(h, from);
  vals.set(v, from);
}
