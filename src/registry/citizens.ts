// The registry's citizens as the linker reads them: by position in the snapshot (import order), one at a time.
//
// A million Citizen objects (a NameKeys object, a PartialDate and about fifteen strings each) took ~1.2 GB of heap
// and most of a run's garbage-collection time (BENCHMARKS.md, "Where a small night's fixed cost goes"). The packed
// table keeps each distinct name, birth date and commune once, a citizen's own fields as a slice of a few large
// strings, and builds the object when asked for it: the linker asks for the candidates of each record, not the million.

import type { Citizen, Gender, NameKeys, PartialDate } from '../types.js';
import { partialDateFromIso } from '../normalize/dates.js';

export interface CitizenTable {
  readonly length: number;
  /** The citizen at this position of the snapshot (0 <= i < length). Never changed by callers, nor compared by identity. */
  get(i: number): Citizen;
  /** The citizen's ID and old ID ('' when none), without building the citizen. */
  ids(i: number): [citizenId: string, oldId: string];
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
  ids(i: number): [citizenId: string, oldId: string] {
    const c = this.get(i);
    return [c.citizenId, c.oldId];
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

/** Separates the fields of one citizen (or one name) inside a chunk string. Fields holding it are refused when packing. */
const SEP = '\u001f';
/** Citizens (or names) per chunk string: V8 strings stop at ~2^29 characters, and 5 M citizens run to ~10^9. */
export const CHUNK_BITS = 15;
const CHUNK = 1 << CHUNK_BITS;

/**
 * How the packed citizens are laid out: stored at import with this number (registry/packed.ts), read only by the same.
 * 1: two strings a citizen (names with diacritics apart). 2: a citizen's name, birth date and commune stored once
 * each (a number per citizen), its other fields as one string.
 */
export const CITIZENS_LAYOUT = 2;

/**
 * Fields a citizen shares with many others, each distinct value stored once (4.85 M generated citizens carry 233,760
 * names, ~36,000 birth dates and ~10,000 communes): a name's forms; a birth date (all '' when there is none); the
 * commune code and the commune as the linker compares it ('' when it is the code itself).
 */
export const NAME_FIELDS = ['display', 'canonical', 'toneless', 'ascii', 'phonetic', 'family', 'middle', 'given'] as const;
export const BIRTH_FIELDS = ['birth_iso', 'birth_precision', 'birth_swapped'] as const;
export const COMMUNE_FIELDS = ['commune_code', 'commune_key'] as const;
/** A citizen's own fields, in this order. */
export const CITIZEN_FIELDS = ['citizen_id', 'old_id', 'gender', 'phone'] as const;

/** A citizen as the packed table takes it: its name, birth date, commune and own fields, each joined by the separator. */
export type PackedRow = [name: string, birth: string, commune: string, fields: string];

/** `communeKey`: the commune as the linker compares it, when not the citizen's own (registry import resolves it). */
export function packFields(c: Citizen, communeKey = c.communeKey): PackedRow {
  const n = c.name;
  const b = c.birth;
  return [
    [n.display, n.canonical, n.toneless, n.ascii, n.phonetic, n.family, n.middle, n.given].join(SEP),
    b === null ? SEP + SEP : [b.iso, b.precision, b.swapped ?? ''].join(SEP),
    c.commune + SEP + (communeKey === c.commune ? '' : communeKey),
    [c.citizenId, c.oldId, c.gender, c.phone].join(SEP),
  ];
}

/** Whether `s` holds exactly `fields` fields (a field holding the separator would shift every field after it). */
function fieldCount(s: string): number {
  let n = 1;
  for (let at = s.indexOf(SEP); at >= 0; at = s.indexOf(SEP, at + 1)) n++;
  return n;
}

/** Slots of the cache of built citizens: a record's candidates are asked for several times while it is decided. */
const CACHE = 1 << 10;

/**
 * Strings packed in chunk strings with offsets: slice k of a chunk ends at ends[k] (exclusive), the next begins one
 * separator later.
 */
export interface PackedStrings {
  readonly chunks: readonly string[];
  readonly ends: Int32Array;
}

function sliceOf(p: PackedStrings, i: number): string {
  const start = (i & (CHUNK - 1)) === 0 ? 0 : p.ends[i - 1]! + 1;
  return p.chunks[i >>> CHUNK_BITS]!.slice(start, p.ends[i]);
}

/** A column whose distinct values are stored once: `of[i]` is citizen i's value's number in `values`. */
export interface SharedColumn {
  readonly values: PackedStrings;
  readonly of: Int32Array;
}

/** The packed table's parts, as registry/packed.ts stores them. */
export interface PackedParts {
  name: SharedColumn;
  birth: SharedColumn;
  commune: SharedColumn;
  fields: PackedStrings;
}

/** Each distinct value of a shared column made once, when first asked for, and kept. */
class Built<T> {
  private readonly made: (T | undefined)[];
  constructor(
    private readonly values: PackedStrings,
    private readonly make: (f: string[]) => T,
  ) {
    this.made = new Array(values.ends.length);
  }
  get(k: number): T {
    let v = this.made[k];
    if (v === undefined) this.made[k] = v = this.make(sliceOf(this.values, k).split(SEP));
    return v;
  }
}

/**
 * Citizens packed as strings with offsets: ~55 B of heap a citizen plus its share of its name, birth date and commune,
 * instead of ~1.2 KB of objects. Built citizens share those values' objects with each other (callers never change them).
 */
export class PackedCitizens implements CitizenTable {
  private readonly cachedAt = new Int32Array(CACHE).fill(-1);
  private readonly cached: Citizen[] = new Array(CACHE);
  private readonly names: Built<NameKeys>;
  private readonly births: Built<PartialDate | null>;
  private readonly communes: Built<[commune: string, key: string]>;

  /** Made by PackedCitizensBuilder (or from, for citizens already in memory). */
  constructor(
    readonly length: number,
    private readonly p: PackedParts,
  ) {
    for (const [what, n] of [
      ['names', p.name.of.length],
      ['birth dates', p.birth.of.length],
      ['communes', p.commune.of.length],
      ['field slices', p.fields.ends.length],
    ] as const) {
      if (n !== length) throw new Error(`packed citizens: ${length} citizens, ${n} ${what}`);
    }
    this.names = new Built(p.name.values, (w) => ({
      display: w[0]!,
      canonical: w[1]!,
      toneless: w[2]!,
      ascii: w[3]!,
      phonetic: w[4]!,
      family: w[5]!,
      middle: w[6]!,
      given: w[7]!,
    }));
    this.births = new Built(p.birth.values, (b) => (b[0] === '' ? null : partialDateFromIso(b[0]!, b[2] || null)));
    this.communes = new Built(p.commune.values, (c) => [c[0]!, c[1] === '' ? c[0]! : c[1]!]);
  }

  /** The same citizen object for repeated asks (callers never change a Citizen). */
  get(i: number): Citizen {
    this.check(i);
    const slot = i & (CACHE - 1);
    if (this.cachedAt[slot] === i) return this.cached[slot]!;
    const c = this.build(i);
    this.cachedAt[slot] = i;
    this.cached[slot] = c;
    return c;
  }

  /** The ID-typo probe asks for every ID under a key: cheaper than building each citizen. */
  ids(i: number): [citizenId: string, oldId: string] {
    this.check(i);
    const f = sliceOf(this.p.fields, i);
    const a = f.indexOf(SEP);
    return [f.slice(0, a), f.slice(a + 1, f.indexOf(SEP, a + 1))];
  }

  private check(i: number): void {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`no citizen at position ${i} of ${this.length}`);
  }

  private build(i: number): Citizen {
    const f = sliceOf(this.p.fields, i).split(SEP);
    const [commune, communeKey] = this.communes.get(this.p.commune.of[i]!);
    return {
      citizenId: f[0]!,
      oldId: f[1]!,
      name: this.names.get(this.p.name.of[i]!),
      birth: this.births.get(this.p.birth.of[i]!),
      gender: f[2] as Gender,
      commune,
      phone: f[3]!,
      communeKey,
    };
  }

  /** What a PackedCitizens is made of, to be stored (registry/packed.ts) and made again with `new PackedCitizens`. */
  parts(): PackedParts {
    return this.p;
  }

  static from(rows: Iterable<Citizen>): PackedCitizens {
    const b = new PackedCitizensBuilder();
    for (const c of rows) b.add(...packFields(c));
    return b.finish();
  }
}

/** Appends strings to chunk strings of CHUNK strings each, with their ends. */
class StringPacker {
  private readonly chunks: string[] = [];
  private ends = new Int32Array(1024);
  private parts: string[] = [];
  private len = -1;
  n = 0;

  add(s: string): void {
    const n = this.n;
    if (n > 0 && (n & (CHUNK - 1)) === 0) this.flush();
    this.ends = room(this.ends, n + 1);
    this.len += s.length + 1;
    this.ends[n] = this.len;
    this.parts.push(s);
    this.n++;
  }

  finish(): PackedStrings {
    if (this.parts.length > 0) this.flush();
    return { chunks: this.chunks, ends: this.ends.slice(0, this.n) };
  }

  private flush(): void {
    this.chunks.push(this.parts.join(SEP));
    this.parts = [];
    this.len = -1;
  }
}

/** `a`, or a copy twice as long when it holds fewer than `n`. */
function room(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const grown = new Int32Array(a.length * 2);
  grown.set(a);
  return grown;
}

/** Appends a shared column's values: a value met before is not stored again. */
class SharedPacker {
  private readonly values = new StringPacker();
  private readonly number = new Map<string, number>();
  private of = new Int32Array(1024);
  private n = 0;

  add(v: string): void {
    let k = this.number.get(v);
    if (k === undefined) {
      k = this.values.n;
      this.number.set(v, k);
      this.values.add(v);
    }
    this.of = room(this.of, this.n + 1);
    this.of[this.n++] = k;
  }

  finish(): SharedColumn {
    return { values: this.values.finish(), of: this.of.slice(0, this.n) };
  }
}

/** Packs citizens as they come (a SQLite cursor, say), in snapshot order, as packFields gives them. */
export class PackedCitizensBuilder {
  private readonly name = new SharedPacker();
  private readonly birth = new SharedPacker();
  private readonly commune = new SharedPacker();
  private readonly fields = new StringPacker();
  private n = 0;

  add(name: string, birth: string, commune: string, fields: string): void {
    if (
      fieldCount(name) !== NAME_FIELDS.length ||
      fieldCount(birth) !== BIRTH_FIELDS.length ||
      fieldCount(commune) !== COMMUNE_FIELDS.length ||
      fieldCount(fields) !== CITIZEN_FIELDS.length
    ) {
      throw new Error(`citizen ${this.n + 1} of the registry holds a control character (U+001F) in a field`);
    }
    this.name.add(name);
    this.birth.add(birth);
    this.commune.add(commune);
    this.fields.add(fields);
    this.n++;
  }

  finish(): PackedCitizens {
    return new PackedCitizens(this.n, {
      name: this.name.finish(),
      birth: this.birth.finish(),
      commune: this.commune.finish(),
      fields: this.fields.finish(),
    });
  }
}
