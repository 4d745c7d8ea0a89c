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

/** Separates the fields of one citizen (or one name) inside a chunk string. Fields holding it are refused when packing. */
const SEP = '\u001f';
/** Citizens (or names) per chunk string: V8 strings stop at ~2^29 characters, and 5 M citizens run to ~10^9. */
export const CHUNK_BITS = 15;
const CHUNK = 1 << CHUNK_BITS;

/**
 * How the packed citizens are laid out: stored at import with this number (registry/packed.ts), read only by the same.
 * 1: two strings a citizen (names with diacritics apart). 2: names stored once each, a citizen naming its name by number.
 */
export const CITIZENS_LAYOUT = 2;

/**
 * A name's forms, in this order: the packed table stores each distinct name once (4.85 M generated citizens carry
 * 233,760 names; a province's people share their family, middle and given names too) and a number per citizen.
 */
export const NAME_FIELDS = ['display', 'canonical', 'toneless', 'ascii', 'phonetic', 'family', 'middle', 'given'] as const;
/** A citizen's other fields, in this order. The commune as the linker compares it comes last, '' when it is the code itself. */
export const CITIZEN_FIELDS = [
  'citizen_id',
  'old_id',
  'birth_iso',
  'birth_precision',
  'birth_swapped',
  'gender',
  'commune_code',
  'phone',
  'commune_key',
] as const;

/** `communeKey`: the commune as the linker compares it, when not the citizen's own (registry import resolves it). */
export function packFields(c: Citizen, communeKey = c.communeKey): [name: string, fields: string] {
  const n = c.name;
  const b = c.birth;
  const name = [n.display, n.canonical, n.toneless, n.ascii, n.phonetic, n.family, n.middle, n.given].join(SEP);
  const fields = [
    c.citizenId,
    c.oldId,
    b === null ? '' : b.iso,
    b === null ? '' : b.precision,
    b?.swapped ?? '',
    c.gender,
    c.commune,
    c.phone,
    communeKey === c.commune ? '' : communeKey,
  ].join(SEP);
  return [name, fields];
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

/**
 * Citizens packed as strings with offsets: ~70 B of heap a citizen plus its name's share, instead of ~1.2 KB of
 * objects. A built citizen shares its NameKeys with every citizen of the same name (callers never change them).
 */
export class PackedCitizens implements CitizenTable {
  private readonly cachedAt = new Int32Array(CACHE).fill(-1);
  private readonly cached: Citizen[] = new Array(CACHE);
  private readonly builtNames: (NameKeys | undefined)[];

  /** Made by PackedCitizensBuilder (or from, for citizens already in memory). */
  constructor(
    readonly length: number,
    /** Each distinct name's NAME_FIELDS. */
    private readonly names: PackedStrings,
    /** Per citizen: its name's number. */
    private readonly nameOf: Int32Array,
    /** Per citizen: its CITIZEN_FIELDS. */
    private readonly fields: PackedStrings,
  ) {
    if (nameOf.length !== length || fields.ends.length !== length)
      throw new Error(`packed citizens: ${length} citizens, ${nameOf.length} names given, ${fields.ends.length} field slices`);
    this.builtNames = new Array(names.ends.length);
  }

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

  private name(k: number): NameKeys {
    const built = this.builtNames[k];
    if (built !== undefined) return built;
    const w = sliceOf(this.names, k).split(SEP);
    const name: NameKeys = {
      display: w[0]!,
      canonical: w[1]!,
      toneless: w[2]!,
      ascii: w[3]!,
      phonetic: w[4]!,
      family: w[5]!,
      middle: w[6]!,
      given: w[7]!,
    };
    this.builtNames[k] = name;
    return name;
  }

  private build(i: number): Citizen {
    const f = sliceOf(this.fields, i).split(SEP);
    return {
      citizenId: f[0]!,
      oldId: f[1]!,
      name: this.name(this.nameOf[i]!),
      birth: f[2] === '' ? null : partialDateFromIso(f[2]!, f[4] || null),
      gender: f[5] as Gender,
      commune: f[6]!,
      phone: f[7]!,
      communeKey: f[8] === '' ? f[6]! : f[8]!,
    };
  }

  /** What a PackedCitizens is made of, to be stored (registry/packed.ts) and made again with `new PackedCitizens`. */
  parts(): { names: PackedStrings; nameOf: Int32Array; fields: PackedStrings } {
    return { names: this.names, nameOf: this.nameOf, fields: this.fields };
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
    if (n + 1 > this.ends.length) {
      const grown = new Int32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
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

/**
 * Packs citizens as they come (a SQLite cursor, say), in snapshot order: a citizen's NAME_FIELDS and CITIZEN_FIELDS
 * each joined by the separator. A name met before is not stored again.
 */
export class PackedCitizensBuilder {
  private readonly names = new StringPacker();
  private readonly fields = new StringPacker();
  private readonly nameNumber = new Map<string, number>();
  private nameOf = new Int32Array(1024);
  private n = 0;

  add(name: string, fields: string): void {
    if (fieldCount(name) !== NAME_FIELDS.length || fieldCount(fields) !== CITIZEN_FIELDS.length) {
      throw new Error(`citizen ${this.n + 1} of the registry holds a control character (U+001F) in a field`);
    }
    let k = this.nameNumber.get(name);
    if (k === undefined) {
      k = this.names.n;
      this.nameNumber.set(name, k);
      this.names.add(name);
    }
    if (this.n + 1 > this.nameOf.length) {
      const grown = new Int32Array(this.nameOf.length * 2);
      grown.set(this.nameOf);
      this.nameOf = grown;
    }
    this.nameOf[this.n++] = k;
    this.fields.add(fields);
  }

  finish(): PackedCitizens {
    return new PackedCitizens(this.n, this.names.finish(), this.nameOf.slice(0, this.n), this.fields.finish());
  }
}
