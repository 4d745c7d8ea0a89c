// Dose level within one person: candidate pairs by date, then complete-linkage clusters of duplicate doses.

import type { DedupeConfig } from '../config/dedupe.js';
import type { NormalizedDose } from '../types.js';
import { lineKey, weighDosePair, type HistoryLevel, type PairContext, type WeighedPair } from './dose-evidence.js';
import { compareDosePair, RULE_RANK, windowDaysFor, type DuplicateRule } from './dose-rules.js';
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
  /** Every pair kept apart by a lot or dose-number conflict and then weighed, keyed lo * count + hi: the verdict
   *  (duplicate pairs are also in rules, as WEIGHED_EVIDENCE) and its evidence. */
  weighed: Map<number, WeighedPair>;
  /** Candidate merges refused because some pair across the two clusters is not a duplicate. */
  refusals: number;
  /** An analyst decided a pair of these doses: a cluster may then hold two records joined only through the decision. */
  analystJoined: boolean;
}

interface Edge {
  a: number;
  b: number;
  rank: number;
  gap: number;
  /** Weighed pairs only: the evidence total (higher merges first). */
  score: number;
}

/**
 * doses: one person's doses sorted by (date, seq); day: their day numbers (NO_DAY when unreadable).
 * Returns null when no two doses are duplicates and none was weighed (the common case).
 */
export function clusterDoses(
  doses: readonly NormalizedDose[],
  day: ArrayLike<number>,
  widestWindow: number,
  cfg: DedupeConfig,
  pairs?: AnalystPairs,
): DoseClusters | null {
  const k = doses.length;
  const rules = new Map<number, ClusterRule>();
  const edges: Edge[] = [];
  const conflicts: { a: number; b: number; gap: number }[] = [];
  const decided = pairs !== undefined && pairs.records.size > 0 && doses.some((d) => pairs.records.has(d.recordId)) ? pairs : null;
  // Analysts' pairs: 'apart' never shares a cluster; 'same' ties records into a group that the completeness check
  // below treats as one record (B and C each decided a duplicate of A need no rule between B and C).
  const apart = new Set<number>();
  const group = new Int32Array(k);
  for (let x = 0; x < k; x++) group[x] = x;
  const root = (x: number): number => {
    let r = x;
    while (group[r] !== r) r = group[r];
    return r;
  };
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const diff = day[b] - day[a];
      // Sorted by date, so nothing further can be within any window (an exact re-upload has the same date); an
      // analyst's pair may lie anywhere.
      if (diff >= widestWindow && decided === null) break;
      const gap = day[a] === NO_DAY || day[b] === NO_DAY ? -1 : diff;
      const analyst = decided?.verdicts.get(pairKey(doses[a].recordId, doses[b].recordId));
      if (analyst === 'apart') {
        apart.add(a * k + b);
        continue;
      }
      if (analyst === 'same') {
        group[root(b)] = root(a);
        rules.set(a * k + b, ANALYST_DUPLICATE);
        edges.push({ a, b, rank: -1, gap: Math.max(gap, 0), score: 0 });
        continue;
      }
      if (diff >= widestWindow) continue;
      const verdict = compareDosePair(doses[a], doses[b], gap, cfg);
      if (verdict.rule === null) {
        if (verdict.conflict) conflicts.push({ a, b, gap });
        continue;
      }
      rules.set(a * k + b, verdict.rule);
      edges.push({ a, b, rank: RULE_RANK[verdict.rule], gap: Math.max(gap, 0), score: 0 });
    }
  }
  if (rules.size === 0 && conflicts.length === 0) return null;

  // Complete linkage, strongest evidence first: a cluster is a set of records that are pairwise duplicates, so
  // lot X, no lot, lot Y never collapse into one dose through the record without a lot.
  const clusterOf = new Int32Array(k);
  const members: number[][] = new Array(k);
  for (let x = 0; x < k; x++) {
    clusterOf[x] = x;
    members[x] = [x];
  }
  let refusals = 0;
  const key = (x: number, y: number): number => (x < y ? x * k + y : y * k + x);
  const analystJoined = apart.size > 0 || edges.some((e) => e.rank < 0);
  const byGroup = (list: readonly number[]): number[][] => {
    const m = new Map<number, number[]>();
    for (const x of list) {
      const r = root(x);
      const g = m.get(r);
      if (g === undefined) m.set(r, [x]);
      else g.push(x);
    }
    return [...m.values()];
  };
  // Complete linkage: every record of one cluster is a duplicate of every record of the other (with analysts'
  // groups: every group of one has a duplicate pair with every group of the other, and no pair was decided apart).
  const joinable = (a: readonly number[], b: readonly number[]): boolean => {
    if (!analystJoined) return a.every((x) => b.every((y) => rules.has(key(x, y))));
    if (a.some((x) => b.some((y) => apart.has(key(x, y))))) return false;
    const gb = byGroup(b);
    return byGroup(a).every((xs) => gb.every((ys) => xs.some((x) => ys.some((y) => rules.has(key(x, y))))));
  };
  const link = (list: Edge[]): void => {
    for (const edge of list) {
      const ca = clusterOf[edge.a];
      const cb = clusterOf[edge.b];
      if (ca === cb) continue;
      if (!joinable(members[ca], members[cb])) {
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
  };
  edges.sort((x, y) => x.rank - y.rank || x.gap - y.gap || x.a - y.a || x.b - y.b);
  link(edges);

  // Conflicting pairs are weighed against the person's doses as the strict rules left them, then linked last.
  const weighed = new Map<number, WeighedPair>();
  const weighedEdges: Edge[] = [];
  for (const c of conflicts) {
    const ctx = pairContext(doses, day, clusterOf, members, c.a, c.b, cfg);
    const w = weighDosePair(doses[c.a], doses[c.b], c.gap, ctx, cfg);
    weighed.set(c.a * k + c.b, w);
    if (w.verdict !== 'duplicate') continue;
    rules.set(c.a * k + c.b, 'WEIGHED_EVIDENCE');
    weighedEdges.push({ a: c.a, b: c.b, rank: RULE_RANK.WEIGHED_EVIDENCE, gap: c.gap, score: w.score });
  }
  weighedEdges.sort((x, y) => y.score - x.score || x.gap - y.gap || x.a - y.a || x.b - y.b);
  link(weighedEdges);
  const clusters = members.filter((m) => m.length > 1).map((m) => m.sort((x, y) => x - y));
  return { clusters, rules, weighed, refusals, analystJoined };
}

/**
 * What the person's other doses say about the conflicting pair (a, b): their card lines (a differing lot and dose
 * number equal to one of them were copied from the wrong line), and whether folding the pair makes the recorded dose numbers fit
 * their order by date, or breaks a fit that keeping both has. Other doses are the strict clusters, not the records.
 */
export function pairContext(
  doses: readonly NormalizedDose[],
  day: ArrayLike<number>,
  clusterOf: Int32Array,
  members: readonly number[][],
  a: number,
  b: number,
  cfg: DedupeConfig,
): PairContext {
  const ca = clusterOf[a];
  const cb = clusterOf[b];
  const window = Math.min(windowDaysFor(doses[a], cfg), windowDaysFor(doses[b], cfg));
  const otherLines = new Set<string>();
  for (let x = 0; x < doses.length; x++) {
    if (clusterOf[x] === ca || clusterOf[x] === cb || day[x] === NO_DAY) continue;
    // Only a dose at least a window away is another real dose whose line could have been copied.
    if (Math.abs(day[x] - day[a]) < window || Math.abs(day[x] - day[b]) < window) continue;
    const line = lineKey(doses[x]);
    if (line !== '') otherLines.add(line);
  }
  const na = doses[a].doseNumber;
  const nb = doses[b].doseNumber;
  let history: HistoryLevel = 'neutral';
  if (na !== null && nb !== null && na !== nb) {
    // One unit per strict cluster: its first date and first recorded dose number; the pair's units carry the pair's numbers.
    const units: { day: number; n: number | null; c: number }[] = [];
    for (let c = 0; c < members.length; c++) {
      if (members[c].length === 0) continue;
      const sorted = [...members[c]].sort((x, y) => x - y);
      if (day[sorted[0]] === NO_DAY) continue;
      const n = c === ca ? na : c === cb ? nb : (sorted.map((x) => doses[x].doseNumber).find((v) => v !== null) ?? null);
      units.push({ day: day[sorted[0]], n, c });
    }
    units.sort((x, y) => x.day - y.day || x.c - y.c);
    const fits = (list: readonly (number | null)[]): boolean => list.every((n, i) => n === null || n === i + 1);
    const kept = fits(units.map((u) => u.n));
    const without = units.filter((u) => u.c !== cb);
    const folded = [na, nb].some((n) => fits(without.map((u) => (u.c === ca ? n : u.n))));
    history = folded && !kept ? 'foldFits' : kept && !folded ? 'foldBreaks' : 'neutral';
  }
  return { otherLines, history };
}

/** The rule of a pair of positions known to be duplicates. */
export function ruleOf(found: DoseClusters, count: number, x: number, y: number): ClusterRule {
  const rule = found.rules.get(x < y ? x * count + y : y * count + x);
  // Joined through an analyst's decision (B and C, each the same dose as A): the decision is the rule.
  if (rule === undefined && found.analystJoined) return ANALYST_DUPLICATE;
  if (rule === undefined) throw new Error(`dedupe: positions ${x} and ${y} share a cluster but are not duplicates`);
  return rule;
}

/** The weighed evidence of a pair of positions, when the pair was weighed. */
export function weighedOf(found: DoseClusters, count: number, x: number, y: number): WeighedPair | undefined {
  return found.weighed.get(x < y ? x * count + y : y * count + x);
}
