// Dose level within one person: candidate pairs by date, then complete-linkage clusters of duplicate doses.

import type { DedupeConfig } from '../config/dedupe.js';
import type { NormalizedDose } from '../types.js';
import { compareDosePair, RULE_RANK, type DuplicateRule } from './dose-rules.js';
import { NO_DAY } from './values.js';

/** The rule of a pair an analyst decided is one dose (review decision duplicate_of): stronger than any evidence. */
export const ANALYST_DUPLICATE = 'ANALYST_DUPLICATE';
export type ClusterRule = DuplicateRule | typeof ANALYST_DUPLICATE;

/** Analysts' verdicts on pairs of doses, by record IDs: 'same' folds them whatever the dates, 'apart' never. */
export interface AnalystPairs {
  verdicts: ReadonlyMap<string, 'same' | 'apart'>;
  /** Every record named in a verdict (most persons have none, and skip the lookups). */
  records: ReadonlySet<string>;
  /** Records an analyst named as the dose to keep: they survive their cluster. */
  kept: ReadonlySet<string>;
}

/** The key of an unordered pair of record IDs. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u001f${b}` : `${b}\u001f${a}`;
}

export interface DoseClusters {
  /** Clusters of two or more positions (into the person's date-sorted doses); other positions stand alone. */
  clusters: number[][];
  /** The duplicate rule of every duplicate pair, keyed lo * count + hi (positions). */
  rules: Map<number, ClusterRule>;
  /** Candidate merges refused because some pair across the two clusters is not a duplicate. */
  refusals: number;
}

/**
 * doses: one person's doses sorted by (date, seq); day: their day numbers (NO_DAY when unreadable).
 * Returns null when no two doses are duplicates (the common case).
 */
export function clusterDoses(
  doses: readonly NormalizedDose[], day: ArrayLike<number>, widestWindow: number, cfg: DedupeConfig, pairs?: AnalystPairs,
): DoseClusters | null {
  const k = doses.length;
  let rules: Map<number, ClusterRule> | null = null;
  const edges: { a: number; b: number; rank: number; gap: number }[] = [];
  const decided = pairs !== undefined && pairs.records.size > 0 && doses.some((d) => pairs.records.has(d.recordId)) ? pairs : null;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const diff = day[b] - day[a];
      const verdict = decided?.verdicts.get(pairKey(doses[a].recordId, doses[b].recordId));
      // Sorted by date, so nothing further can be within any window (an exact re-upload has the same date); an
      // analyst's pair may lie anywhere.
      if (diff >= widestWindow && decided === null) break;
      if (verdict === 'apart') continue;
      const gap = day[a] === NO_DAY || day[b] === NO_DAY ? -1 : diff;
      let rule: ClusterRule | null;
      if (verdict === 'same') rule = ANALYST_DUPLICATE;
      else if (diff >= widestWindow) continue;
      else rule = compareDosePair(doses[a], doses[b], gap, cfg).rule;
      if (rule === null) continue;
      (rules ??= new Map()).set(a * k + b, rule);
      edges.push({ a, b, rank: rule === ANALYST_DUPLICATE ? -1 : RULE_RANK[rule], gap: Math.max(gap, 0) });
    }
  }
  if (rules === null) return null;
  const dup = rules;

  // Complete linkage, strongest evidence first: a cluster is a set of records that are pairwise duplicates, so
  // lot X, no lot, lot Y never collapse into one dose through the record without a lot.
  edges.sort((x, y) => x.rank - y.rank || x.gap - y.gap || x.a - y.a || x.b - y.b);
  const clusterOf = new Int32Array(k);
  const members: number[][] = new Array(k);
  for (let x = 0; x < k; x++) {
    clusterOf[x] = x;
    members[x] = [x];
  }
  let refusals = 0;
  for (const edge of edges) {
    const ca = clusterOf[edge.a];
    const cb = clusterOf[edge.b];
    if (ca === cb) continue;
    const all = members[ca].every((x) => members[cb].every((y) => dup.has(x < y ? x * k + y : y * k + x)));
    if (!all) {
      refusals++;
      continue;
    }
    const [big, small] = members[ca].length >= members[cb].length ? [ca, cb] : [cb, ca];
    for (const x of members[small]) {
      clusterOf[x] = big;
      members[big].push(x);
    }
    members[small] = [];
  }
  return { clusters: members.filter((m) => m.length > 1).map((m) => m.sort((x, y) => x - y)), rules: dup, refusals };
}

/** The rule of a pair of positions known to be duplicates. */
export function ruleOf(found: DoseClusters, count: number, x: number, y: number): ClusterRule {
  const rule = found.rules.get(x < y ? x * count + y : y * count + x);
  if (rule === undefined) throw new Error(`dedupe: positions ${x} and ${y} share a cluster but are not duplicates`);
  return rule;
}
