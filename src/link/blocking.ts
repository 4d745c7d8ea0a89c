// Blocking: the registry index (typed-array hash tables, one per rule) and candidate generation, OR-ing the rules.

import type { Citizen, LinkInput } from '../types.js';
import { asCitizenTable, type CitizenTable } from '../registry/citizens.js';
import { KeyIndex, type KeyIndexLayout } from './key-index.js';
import { fnvMixCode, hashFinish, hashInt, hashStart, hashString } from '../util/hash.js';
import { hasUsableId, typoCandidateDigits } from './compare.js';
import { MULTI_COMMUNE } from '../normalize/communes.js';
import { isOneEditOrTransposition, levenshtein } from './similarity.js';
import { type LinkConfig, linkConfig } from '../config/link.js';

/** Rule names as they appear in explanations (rule=...) and in LinkStats.byRule. */
export const RULES = {
  id: 'id',
  oldId: 'old_id',
  idTypo: 'id_typo',
  dobGiven: 'dob+given',
  dobSwapped: 'dob_swapped+given',
  dobReversed: 'dob+reversed_name',
  yearName: 'year+name',
  yearOuter: 'year+family+given',
  yearGivenFirst: 'year+given_first',
  idYearName: 'id_year+name',
  phoneticYear: 'phonetic+year',
  nameCommune: 'name+commune',
  yearNearName: 'year±1+name',
  nameGender: 'name+gender',
  dobFamily: 'dob+family',
  /** A look-alike of the ID's owner (same family and given name letters, same birth date): see lookalikesOf. */
  idLookalike: 'id_owner_lookalike',
} as const;

const SALT = {
  id: 1,
  oldId: 2,
  typo: 3,
  dobGiven: 4,
  yearName: 5,
  phonYear: 6,
  nameCommune: 7,
  nameGender: 8,
  dobFamily: 9,
  yearOuter: 10,
} as const;

export interface RegistryIndex {
  readonly size: number;
  readonly citizens: CitizenTable;
  readonly byId: KeyIndex;
  readonly byOldId: KeyIndex;
  readonly byIdWindow: KeyIndex;
  readonly byDobGiven: KeyIndex;
  readonly byYearName: KeyIndex;
  /** Birth year + family + given name, middle names left out: a year-only record whose middle name is an initial or missing. */
  readonly byYearOuter: KeyIndex;
  readonly byPhoneticYear: KeyIndex;
  readonly byNameCommune: KeyIndex;
  readonly byNameGender: KeyIndex;
  /** Fallback only: ~40% of people are Nguyễn, so birth date + family name blocks are large. */
  readonly byDobFamily: KeyIndex;
  /** Registry counts of ascii family and given names (term frequencies). */
  readonly familyCounts: Map<string, number>;
  readonly givenCounts: Map<string, number>;
  /** Whether some citizen's commune is a divided commune's key (see MULTI_COMMUNE): the model's "split" level is in play. */
  readonly splitCommunes: boolean;
  /** The shared memory every table lies in (see shareRegistryIndex). */
  readonly memory: ArrayBufferLike;
  /** Scratch: marks citizens already collected for the current record (stamp per call). */
  readonly seen: Int32Array;
  stamp: number;
}

/**
 * ID windows: width 4, stride 3 ([0,4), [3,7), [6,10), [9,12) for 12 digits). Every adjacent pair of
 * positions lies inside one window, so an ID with one substitution or one adjacent transposition
 * still shares the key "ID with that window removed" with the true ID.
 */
function idWindows(len: number): Array<[number, number]> {
  const w: Array<[number, number]> = [];
  for (let s = 0; s < len - 1; s += 3) w.push([s, Math.min(len, s + 4)]);
  return w;
}
const WINDOWS_12 = idWindows(12);
const WINDOWS_9 = idWindows(9);

function windowsFor(len: number): Array<[number, number]> {
  return len === 12 ? WINDOWS_12 : len === 9 ? WINDOWS_9 : idWindows(len);
}

function windowHash(id: string, w: number, from: number, to: number): number {
  let h = hashInt(hashStart(SALT.typo), id.length * 16 + w);
  for (let i = 0; i < id.length; i++) {
    if (i >= from && i < to) continue;
    h = fnvMixCode(h, id.charCodeAt(i));
  }
  return hashFinish(h >>> 0);
}

const keyId = (salt: number, id: string): number => hashFinish(hashString(hashStart(salt), id));
const keyDobGiven = (iso: string, given: string): number => hashFinish(hashString(hashString(hashStart(SALT.dobGiven), iso), given));
const keyYearName = (year: number, ascii: string): number => hashFinish(hashString(hashInt(hashStart(SALT.yearName), year), ascii));
const keyPhoneticYear = (ph: string, year: number): number => hashFinish(hashInt(hashString(hashStart(SALT.phonYear), ph), year));
const keyNameCommune = (ascii: string, commune: string): number =>
  hashFinish(hashString(hashString(hashStart(SALT.nameCommune), ascii), commune));
const keyNameGender = (ascii: string, g: string): number => hashFinish(hashString(hashString(hashStart(SALT.nameGender), ascii), g));
const keyDobFamily = (iso: string, family: string): number => hashFinish(hashString(hashString(hashStart(SALT.dobFamily), iso), family));
const keyYearOuter = (year: number, family: string, given: string): number =>
  hashFinish(hashString(hashString(hashInt(hashStart(SALT.yearOuter), year), family), given));

/** Stored instead of the people under a fallback key shared by too many of them (see maxFallbackBlockSize). */
const TOO_COMMON = -2;

/** How many citizens share each hash: sorted copy + binary search (no Map of 1M entries). */
function hashCounter(hashes: Uint32Array): (h: number) => number {
  const sorted = hashes.slice().sort();
  const bound = (h: number, upper: boolean): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < h || (upper && sorted[mid] === h)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (h) => bound(h, true) - bound(h, false);
}

/** One pass over the citizens writes every rule's key hashes into sequential typed arrays; each table is then built alone from its array. */
export function buildRegistryIndex(
  registry: readonly Citizen[] | CitizenTable,
  cfg: Pick<LinkConfig, 'maxFallbackBlockSize'> = linkConfig,
): RegistryIndex {
  const citizens = asCitizenTable(registry);
  const n = citizens.length;
  // Pass-one memory in few allocations (see KeyIndex: few large allocations, few full GCs). One pass over the citizens
  // (each one is built from the packed table as it is read): the ID windows' arrays grow as windows are found.
  const RULE_ARRAYS = 9;
  const hashMem = new Uint32Array(RULE_ARRAYS * n);
  const ruleHashes = (r: number): Uint32Array => hashMem.subarray(r * n, (r + 1) * n);
  const [hId, hOld, hDobGiven, hYearName, hPhonYear, hNameCommune, hNameGender, hDobFamily, hYearOuter] = Array.from(
    { length: RULE_ARRAYS },
    (_, r) => ruleHashes(r),
  );
  // A 12-digit ID has four windows, and about half the registry has a 9-digit former number (three more).
  let wHash = new Uint32Array(6 * n + 16);
  let wValue = new Int32Array(wHash.length);
  const room = (id: string): void => {
    const need = k + windowsFor(id.length).length;
    if (need <= wHash.length) return;
    const size = Math.max(need, 2 * wHash.length);
    const h = new Uint32Array(size);
    h.set(wHash);
    const v = new Int32Array(size);
    v.set(wValue);
    wHash = h;
    wValue = v;
  };
  const familyCounts = new Map<string, number>();
  const givenCounts = new Map<string, number>();
  let k = 0;
  let splitCommunes = false;
  for (let i = 0; i < n; i++) {
    const c = citizens.get(i);
    if (c.communeKey.charCodeAt(0) === MULTI_CODE) splitCommunes = true;
    hId[i] = keyId(SALT.id, c.citizenId);
    room(c.citizenId);
    k = addWindows(wHash, wValue, k, c.citizenId, i);
    if (c.oldId !== '') {
      hOld[i] = keyId(SALT.oldId, c.oldId);
      room(c.oldId);
      k = addWindows(wHash, wValue, k, c.oldId, i);
    }
    const nm = c.name;
    if (nm.ascii === '') continue;
    familyCounts.set(nm.family, (familyCounts.get(nm.family) ?? 0) + 1);
    givenCounts.set(nm.given, (givenCounts.get(nm.given) ?? 0) + 1);
    const b = c.birth;
    if (b !== null) {
      if (b.precision === 'day') {
        hDobGiven[i] = keyDobGiven(b.iso, nm.given);
        hDobFamily[i] = keyDobFamily(b.iso, nm.family);
      }
      hYearName[i] = keyYearName(b.year, nm.ascii);
      hYearOuter[i] = keyYearOuter(b.year, nm.family, nm.given);
      if (nm.phonetic !== '') hPhonYear[i] = keyPhoneticYear(nm.phonetic, b.year);
    }
    if (c.communeKey !== '') hNameCommune[i] = keyNameCommune(nm.ascii, c.communeKey);
    hNameGender[i] = keyNameGender(nm.ascii, c.gender);
  }
  const windows = k;
  const intMem = new Int32Array(n + Math.max(n, windows));
  const ngValue = intMem.subarray(0, n);
  const scratch = intMem.subarray(n);
  // Full name + gender is a fallback rule: a key shared by many people is stored once as TOO_COMMON, which
  // keeps the candidates it can add (and their scoring cost) bounded.
  const countOf = hashCounter(hNameGender);
  const marked = new Set<number>();
  for (let i = 0; i < n; i++) {
    const h = hNameGender[i];
    if (h === 0) continue;
    if (countOf(h) <= cfg.maxFallbackBlockSize) ngValue[i] = i;
    else if (!marked.has(h)) {
      marked.add(h);
      ngValue[i] = TOO_COMMON;
    } else hNameGender[i] = 0;
  }

  const tables: Array<[Uint32Array, Int32Array | null]> = [
    [hId, null],
    [hOld, null],
    [hDobGiven, null],
    [hYearName, null],
    [hPhonYear, null],
    [hNameCommune, null],
    [hNameGender, ngValue],
    [wHash.subarray(0, windows), wValue.subarray(0, windows)],
    [hDobFamily, null],
    [hYearOuter, null],
  ];
  // The tables' sizes first (sorted copies in the constructors' scratch memory, free until they run).
  const sortScratch = new Uint32Array(scratch.buffer, scratch.byteOffset, scratch.length);
  const counted = tables.map(([h]) => KeyIndex.countKeys(h, h.length, sortScratch));
  const sizes = counted.map((c) => KeyIndex.sizeFor(c.keys, c.distinct));
  // Shared memory, so a worker thread reads the same tables (registryIndexFromShared) instead of building its own.
  const tableMem = new Int32Array(new SharedArrayBuffer((sizes.reduce((a, b) => a + b, 0) + n) * 4));
  let off = 0;
  const built = tables.map(([h, v], t) => {
    const ix = new KeyIndex(h, v, h.length, tableMem.subarray(off, off + sizes[t]), scratch, counted[t]);
    off += sizes[t];
    return ix;
  });
  const [byId, byOldId, byDobGiven, byYearName, byPhoneticYear, byNameCommune, byNameGender, byIdWindow, byDobFamily, byYearOuter] = built;
  return {
    size: n,
    citizens,
    byId,
    byOldId,
    byIdWindow,
    byDobGiven,
    byYearName,
    byYearOuter,
    byPhoneticYear,
    byNameCommune,
    byNameGender,
    byDobFamily,
    familyCounts,
    givenCounts,
    splitCommunes,
    memory: tableMem.buffer,
    seen: tableMem.subarray(off, off + n),
    stamp: 0,
  };
}

const TABLES = [
  'byId',
  'byOldId',
  'byIdWindow',
  'byDobGiven',
  'byYearName',
  'byYearOuter',
  'byPhoneticYear',
  'byNameCommune',
  'byNameGender',
  'byDobFamily',
] as const;
type TableName = (typeof TABLES)[number];

/** A registry index as posted to a worker thread: the tables' shared memory and where each table lies in it. */
export interface SharedRegistryIndex {
  size: number;
  buffer: ArrayBufferLike;
  tables: Record<TableName, KeyIndexLayout>;
  familyCounts: Map<string, number>;
  givenCounts: Map<string, number>;
  splitCommunes: boolean;
  /** First and last citizen IDs: the worker checks it loaded the same registry, in the same order. */
  firstId: string;
  lastId: string;
}

export function shareRegistryIndex(ix: RegistryIndex): SharedRegistryIndex {
  const tables = Object.fromEntries(TABLES.map((t) => [t, ix[t].layout()])) as Record<TableName, KeyIndexLayout>;
  const n = ix.citizens.length;
  return {
    size: ix.size,
    buffer: ix.memory,
    tables,
    familyCounts: ix.familyCounts,
    givenCounts: ix.givenCounts,
    splitCommunes: ix.splitCommunes,
    firstId: n > 0 ? ix.citizens.get(0).citizenId : '',
    lastId: n > 0 ? ix.citizens.get(n - 1).citizenId : '',
  };
}

/** The index another thread built, over this thread's own copy of the same citizens (its own `seen` scratch). */
export function registryIndexFromShared(registry: readonly Citizen[] | CitizenTable, s: SharedRegistryIndex): RegistryIndex {
  const citizens = asCitizenTable(registry);
  const n = citizens.length;
  if (n !== s.size || (n > 0 && (citizens.get(0).citizenId !== s.firstId || citizens.get(n - 1).citizenId !== s.lastId))) {
    throw new Error(`the worker's registry (${n} citizens) is not the one the index was built from (${s.size})`);
  }
  const t = (name: TableName): KeyIndex => KeyIndex.fromShared(s.buffer, s.tables[name]);
  return {
    size: n,
    citizens,
    byId: t('byId'),
    byOldId: t('byOldId'),
    byIdWindow: t('byIdWindow'),
    byDobGiven: t('byDobGiven'),
    byYearName: t('byYearName'),
    byYearOuter: t('byYearOuter'),
    byPhoneticYear: t('byPhoneticYear'),
    byNameCommune: t('byNameCommune'),
    byNameGender: t('byNameGender'),
    byDobFamily: t('byDobFamily'),
    familyCounts: s.familyCounts,
    givenCounts: s.givenCounts,
    splitCommunes: s.splitCommunes,
    memory: s.buffer,
    seen: new Int32Array(n),
    stamp: 0,
  };
}

function addWindows(hashes: Uint32Array, values: Int32Array, k: number, id: string, i: number): number {
  const ws = windowsFor(id.length);
  for (let w = 0; w < ws.length; w++) {
    hashes[k] = windowHash(id, w, ws[w][0], ws[w][1]);
    values[k++] = i;
  }
  return k;
}

const ownerScratch: number[] = [];

/** The registry index of the person holding this ID as current number, or -1. */
export function findByCitizenId(ix: RegistryIndex, value: string): number {
  ownerScratch.length = 0;
  ix.byId.lookup(keyId(SALT.id, value), ownerScratch, 8);
  for (let k = 0; k < ownerScratch.length; k++) if (ix.citizens.get(ownerScratch[k]).citizenId === value) return ownerScratch[k];
  return -1;
}

/** The registry's details of the citizen holding this ID as current number (undefined: no such citizen). */
export function citizenById(ix: RegistryIndex, value: string): Citizen | undefined {
  const i = findByCitizenId(ix, value);
  return i < 0 ? undefined : ix.citizens.get(i);
}

/** The registry index of the person holding this ID as former number (old_id), or -1. */
export function findByOldId(ix: RegistryIndex, value: string): number {
  ownerScratch.length = 0;
  ix.byOldId.lookup(keyId(SALT.oldId, value), ownerScratch, 8);
  for (let k = 0; k < ownerScratch.length; k++) if (ix.citizens.get(ownerScratch[k]).oldId === value) return ownerScratch[k];
  return -1;
}

/** The registry person holding this ID as current (rule id) or former (rule old_id) number, or -1. */
export function findIdOwner(ix: RegistryIndex, value: string): { citizen: number; rule: string } {
  const c = findByCitizenId(ix, value);
  if (c >= 0) return { citizen: c, rule: RULES.id };
  const o = findByOldId(ix, value);
  return o >= 0 ? { citizen: o, rule: RULES.oldId } : { citizen: -1, rule: '' };
}

const lookalikeScratch: number[] = [];

/**
 * The other registry people who share this one's birth date, family name and given name (letters without
 * diacritics): a twin (Vân / Văn) or a namesake, whose ID a record may carry instead of its own. Filled into `out`.
 */
export function lookalikesOf(ix: RegistryIndex, citizen: number, out: number[]): number[] {
  out.length = 0;
  const c = ix.citizens.get(citizen);
  const b = c.birth;
  if (b === null || b.precision !== 'day' || c.name.ascii === '') return out;
  lookalikeScratch.length = 0;
  ix.byDobGiven.lookup(keyDobGiven(b.iso, c.name.given), lookalikeScratch, 64);
  for (const k of lookalikeScratch) {
    if (k === citizen || k < 0) continue;
    const o = ix.citizens.get(k);
    if (o.name.family === c.name.family && o.name.given === c.name.given && o.birth !== null && o.birth.iso === b.iso) out.push(k);
  }
  return out;
}

const hasScratch: number[] = [];

const twinScratch: number[] = [];

/**
 * The people born the same day with the same family name as `owner` and a given name at most two letters from theirs
 * (twins Phước / Phúc, Tuyết / Tuyền), added as candidates: a record on a twin's ID is weighed against both twins even
 * when its name, damaged, finds only the owner. A day holding more than `limit` people of that family name (Nguyễn in a
 * national registry) is left to the name keys, and not counted as a cap hit: it is a probe for twins, not a block.
 */
export function collectOwnerTwins(set: CandidateSet, ix: RegistryIndex, owner: number, limit: number): void {
  const c = ix.citizens.get(owner);
  if (c.birth === null || c.birth.precision !== 'day' || c.name.family === '') return;
  twinScratch.length = 0;
  const found = ix.byDobFamily.lookup(keyDobFamily(c.birth.iso, c.name.family), twinScratch, limit);
  if (found > limit || (found > 0 && twinScratch[0] === TOO_COMMON)) return;
  for (const k of twinScratch) {
    if (k >= 0 && k !== owner && levenshtein(ix.citizens.get(k).name.given, c.name.given) <= 2) set.add(k, RULES.idLookalike);
  }
}

/** The person has a look-alike in the registry (see lookalikesOf). */
export function hasLookalike(ix: RegistryIndex, citizen: number): boolean {
  return lookalikesOf(ix, citizen, hasScratch).length > 0;
}

/** Candidates of one record: citizen indices and the first rule that found each. */
export class CandidateSet {
  readonly citizens: number[] = [];
  readonly rules: string[] = [];
  capHits = 0;
  private readonly scratch: number[] = [];

  constructor(
    private readonly ix: RegistryIndex,
    private readonly maxCandidates: number,
    private readonly maxBlock: number,
  ) {
    ix.stamp++;
    if (ix.stamp >= 0x7fffffff) {
      ix.seen.fill(0);
      ix.stamp = 1;
    }
  }

  get full(): boolean {
    return this.citizens.length >= this.maxCandidates;
  }

  add(citizen: number, rule: string): void {
    if (this.ix.seen[citizen] === this.ix.stamp) return;
    if (this.full) {
      this.capHits++;
      return;
    }
    this.ix.seen[citizen] = this.ix.stamp;
    this.citizens.push(citizen);
    this.rules.push(rule);
  }

  /** Add the people under one key; a key holding more than `limit` people adds the first `limit`, or none when `skipLarge`. */
  probe(table: KeyIndex, hash: number, rule: string, accept?: (c: number) => boolean, limit = this.maxBlock, skipLarge = false): void {
    const s = this.scratch;
    s.length = 0;
    const found = table.lookup(hash, s, limit);
    if (found > limit || (found > 0 && s[0] === TOO_COMMON)) {
      this.capHits++;
      if (skipLarge) return;
    }
    for (const c of s) if (accept === undefined || accept(c)) this.add(c, rule);
  }
}

const NOBODY = { citizen: -1, rule: '' } as const;

/**
 * The primary rules, probed for every record that does not take the exact-ID fast path. `owner` is the person
 * holding the record's ID when the caller has looked it up already (findIdOwner); it is added first.
 */
export function collectPrimary(set: CandidateSet, ix: RegistryIndex, d: LinkInput, owner?: { citizen: number; rule: string }): void {
  const id = d.id;
  const o = owner ?? (hasUsableId(id) ? findIdOwner(ix, id.value) : NOBODY);
  if (o.citizen >= 0) set.add(o.citizen, o.rule);
  const v = typoCandidateDigits(d);
  if (v !== '') {
    const ws = windowsFor(v.length);
    const accept = (c: number): boolean => {
      const [citizenId, oldId] = ix.citizens.ids(c);
      return isOneEditOrTransposition(v, citizenId) || (oldId !== '' && isOneEditOrTransposition(v, oldId));
    };
    for (let w = 0; w < ws.length; w++) set.probe(ix.byIdWindow, windowHash(v, w, ws[w][0], ws[w][1]), RULES.idTypo, accept);
  }
  const nm = d.name;
  const b = d.birth;
  if (nm.ascii === '') return;
  if (b !== null) {
    if (b.precision === 'day') {
      set.probe(ix.byDobGiven, keyDobGiven(b.iso, nm.given), RULES.dobGiven);
      if (b.swapped !== null) set.probe(ix.byDobGiven, keyDobGiven(b.swapped, nm.given), RULES.dobSwapped);
      if (nm.family !== nm.given) {
        set.probe(ix.byDobGiven, keyDobGiven(b.iso, nm.family), RULES.dobReversed);
        // Given name first in a file read month-first (or with day and month swapped): both slips at once.
        if (b.swapped !== null) set.probe(ix.byDobGiven, keyDobGiven(b.swapped, nm.family), RULES.dobReversed);
      }
    }
    set.probe(ix.byYearName, keyYearName(b.year, nm.ascii), RULES.yearName);
    if (nm.phonetic !== '') set.probe(ix.byPhoneticYear, keyPhoneticYear(nm.phonetic, b.year), RULES.phoneticYear);
    // A year-only date (or a 01/01 placeholder) defeats dob+given; a middle name written as an initial or left out
    // defeats every full-name key. Family + given + year still finds the person.
    if (b.precision === 'year' && nm.family !== nm.given) {
      set.probe(ix.byYearOuter, keyYearOuter(b.year, nm.family, nm.given), RULES.yearOuter);
    }
  }
  // The ID's decoded birth year finds a person whose declared birth date was mangled.
  if (id.kind === 'cccd' && id.birthYear !== undefined && (b === null || b.year !== id.birthYear)) {
    set.probe(ix.byYearName, keyYearName(id.birthYear, nm.ascii), RULES.idYearName);
  }
  const commune = d.communeKey;
  if (commune === '') return;
  if (commune.charCodeAt(0) !== MULTI_CODE) set.probe(ix.byNameCommune, keyNameCommune(nm.ascii, commune), RULES.nameCommune);
  else for (const c of commune.slice(2, -1).split(';')) set.probe(ix.byNameCommune, keyNameCommune(nm.ascii, c), RULES.nameCommune);
}

// A divided or abolished commune's key lists its successors (communeKeyOf): each one is probed.
const MULTI_CODE = MULTI_COMMUNE.charCodeAt(0);

/** The second word of a name of three words or more ('' otherwise): the family name of a name written given first. */
function secondWord(ascii: string): string {
  const i = ascii.indexOf(' ');
  const j = ascii.indexOf(' ', i + 1);
  return i < 0 || j < 0 ? '' : ascii.slice(i + 1, j);
}

/** Fallback rules, probed only when the primary rules found nobody linkable: cheap to skip, large blocks. */
export function collectFallback(set: CandidateSet, ix: RegistryIndex, d: LinkInput, maxBlock: number): void {
  const nm = d.name;
  if (nm.ascii === '') return;
  // A typo in the given name defeats every name key; the birth date and family name still find the person.
  if (d.birth !== null && d.birth.precision === 'day' && nm.family !== '') {
    set.probe(ix.byDobFamily, keyDobFamily(d.birth.iso, nm.family), RULES.dobFamily);
    // A name written given-first with a two-word given name ("Gia Huy Nguyễn"): the family name is the last word,
    // and no word but the first is the registry's given name, so dob+reversed_name cannot find it.
    if (nm.given !== nm.family) set.probe(ix.byDobFamily, keyDobFamily(d.birth.iso, nm.given), RULES.dobFamily);
  }
  // A middle name left out, written as an initial or mistyped, with the birth day off as well ("Phạm Trung" born 8/2 for
  // Phạm Minh Trung born 9/2): every full-name and birth-date key misses, family + given + year does not (the primary
  // rules probe it for year-only dates). Written given first ("Dung Nguyễn Thị"), the first two words are given and family.
  if (d.birth !== null && nm.family !== '') {
    if (d.birth.precision === 'day') {
      set.probe(ix.byYearOuter, keyYearOuter(d.birth.year, nm.family, nm.given), RULES.yearOuter, undefined, maxBlock, true);
    }
    const second = secondWord(nm.ascii);
    if (second !== '' && second !== nm.given) {
      set.probe(ix.byYearOuter, keyYearOuter(d.birth.year, second, nm.family), RULES.yearGivenFirst, undefined, maxBlock, true);
    }
  }
  if (d.birth !== null) {
    set.probe(ix.byYearName, keyYearName(d.birth.year - 1, nm.ascii), RULES.yearNearName, undefined, maxBlock, true);
    set.probe(ix.byYearName, keyYearName(d.birth.year + 1, nm.ascii), RULES.yearNearName, undefined, maxBlock, true);
  }
  if (d.gender !== 'U') set.probe(ix.byNameGender, keyNameGender(nm.ascii, d.gender), RULES.nameGender, undefined, maxBlock, true);
  else {
    set.probe(ix.byNameGender, keyNameGender(nm.ascii, 'M'), RULES.nameGender, undefined, maxBlock, true);
    set.probe(ix.byNameGender, keyNameGender(nm.ascii, 'F'), RULES.nameGender, undefined, maxBlock, true);
  }
}
