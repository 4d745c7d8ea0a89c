// The registry's citizens as the linker reads them: by position in the snapshot (import order), one at a time.
//
// A million Citizen objects (a NameKeys object, a PartialDate and about fifteen strings each) took ~1.2 GB of heap
// and most of a run's garbage-collection time (BENCHMARKS.md, "Where a small night's fixed cost goes"). The packed
// table keeps each citizen's fields as two slices of a few large strings and builds the object when asked for it:
// the linker asks for the few candidates of each record, not for the million.

import type { Citizen, Gender, NameKeys } from '../types.js';
import { partialDateFromIso } from '../normalize/dates.js';

export interface CitizenTable {
  readonly length: number;
  /** The citizen at this position of the snapshot (0 <= i < length). Never changed by callers, nor compared by identity. */
  get(i: number): Citizen;
}

/** A table over citizens already in memory (tests, generated populations). */
export class ArrayCitizens implements CitizenTable {
  constructor(private readonly rows: readonly Citizen[]) {}
  get length(): number {
    return this.rows.length;
  }
  get(i: number): Citizen {
    const c = this.rows[i];
    if (c === undefined) throw new RangeError(`no citizen at position ${i} of ${this.rows.length}`);
    return c;
  }
}

export function asCitizenTable(c: readonly Citizen[] | CitizenTable): CitizenTable {
  return Array.isArray(c) ? new ArrayCitizens(c as readonly Citizen[]) : (c as CitizenTable);
}

/** Every citizen built once and kept (a run that will ask for most of them several times: see allCitizensAtDosesPerCitizen). */
export function allCitizens(t: CitizenTable): CitizenTable {
  return t instanceof ArrayCitizens ? t : new ArrayCitizens(Array.from(eachCitizen(t)));
}

/** Every citizen in snapshot order (each one built as it is reached). */
export function* eachCitizen(t: CitizenTable): Generator<Citizen> {
  for (let i = 0; i < t.length; i++) yield t.get(i);
}

/** Separates the fields of one citizen inside a chunk string. Fields holding it are refused when packing. */
const SEP = '\u001f';
/** Citizens per chunk string: V8 strings stop at ~2^29 characters, and 5 M citizens run to ~10^9. */
export const CHUNK_BITS = 15;
const CHUNK = 1 << CHUNK_BITS;

/**
 * A citizen's fields as two strings, in this order. Names with diacritics (display, canonical, toneless) go in chunks
 * of their own: one non-Latin-1 character makes V8 store a whole string at two bytes a character, and the other
 * fields (ASCII) then stay at one. The commune as the linker compares it comes last, '' when it is the code itself.
 */
export const WIDE_FIELDS = ['display', 'canonical', 'toneless'] as const;
export const NARROW_FIELDS = [
  'citizen_id',
  'old_id',
  'ascii',
  'phonetic',
  'family',
  'middle',
  'given',
  'birth_iso',
  'birth_precision',
  'birth_swapped',
  'gender',
  'commune_code',
  'phone',
  'commune_key',
] as const;

/** `communeKey`: the commune as the linker compares it, when not the citizen's own (registry import resolves it). */
export function packFields(c: Citizen, communeKey = c.communeKey): [wide: string, narrow: string] {
  const n = c.name;
  const b = c.birth;
  const wide = [n.display, n.canonical, n.toneless].join(SEP);
  const narrow = [
    c.citizenId,
    c.oldId,
    n.ascii,
    n.phonetic,
    n.family,
    n.middle,
    n.given,
    b === null ? '' : b.iso,
    b === null ? '' : b.precision,
    b?.swapped ?? '',
    c.gender,
    c.commune,
    c.phone,
    communeKey === c.commune ? '' : communeKey,
  ].join(SEP);
  return [wide, narrow];
}

/** Whether `s` holds exactly `fields` fields (a field holding the separator would shift every field after it). */
function fieldCount(s: string): number {
  let n = 1;
  for (let at = s.indexOf(SEP); at >= 0; at = s.indexOf(SEP, at + 1)) n++;
  return n;
}

/** Slots of the cache of built citizens: a record's candidates are asked for several times while it is decided. */
const CACHE = 1 << 10;

/** Citizens packed in chunk strings with offsets: ~180 B of heap a citizen (882 MB for 4.85 M) instead of ~1.2 KB of objects. */
export class PackedCitizens implements CitizenTable {
  private readonly cachedAt = new Int32Array(CACHE).fill(-1);
  private readonly cached: Citizen[] = new Array(CACHE);

  /** Made by PackedCitizensBuilder (or from, for citizens already in memory). */
  constructor(
    readonly length: number,
    private readonly wide: readonly string[],
    private readonly narrow: readonly string[],
    /** Per citizen: end of its wide slice, end of its narrow slice (each within its chunk). */
    private readonly ends: Int32Array,
  ) {}

  /** The same citizen object for repeated asks (callers never change a Citizen). */
  get(i: number): Citizen {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`no citizen at position ${i} of ${this.length}`);
    const slot = i & (CACHE - 1);
    if (this.cachedAt[slot] === i) return this.cached[slot]!;
    const c = this.build(i);
    this.cachedAt[slot] = i;
    this.cached[slot] = c;
    return c;
  }

  private build(i: number): Citizen {
    const chunk = i >>> CHUNK_BITS;
    const first = (i & (CHUNK - 1)) === 0;
    const w = this.wide[chunk]!.slice(first ? 0 : this.ends[2 * i - 2]! + 1, this.ends[2 * i]).split(SEP);
    const f = this.narrow[chunk]!.slice(first ? 0 : this.ends[2 * i - 1]! + 1, this.ends[2 * i + 1]).split(SEP);
    const name: NameKeys = {
      display: w[0]!,
      canonical: w[1]!,
      toneless: w[2]!,
      ascii: f[2]!,
      phonetic: f[3]!,
      family: f[4]!,
      middle: f[5]!,
      given: f[6]!,
    };
    return {
      citizenId: f[0]!,
      oldId: f[1]!,
      name,
      birth: f[7] === '' ? null : partialDateFromIso(f[7]!, f[9] || null),
      gender: f[10] as Gender,
      commune: f[11]!,
      phone: f[12]!,
      communeKey: f[13] === '' ? f[11]! : f[13]!,
    };
  }

  /** What a PackedCitizens is made of, to be stored (registry/packed.ts) and made again with `new PackedCitizens`. */
  parts(): { wide: readonly string[]; narrow: readonly string[]; ends: Int32Array } {
    return { wide: this.wide, narrow: this.narrow, ends: this.ends };
  }

  static from(rows: Iterable<Citizen>): PackedCitizens {
    const b = new PackedCitizensBuilder();
    for (const c of rows) {
      const [w, f] = packFields(c);
      b.add(w, f);
    }
    return b.finish();
  }
}

/** Packs citizens as they come (a SQLite cursor, say), in snapshot order: their fields joined as WIDE_FIELDS and NARROW_FIELDS. */
export class PackedCitizensBuilder {
  private readonly wide: string[] = [];
  private readonly narrow: string[] = [];
  private ends = new Int32Array(2 * 1024);
  private n = 0;
  private wParts: string[] = [];
  private nParts: string[] = [];
  private wLen = -1;
  private nLen = -1;

  add(wide: string, narrow: string): void {
    if (fieldCount(wide) !== WIDE_FIELDS.length || fieldCount(narrow) !== NARROW_FIELDS.length) {
      throw new Error(`citizen ${this.n + 1} of the registry holds a control character (U+001F) in a field`);
    }
    const n = this.n;
    if (n > 0 && (n & (CHUNK - 1)) === 0) this.flush();
    if (2 * n + 2 > this.ends.length) {
      const grown = new Int32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.wLen += wide.length + 1;
    this.nLen += narrow.length + 1;
    this.ends[2 * n] = this.wLen;
    this.ends[2 * n + 1] = this.nLen;
    this.wParts.push(wide);
    this.nParts.push(narrow);
    this.n++;
  }

  finish(): PackedCitizens {
    if (this.wParts.length > 0) this.flush();
    return new PackedCitizens(this.n, this.wide, this.narrow, this.ends.slice(0, 2 * this.n));
  }

  private flush(): void {
    this.wide.push(this.wParts.join(SEP));
    this.narrow.push(this.nParts.join(SEP));
    this.wParts = [];
    this.nParts = [];
    this.wLen = -1;
    this.nLen = -1;
  }
}
