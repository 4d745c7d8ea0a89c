// Typed-array multimap from 32-bit key hashes (util/hash.ts) to citizen indices (open addressing over distinct keys): built once per run.

function slotCount(keys: number): number {
  let n = 16;
  while (n < keys * 1.5) n *= 2;
  return n;
}

/**
 * Built once from (hash, value) pairs. Slots hold (hash, start, count) of each distinct key side by side,
 * and the values of one key are contiguous, so a look-up costs about two cache misses (PERF-LIMITS.md d:
 * random reads into a large structure cost 150-260 ns each). Linear probing runs over distinct keys
 * only: storing duplicates in the probe sequence made inserts quadratic in the size of common keys
 * ("Nguyễn Văn Hùng" born 1990), measured at billions of probe steps for 5M inserts.
 */
export interface KeyIndexLayout {
  byteOffset: number;
  slotCount: number;
  size: number;
  distinct: number;
}

export class KeyIndex {
  private readonly slots: Int32Array;
  private readonly values: Int32Array;
  private readonly mask: number;
  readonly size: number;
  readonly distinct: number;

  /**
   * Int32 elements a table needs for `keys` non-zero hashes of which `distinct` differ (slots for the distinct keys
   * plus the values). Slots are sized by distinct keys: a birth year + name key held by 5 people needs one slot.
   */
  static sizeFor(keys: number, distinct = keys): number {
    return slotCount(distinct) * 3 + keys;
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
    const { keys, distinct: keysDistinct } = counted ?? KeyIndex.countKeys(hashes, count);
    const n = slotCount(keysDistinct);
    const mask = n - 1;
    const mem = memory ?? new Int32Array(KeyIndex.sizeFor(keys, keysDistinct));
    const slots = mem.subarray(0, n * 3);
    const slotOf = scratch ?? new Int32Array(count);
    let distinct = 0;
    let size = 0;
    for (let k = 0; k < count; k++) {
      const h = hashes[k];
      if (h === 0) {
        slotOf[k] = -1;
        continue;
      }
      const hi = h | 0;
      let i = h & mask;
      while (slots[3 * i + 2] !== 0 && slots[3 * i] !== hi) i = (i + 1) & mask;
      if (slots[3 * i + 2] === 0) {
        slots[3 * i] = hi;
        distinct++;
      }
      slots[3 * i + 2]++;
      slotOf[k] = i;
      size++;
    }
    let start = 0;
    for (let i = 0; i < n; i++) {
      const c = slots[3 * i + 2];
      if (c === 0) continue;
      slots[3 * i + 1] = start;
      start += c;
      slots[3 * i + 2] = 0;
    }
    const out = mem.subarray(n * 3, n * 3 + size);
    for (let k = 0; k < count; k++) {
      const i = slotOf[k];
      if (i < 0) continue;
      out[slots[3 * i + 1] + slots[3 * i + 2]++] = values === null ? k : values[k];
    }
    this.slots = slots;
    this.values = out;
    this.mask = mask;
    this.size = size;
    this.distinct = distinct;
  }

  /** Where this table lies in its memory (a SharedArrayBuffer's, to be read by another thread with fromShared). */
  layout(): KeyIndexLayout {
    return { byteOffset: this.slots.byteOffset, slotCount: this.mask + 1, size: this.size, distinct: this.distinct };
  }

  /** The table another thread built, read in place from the same (shared) buffer: nothing is copied or rebuilt. */
  static fromShared(buffer: ArrayBufferLike, l: KeyIndexLayout): KeyIndex {
    const ix = Object.create(KeyIndex.prototype) as { -readonly [K in keyof KeyIndex]: KeyIndex[K] } & {
      slots: Int32Array;
      values: Int32Array;
      mask: number;
    };
    ix.slots = new Int32Array(buffer, l.byteOffset, l.slotCount * 3);
    ix.values = new Int32Array(buffer, l.byteOffset + l.slotCount * 3 * 4, l.size);
    ix.mask = l.slotCount - 1;
    ix.size = l.size;
    ix.distinct = l.distinct;
    return ix as unknown as KeyIndex;
  }

  /**
   * Append the values stored under `hash` to `out` (in insertion order). Returns how many there are, even
   * when more than `limit` (only `limit` are appended).
   */
  lookup(hash: number, out: number[], limit: number): number {
    const s = this.slots;
    const h = hash | 0;
    for (let i = hash & this.mask; s[3 * i + 2] !== 0; i = (i + 1) & this.mask) {
      if (s[3 * i] !== h) continue;
      const start = s[3 * i + 1];
      const count = s[3 * i + 2];
      const end = start + Math.min(count, limit);
      for (let v = start; v < end; v++) out.push(this.values[v]);
      return count;
    }
    return 0;
  }
}
