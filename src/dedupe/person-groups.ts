// Patient level: one person per registry citizen_id, and complete-linkage groups of the records the linker left unlinked.

import type { DedupeConfig } from '../config/dedupe.js';
import { GENDER, ID, LEVELS, NAME, givenMarksDiffer, isStrongName, sameGivenName } from '../link/compare.js';
import type { LinkDecision, NormalizedDose } from '../types.js';
import { compareDosePair } from './dose-rules.js';
import { NO_CONTEXT, weighDosePair } from './dose-evidence.js';
import { DOSE_FIELDS, LINKED_STATUSES } from '../types.js';
import { FNV_OFFSET, fnv32, fnvMix, fnvMixCode, hash53Number, hex53 } from '../util/hash.js';
import { NO_DAY, isoToDay, rawEqual } from './values.js';

export interface DedupeItem {
  dose: NormalizedDose;
  decision: LinkDecision;
}

/** The linker's comparison of two dose records as the same person, a probability in [0, 1]. */
export type SamePersonProbability = (a: NormalizedDose, b: NormalizedDose) => number;

export interface PersonGroups {
  /** Item -> dense person number; persons are numbered in the order of their first item. */
  personOf: Int32Array;
  /** Person number -> key: the citizen_id, or 'P-<hash>' for a group of unlinked records. */
  keys: string[];
  /** Person number -> 1 when the person is a registry citizen. */
  linked: Uint8Array;
  /** Review records grouped with their best candidate's doses (findFollowers): item -> that citizen_id. */
  followers: Map<number, string>;
  groupsOfUnlinked: number;
  /** Candidate merges of unlinked groups refused because a pair across them fell below samePersonFloor or the
   *  group would exceed maxUnlinkedGroupSize. */
  chainRefusals: number;
  /** samePerson evaluations made (a pair found by two blocking rules is compared once). */
  pairsCompared: number;
}

export function isLinked(decision: LinkDecision): boolean {
  return LINKED_STATUSES.has(decision.status) && decision.citizenId !== '';
}

/** A stable identity for a record, independent of processing order. */
export function recordIdentity(d: NormalizedDose): string {
  return d.recordId !== '' ? d.recordId : `${d.source.file}:${d.source.line}`;
}

/**
 * Linked records group by citizen_id. Unlinked records (review / unmatched) group only with each other: the
 * linker, with the registry in hand, declined to tie them to a citizen, and letting them join a citizen through
 * a resemblance to one of that citizen's doses would bypass its threshold and could fold a stranger's dose into
 * the citizen's history. They stay in the review queue (mismatches.csv) instead. The one exception is a follower
 * (findFollowers): a review record whose own best candidate, well ahead of the runner-up, holds a copy of its dose
 * plainly linked (on that citizen's own ID, or without an ID on its details) joins that citizen's doses, where it is
 * folded into that copy.
 */
export function groupPersons(items: readonly DedupeItem[], samePerson: SamePersonProbability, cfg: DedupeConfig): PersonGroups {
  const n = items.length;
  const follow = findFollowers(items, cfg);
  /** The citizen whose group an item joins: its link, or for a follower its best candidate; '' for none. */
  const citizenOf = (i: number): string => follow.get(i) ?? items[i].decision.citizenId;
  const unlinked: number[] = [];
  for (let i = 0; i < n; i++) if (!isLinked(items[i].decision) && !follow.has(i)) unlinked.push(i);

  const clustering = clusterUnlinked(items, unlinked, samePerson, cfg);
  const clusterKeys = keyClusters(items, clustering.clusters);

  // Linked records: citizen_id groups found by sorting 32-bit hashes (a Map of 1M fresh strings is ~3x slower,
  // PERF-LIMITS.md d), then numbered by first appearance.
  const citizenKeys: BlockKeys = {
    hash: new Uint32Array(n),
    has: new Uint8Array(n),
    same: (a, b) => citizenOf(a) === citizenOf(b),
  };
  for (let i = 0; i < n; i++) {
    if (clustering.localOf[i] >= 0) continue;
    citizenKeys.has[i] = 1;
    citizenKeys.hash[i] = fnv32(citizenOf(i));
  }
  const citizenGroup = new Int32Array(n).fill(-1);
  let citizenGroups = 0;
  const sorted = sortByHash(citizenKeys);
  for (let start = 0; start < sorted.length; ) {
    let end = start + 1;
    while (end < sorted.length && citizenKeys.hash[sorted[end]] === citizenKeys.hash[sorted[start]]) end++;
    for (let x = start; x < end; x++) {
      const i = sorted[x];
      if (citizenGroup[i] >= 0) continue;
      const g = citizenGroups++;
      citizenGroup[i] = g;
      for (let y = x + 1; y < end; y++) if (citizenGroup[sorted[y]] < 0 && citizenKeys.same(i, sorted[y])) citizenGroup[sorted[y]] = g;
    }
    start = end;
  }

  const personOf = new Int32Array(n);
  const keys: string[] = [];
  const linkedFlags: number[] = [];
  const citizenPerson = new Int32Array(citizenGroups).fill(-1);
  const clusterPerson = new Int32Array(clustering.clusters.length).fill(-1);
  for (let i = 0; i < n; i++) {
    const u = clustering.localOf[i];
    let p: number;
    if (u < 0) {
      const g = citizenGroup[i];
      if (citizenPerson[g] < 0) {
        citizenPerson[g] = keys.length;
        keys.push(citizenOf(i));
        linkedFlags.push(1);
      }
      p = citizenPerson[g];
    } else {
      const c = clustering.clusterOfLocal[u];
      if (clusterPerson[c] < 0) {
        clusterPerson[c] = keys.length;
        keys.push(clusterKeys[c]);
        linkedFlags.push(0);
      }
      p = clusterPerson[c];
    }
    personOf[i] = p;
  }
  return {
    personOf,
    keys,
    linked: Uint8Array.from(linkedFlags),
    followers: follow,
    groupsOfUnlinked: clustering.clusters.length,
    chainRefusals: clustering.chainRefusals,
    pairsCompared: clustering.pairsCompared,
  };
}

/**
 * The citizen a record could follow: a review record's best candidate, '' for any other record. Whether it does
 * depends on that citizen's verified doses, so the nightly run gathers a citizen's led records with its doses
 * (src/store/nightly.ts gatherAffected) and records it in the store (WorkStore.setReviewLead).
 */
export function followLead(decision: LinkDecision): string {
  return decision.status === 'review' && decision.candidates.length > 0 ? decision.candidates[0].citizenId : '';
}

/** A dose linked on its citizen's own ID, or without an ID on its details alone: the copies a review record may follow. */
function isPlainLink(it: DedupeItem): boolean {
  const st = it.decision.status;
  return st === 'verified' || (st === 'corrected' && it.dose.id.kind === 'missing');
}

const ID_POINTS = new Set<string>([ID.exact, ID.oldId, ID.oneEdit].map((l) => LEVELS.id[l]));
/** The fuzzy name levels a record without an ID may follow on (see findFollowers: its given name must be the copy's). */
const FUZZY_NAMES = new Set<number>([NAME.jwHigh, NAME.phonetic, NAME.jwLow]);
const ID_NONE = LEVELS.id[ID.missing];
const GENDER_ELSE = LEVELS.gender[GENDER.else];

/**
 * Review records that are another copy of a dose plainly linked to their best candidate (on the candidate's own ID, or
 * without an ID on its details; issue 14): the same dose entered twice, once well (linked) and once with a slip that
 * kept it below the link threshold (no ID and a birth date off, a typo in the name). Each is mapped to that candidate's
 * citizen_id and grouped with its doses, where the dose ladder (or the weighed evidence) folds it into the linked copy.
 * Only where the linker's doubt was the score, not the person: the candidate leads the runner-up by followMinLeadBits,
 * the record's ID is the candidate's (or it has none and the name agrees fully, or approximately with the given name
 * written as the copy writes it), the gender is not another's, a name without its marks is not written with other
 * marks (Lân for Lan), and the ID's owner has no twin or namesake in question (ID_LOOKALIKE_OWNER). A record with
 * another person's ID, or whose review says twin, sibling or a near tie, stays in the queue, grouped only with
 * unlinked ones.
 */
export function findFollowers(items: readonly DedupeItem[], cfg: DedupeConfig): Map<number, string> {
  const wanted = new Map<number, string>();
  /** Records without an ID whose name agrees only approximately: they follow a copy whose given name they write alike. */
  const approximate = new Set<number>();
  for (let i = 0; i < items.length; i++) {
    const dec = items[i].decision;
    if (followLead(dec) === '') continue;
    if (dec.problems.some((p) => p.code === 'ID_LOOKALIKE_OWNER')) continue;
    const best = dec.candidates[0];
    const second = dec.candidates[1];
    if (second !== undefined && best.totalWeight - second.totalWeight < cfg.followMinLeadBits) continue;
    const level = (field: string): string => best.comparisons.find((c) => c.field === field)?.level ?? '';
    const id = level('id');
    const name = LEVELS.name.indexOf(level('name') as never);
    if (!ID_POINTS.has(id) && !(id === ID_NONE && (isStrongName(name) || FUZZY_NAMES.has(name)))) continue;
    // A twin a mark apart on the sibling's ID (Lân on Lan's): another gender, or the marks as written are not theirs.
    const d = items[i].dose.name;
    if (level('gender') === GENDER_ELSE || (name === NAME.ascii && d.canonical !== d.ascii)) continue;
    if (!ID_POINTS.has(id) && !isStrongName(name)) approximate.add(i);
    wanted.set(i, best.citizenId);
  }
  if (wanted.size === 0) return wanted;
  const byCitizen = new Map<string, number[]>();
  for (const c of wanted.values()) byCitizen.set(c, []);
  for (let j = 0; j < items.length; j++) {
    // Only a copy plainly linked: on the citizen's own ID, or without any ID on its details. A copy whose ID the linker
    // corrected (a namesake's, a twin's) may be a stranger's (independent s1: following one inherited a wrong link), and
    // one verified with a discrepancy may carry a namesake's ID (independent s1: one more wrong link).
    if (isPlainLink(items[j])) byCitizen.get(items[j].decision.citizenId)?.push(j);
  }
  const out = new Map<number, string>();
  for (const [i, c] of wanted) {
    const a = items[i].dose;
    const da = isoToDay(a.doseDate);
    // Without an ID, a name that agrees only approximately (a slip: "Ngyễn Văn An") follows a copy whose given name it
    // writes as that copy does (a letter typed twice forgiven; other marks, or none where the copy has some, not: Lân is
    // not Lan), so that a twin missing from the registry, vaccinated with their sibling, never follows the sibling's copy.
    const alike = !approximate.has(i);
    const copy = byCitizen.get(c)?.some((j) => {
      const b = items[j].dose;
      if (!alike && !(sameGivenName(a.name, b.name) && !givenMarksDiffer(a.name, b.name) && !givenMarksDiffer(b.name, a.name)))
        return false;
      const db = isoToDay(b.doseDate);
      const gap = da === NO_DAY || db === NO_DAY ? -1 : Math.abs(da - db);
      // A lot or dose-number conflict vetoes the ladder; such a pair is weighed, as the dose clusters weigh it.
      const v = compareDosePair(a, b, gap, cfg);
      return v.rule !== null || (v.conflict && weighDosePair(a, b, gap, NO_CONTEXT, cfg).verdict === 'duplicate');
    });
    if (copy) out.set(i, c);
  }
  return out;
}

interface Clustering {
  /** Item index -> position in the unlinked list, -1 for linked items. */
  localOf: Int32Array;
  /** Position in the unlinked list -> cluster number. */
  clusterOfLocal: Int32Array;
  /** Cluster number -> item indices, ascending; clusters ordered by their first item. */
  clusters: number[][];
  chainRefusals: number;
  pairsCompared: number;
}

function clusterUnlinked(
  items: readonly DedupeItem[],
  unlinked: readonly number[],
  samePerson: SamePersonProbability,
  cfg: DedupeConfig,
): Clustering {
  const u = unlinked.length;
  const localOf = new Int32Array(items.length).fill(-1);
  for (let k = 0; k < u; k++) localOf[unlinked[k]] = k;
  const doses = unlinked.map((i) => items[i].dose);

  let pairsCompared = 0;
  const compare = (lo: number, hi: number): number => {
    pairsCompared++;
    // Identical rows are the same person whatever the comparison says (a re-uploaded batch).
    const p = rawEqual(doses[lo], doses[hi]) ? 1 : samePerson(doses[lo], doses[hi]);
    return p >= 0 ? p : 0;
  };

  // Candidate pairs from blocking. Rules are OR-ed; a pair already compared in full by an earlier rule (same key,
  // block not oversized) is skipped rather than remembered, so no per-pair memory is spent at 1M records.
  const rules = blockingRules(doses);
  const fullyPaired = rules.map(() => new Uint8Array(u));
  const comparedBefore = (r: number, a: number, b: number): boolean => {
    for (let q = 0; q < r; q++) {
      const rule = rules[q];
      if (fullyPaired[q][a] && rule.has[a] && rule.has[b] && rule.hash[a] === rule.hash[b] && rule.same(a, b)) return true;
    }
    return false;
  };
  const edgeA: number[] = [];
  const edgeB: number[] = [];
  const edgeP: number[] = [];
  for (let r = 0; r < rules.length; r++) {
    forEachBlock(doses, rules[r], cfg.maxBlockSize, fullyPaired[r], (a, b) => {
      const lo = a < b ? a : b;
      const hi = a < b ? b : a;
      if (comparedBefore(r, lo, hi)) return;
      const p = compare(lo, hi);
      if (p >= cfg.samePersonThreshold) {
        edgeA.push(lo);
        edgeB.push(hi);
        edgeP.push(p);
      }
    });
  }
  // Complete linkage, strongest pair first: a merge happens only if every pair across the two groups reaches
  // samePersonFloor, so a third record can never chain two different people together.
  const order = Array.from(edgeP.keys()).sort((x, y) => edgeP[y] - edgeP[x] || edgeA[x] - edgeA[y] || edgeB[x] - edgeB[y]);
  const clusterOf = new Int32Array(u);
  for (let k = 0; k < u; k++) clusterOf[k] = k;
  // Members of clusters with more than one record; a singleton k is implicitly [k].
  const members = new Map<number, number[]>();
  const membersOf = (c: number): number[] => members.get(c) ?? [c];
  let chainRefusals = 0;
  for (const e of order) {
    const ca = clusterOf[edgeA[e]];
    const cb = clusterOf[edgeB[e]];
    if (ca === cb) continue;
    const ma = membersOf(ca);
    const mb = membersOf(cb);
    let ok = ma.length + mb.length <= cfg.maxUnlinkedGroupSize;
    // Cross pairs are re-compared rather than remembered: groups are a handful of records, and a table of every
    // compared pair would cost more memory than the comparisons cost time.
    for (let x = 0; ok && x < ma.length; x++) {
      for (let y = 0; y < mb.length; y++) {
        const a = ma[x];
        const b = mb[y];
        const isEdge = (a === edgeA[e] && b === edgeB[e]) || (a === edgeB[e] && b === edgeA[e]);
        const p = isEdge ? edgeP[e] : a < b ? compare(a, b) : compare(b, a);
        if (p < cfg.samePersonFloor) {
          ok = false;
          break;
        }
      }
    }
    if (!ok) {
      chainRefusals++;
      continue;
    }
    const [big, small, mBig, mSmall] = ma.length >= mb.length ? [ca, cb, ma, mb] : [cb, ca, mb, ma];
    const merged = mBig.concat(mSmall);
    for (const k of mSmall) clusterOf[k] = big;
    members.set(big, merged);
    members.delete(small);
  }

  // Renumber clusters by their first member.
  const clusterOfLocal = new Int32Array(u);
  const clusters: number[][] = [];
  const renumber = new Int32Array(u).fill(-1);
  for (let k = 0; k < u; k++) {
    const c = clusterOf[k];
    if (renumber[c] < 0) {
      renumber[c] = clusters.length;
      clusters.push(
        membersOf(c)
          .map((m) => unlinked[m])
          .sort((x, y) => x - y),
      );
    }
    clusterOfLocal[k] = renumber[c];
  }
  return { localOf, clusterOfLocal, clusters, chainRefusals, pairsCompared };
}

/** A blocking rule over the unlinked records: a 32-bit hash per record (has = 0 when the record has no key) and
 *  the exact key equality that resolves hash collisions. */
interface BlockKeys {
  hash: Uint32Array;
  has: Uint8Array;
  same: (a: number, b: number) => boolean;
}

/** Blocking rules for unlinked records. Family name + birth year alone discriminates little (DOMAIN.md 2), so the
 *  whole folded name is used, plus given name + full birth date (survives a mistyped family or middle name), the
 *  ID value, and the whole row (a re-upload is always compared). */
function blockingRules(doses: readonly NormalizedDose[]): BlockKeys[] {
  const byString = (keyOf: (d: NormalizedDose) => string): BlockKeys => {
    const keys = doses.map(keyOf);
    const hash = new Uint32Array(doses.length);
    const has = new Uint8Array(doses.length);
    for (let k = 0; k < doses.length; k++) {
      if (keys[k] === '') continue;
      has[k] = 1;
      hash[k] = fnv32(keys[k]);
    }
    return { hash, has, same: (a, b) => keys[a] === keys[b] };
  };
  const row: BlockKeys = {
    hash: new Uint32Array(doses.length),
    has: new Uint8Array(doses.length).fill(1),
    same: (a, b) => rawEqual(doses[a], doses[b]),
  };
  for (let k = 0; k < doses.length; k++) row.hash[k] = rowHash(doses[k]);
  return [...UNLINKED_KEY_RULES.map((rule) => byString(rule)), row];
}

/** The key rules of unlinked records but the whole-row one (rows equal in every cell share a record_id, so only a
 *  record's own versions could meet through it). '' = no key. */
const UNLINKED_KEY_RULES: readonly ((d: NormalizedDose) => string)[] = [
  (d) => (d.name.ascii === '' ? '' : `${d.name.ascii}|${d.birth?.year ?? ''}`),
  (d) => (d.name.given !== '' && d.birth?.precision === 'day' ? `${d.name.given}|${d.birth.iso}` : ''),
  (d) => d.id.value,
];

/**
 * 53-bit hashes of a record's blocking keys (rule number included): two unlinked records can only be compared if
 * they share one, so the records reachable through them from a set of records (the work store's closure) are
 * everything grouping can connect to it.
 */
export function unlinkedKeyHashes(d: NormalizedDose): number[] {
  const out: number[] = [];
  UNLINKED_KEY_RULES.forEach((rule, r) => {
    const k = rule(d);
    if (k !== '') out.push(hash53Number(k, r + 1));
  });
  return out;
}

/** FNV-1a over every raw cell, without building the joined string. */
function rowHash(d: NormalizedDose): number {
  let h = FNV_OFFSET;
  for (const f of DOSE_FIELDS) h = fnvMixCode(fnvMix(h, d.raw[f]), 1);
  for (const e of d.extra) h = fnvMixCode(fnvMix(h, e), 1);
  return h >>> 0;
}

/** Record numbers sorted by (hash, number): a numeric sort of packed doubles when they fit in 53 bits. */
function sortByHash(rule: BlockKeys): number[] {
  const n = rule.hash.length;
  const out: number[] = [];
  if (n < 2 ** 21) {
    const packed: number[] = [];
    for (let k = 0; k < n; k++) if (rule.has[k]) packed.push(rule.hash[k] * 2 ** 21 + k);
    const sorted = Float64Array.from(packed).sort();
    for (const v of sorted) out.push(v % 2 ** 21);
    return out;
  }
  for (let k = 0; k < n; k++) if (rule.has[k]) out.push(k);
  return out.sort((a, b) => rule.hash[a] - rule.hash[b] || a - b);
}

/** Calls onPair for every pair sharing a key and marks the records of blocks paired in full. Blocks over maxBlock
 *  fall back to a sorted neighbourhood so the cost stays O(n * maxBlock). Blocks are found by sorting 32-bit
 *  hashes, not by a Map of strings. */
function forEachBlock(
  doses: readonly NormalizedDose[],
  rule: BlockKeys,
  maxBlock: number,
  fullyPaired: Uint8Array,
  onPair: (a: number, b: number) => void,
): void {
  const sorted = sortByHash(rule);
  let start = 0;
  while (start < sorted.length) {
    let end = start + 1;
    while (end < sorted.length && rule.hash[sorted[end]] === rule.hash[sorted[start]]) end++;
    if (end - start > 1) {
      let oneKey = true;
      for (let x = start + 1; oneKey && x < end; x++) oneKey = rule.same(sorted[start], sorted[x]);
      if (oneKey) pairBlock(doses, sorted.slice(start, end), maxBlock, fullyPaired, onPair);
      else {
        // A hash collision: split the run into blocks of truly equal keys.
        const blocks: number[][] = [];
        for (let x = start; x < end; x++) {
          const k = sorted[x];
          const block = blocks.find((b) => rule.same(b[0], k));
          if (block) block.push(k);
          else blocks.push([k]);
        }
        for (const block of blocks) pairBlock(doses, block, maxBlock, fullyPaired, onPair);
      }
    }
    start = end;
  }
}

function pairBlock(
  doses: readonly NormalizedDose[],
  block: number[],
  maxBlock: number,
  fullyPaired: Uint8Array,
  onPair: (a: number, b: number) => void,
): void {
  if (block.length <= maxBlock) {
    for (const k of block) fullyPaired[k] = 1;
    for (let x = 0; x < block.length; x++) for (let y = x + 1; y < block.length; y++) onPair(block[x], block[y]);
    return;
  }
  // Bring likely matches next to each other: same folded name and birth date, then the same row.
  const sortKey = block.map(
    (k) => `${doses[k].name.ascii}|${doses[k].birth?.iso ?? ''}|${rowHash(doses[k]).toString(16).padStart(8, '0')}`,
  );
  const pos = block.map((_, i) => i).sort((x, y) => (sortKey[x] < sortKey[y] ? -1 : sortKey[x] > sortKey[y] ? 1 : block[x] - block[y]));
  const sorted = pos.map((i) => block[i]);
  for (let x = 0; x < sorted.length; x++) {
    const last = Math.min(sorted.length, x + maxBlock);
    for (let y = x + 1; y < last; y++) onPair(sorted[x], sorted[y]);
  }
}

/** 'P-' + a hash of the identity of the group's earliest-ingested record (smallest seq, then identity): a group
 *  keeps its key when records join it, and when two groups merge or one splits, the part holding the earliest
 *  record keeps the key, so the key depends on the group's members, never on the order the run processed them.
 *  The rare hash collision gets a numeric suffix, assigned in the order of the identities themselves. */
function keyClusters(items: readonly DedupeItem[], clusters: readonly number[][]): string[] {
  const minId = clusters.map((c) => {
    let best = items[c[0]].dose;
    for (let k = 1; k < c.length; k++) {
      const d = items[c[k]].dose;
      if (d.seq < best.seq || (d.seq === best.seq && recordIdentity(d) < recordIdentity(best))) best = d;
    }
    return recordIdentity(best);
  });
  const hashes = Float64Array.from(minId, (id) => hash53Number(id));
  const keys = Array.from(hashes, (h) => `P-${hex53(h)}`);
  // Collisions are found by sorting the numeric hashes: no Map of every key is needed at 1M groups.
  const sortedHashes = hashes.slice().sort();
  const collided = new Set<number>();
  for (let x = 1; x < sortedHashes.length; x++) if (sortedHashes[x] === sortedHashes[x - 1]) collided.add(sortedHashes[x]);
  if (collided.size === 0) return keys;
  const used = new Set(keys);
  const byHash = new Map<number, number[]>();
  for (let c = 0; c < hashes.length; c++) {
    if (!collided.has(hashes[c])) continue;
    const list = byHash.get(hashes[c]);
    if (list) list.push(c);
    else byHash.set(hashes[c], [c]);
  }
  for (const h of [...collided].sort((a, b) => a - b)) {
    const list = byHash.get(h) as number[];
    list.sort((x, y) => (minId[x] < minId[y] ? -1 : minId[x] > minId[y] ? 1 : clusters[x][0] - clusters[y][0]));
    for (let r = 1; r < list.length; r++) {
      const base = keys[list[0]];
      let key = base;
      for (let s = 2; used.has(key); s++) key = `${base}-${s}`;
      used.add(key);
      keys[list[r]] = key;
    }
  }
  return keys;
}
