// Pure accuracy metrics: link precision/recall/F1, pairwise dedupe precision/recall, dose counts, by tag and kind.
// Inputs are plain tables (truth.csv and the reconcile outputs, already parsed); no I/O here.

import { LINKED_STATUSES as LINKED } from '../types.js';

/** A row of truth.csv. */
export interface TruthRow {
  file: string;
  line: number;
  recordId: string;
  /** True registry ID, '' when the person is not in the registry. */
  citizenId: string;
  personId: string;
  eventId: string;
  kind: string;
  tags: string[];
}

export interface CleanRow {
  recordId: string;
  citizenId: string;
  linkStatus: string;
  /** record_ids folded into this dose (may or may not repeat recordId). */
  mergedRecordIds: string[];
}

export interface DuplicateRow {
  recordId: string;
  keptRecordId: string;
}

export interface RejectRow {
  /** Base name of the source file. */
  file: string;
  line: number;
}

/** One input row with what the system under test decided about it. */
export interface Node {
  truth: TruthRow;
  /** Linked registry ID, or null when the row is not linked. */
  predicted: string | null;
  /** The output dose it was folded into, or null when the row never reached an output dose (rejected). */
  cluster: number | null;
}

/** Link statuses that count as linked (issue 4); typed for the plain strings read back from clean_doses.csv. */
export const LINKED_STATUSES: ReadonlySet<string> = LINKED;

export interface LinkMetrics {
  /** Rows whose truth citizen_id is non-empty (the recall denominator). */
  truthLinkable: number;
  predictedLinks: number;
  correct: number;
  wrong: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface DedupeMetrics {
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  /** Pairs of records with different event_id folded together: real doses merged. Must be 0. */
  realDosesMerged: number;
  precision: number | null;
  recall: number | null;
}

export interface GroupMetrics {
  rows: number;
  rejected: number;
  link: LinkMetrics;
  dedupe: DedupeMetrics;
}

/** Damage tags whose duplicate pairs the tool sends to review by design instead of folding them (issue 14 §1: a
 *  second entry carrying another real lot cannot be told from a second dose with a mistyped date). They stay in
 *  every figure; only the dedupe-recall check (and dedupeDecidable) leaves out the pairs that involve them. */
export const REVIEW_BY_DESIGN_TAGS: readonly string[] = ['dose_conflict_other_lot'];

export interface Metrics extends GroupMetrics {
  /** Dedupe recall over the pairs that involve no REVIEW_BY_DESIGN_TAGS record. */
  dedupeDecidable: { truePairs: number; correctPairs: number; recall: number | null };
  doses: { out: number; eventsIn: number; error: number; relativeError: number | null };
  byTag: Record<string, GroupMetrics>;
  byKind: Record<string, GroupMetrics>;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
const pairs = (n: number): number => (n * (n - 1)) / 2;

/** Build the nodes from reconcile's outputs: clusters from clean_doses (+ duplicates.csv), links inherited by folded rows. */
export function nodesFromOutputs(truth: TruthRow[], clean: CleanRow[], duplicates: DuplicateRow[], rejects: RejectRow[]): Node[] {
  const clusterOf = new Map<string, number>();
  clean.forEach((c, i) => {
    clusterOf.set(c.recordId, i);
    for (const m of c.mergedRecordIds) if (m && !clusterOf.has(m)) clusterOf.set(m, i);
  });
  // duplicates.csv names the kept record; follow chains (a duplicate of a duplicate).
  const keptOf = new Map(duplicates.map((d) => [d.recordId, d.keptRecordId]));
  const resolve = (id: string): number | undefined => {
    let cur = id;
    for (let k = 0; k < 20; k++) {
      const c = clusterOf.get(cur);
      if (c !== undefined) return c;
      const next = keptOf.get(cur);
      if (next === undefined || next === cur) return undefined;
      cur = next;
    }
    return undefined;
  };
  const rejected = new Set(rejects.map((r) => `${r.file}:${r.line}`));
  return truth.map((t) => {
    // An identical re-upload shares its record_id, so it is identified with the original row even if rejected.
    const isRejected = rejected.has(`${t.file}:${t.line}`) && t.kind !== 'reupload';
    const c = isRejected ? undefined : resolve(t.recordId);
    if (c === undefined) return { truth: t, predicted: null, cluster: null };
    const row = clean[c];
    const linked = LINKED_STATUSES.has(row.linkStatus) && row.citizenId !== '';
    return { truth: t, predicted: linked ? row.citizenId : null, cluster: c };
  });
}

/** The naive baseline: exact citizen_id string join, no repair, no fuzzy match, no dedupe (each row its own dose). */
export function nodesForBaseline(truth: TruthRow[], rawCitizenIds: string[], registryIds: Set<string>): Node[] {
  return truth.map((t, i) => {
    const id = rawCitizenIds[i] ?? '';
    return { truth: t, predicted: registryIds.has(id) ? id : null, cluster: i };
  });
}

function linkMetrics(nodes: Node[]): LinkMetrics {
  let truthLinkable = 0;
  let predictedLinks = 0;
  let correct = 0;
  for (const n of nodes) {
    if (n.truth.citizenId) truthLinkable++;
    if (n.predicted !== null) {
      predictedLinks++;
      if (n.predicted === n.truth.citizenId) correct++;
    }
  }
  const precision = ratio(correct, predictedLinks);
  const recall = ratio(correct, truthLinkable);
  const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : null;
  return { truthLinkable, predictedLinks, correct, wrong: predictedLinks - correct, precision, recall, f1 };
}

/** Sum over groups of the pairs that involve at least one selected node: C(n,2) - C(n - k, 2). */
function pairsInvolving(groups: Map<string, Node[]>, selected: (n: Node) => boolean): number {
  let total = 0;
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const k = g.filter(selected).length;
    if (k) total += pairs(g.length) - pairs(g.length - k);
  }
  return total;
}

interface Groups {
  byEvent: Map<string, Node[]>;
  byCluster: Map<string, Node[]>;
  byBoth: Map<string, Node[]>;
}

function groupsOf(nodes: Node[]): Groups {
  const add = (m: Map<string, Node[]>, k: string, n: Node): void => {
    const g = m.get(k);
    if (g) g.push(n);
    else m.set(k, [n]);
  };
  const g: Groups = { byEvent: new Map(), byCluster: new Map(), byBoth: new Map() };
  for (const n of nodes) {
    add(g.byEvent, n.truth.eventId, n);
    if (n.cluster !== null) {
      add(g.byCluster, String(n.cluster), n);
      add(g.byBoth, `${n.cluster}\u0000${n.truth.eventId}`, n);
    }
  }
  return g;
}

function dedupeMetrics(g: Groups, selected: (n: Node) => boolean): DedupeMetrics {
  const truePairs = pairsInvolving(g.byEvent, selected);
  const predictedPairs = pairsInvolving(g.byCluster, selected);
  const correctPairs = pairsInvolving(g.byBoth, selected);
  return {
    truePairs,
    predictedPairs,
    correctPairs,
    realDosesMerged: predictedPairs - correctPairs,
    precision: ratio(correctPairs, predictedPairs),
    recall: ratio(correctPairs, truePairs),
  };
}

function groupMetrics(all: Node[], g: Groups, selected: (n: Node) => boolean): GroupMetrics {
  const nodes = all.filter(selected);
  return {
    rows: nodes.length,
    rejected: nodes.filter((n) => n.cluster === null).length,
    link: linkMetrics(nodes),
    dedupe: dedupeMetrics(g, selected),
  };
}

export function computeMetrics(nodes: Node[]): Metrics {
  const g = groupsOf(nodes);
  const overall = groupMetrics(nodes, g, () => true);
  const tags = [...new Set(nodes.flatMap((n) => n.truth.tags))].sort();
  const kinds = [...new Set(nodes.map((n) => n.truth.kind))].sort();
  const byTag: Record<string, GroupMetrics> = {};
  for (const t of tags) byTag[t] = groupMetrics(nodes, g, (n) => n.truth.tags.includes(t));
  byTag['(none)'] = groupMetrics(nodes, g, (n) => n.truth.tags.length === 0);
  const byKind: Record<string, GroupMetrics> = {};
  for (const k of kinds) byKind[k] = groupMetrics(nodes, g, (n) => n.truth.kind === k);
  const out = g.byCluster.size;
  const eventsIn = g.byEvent.size;
  const review = dedupeMetrics(g, (n) => n.truth.tags.some((t) => REVIEW_BY_DESIGN_TAGS.includes(t)));
  const decidableTrue = overall.dedupe.truePairs - review.truePairs;
  const decidableCorrect = overall.dedupe.correctPairs - review.correctPairs;
  return {
    ...overall,
    dedupeDecidable: { truePairs: decidableTrue, correctPairs: decidableCorrect, recall: ratio(decidableCorrect, decidableTrue) },
    doses: { out, eventsIn, error: out - eventsIn, relativeError: ratio(out - eventsIn, eventsIn) },
    byTag,
    byKind,
  };
}

export interface CheckThresholds {
  linkPrecision: number;
  linkRecall: number;
  dedupePrecision: number;
  dedupeRecall: number;
}

/** Acceptance thresholds of issue 4 (`--check`). */
export const CHECK_THRESHOLDS: CheckThresholds = { linkPrecision: 0.998, linkRecall: 0.97, dedupePrecision: 0.998, dedupeRecall: 0.97 };

/** Failed checks, as sentences; empty when all pass. No links at all fails precision; a recall with no denominator (nothing to find) passes. */
export function checkMetrics(m: Metrics, t: CheckThresholds = CHECK_THRESHOLDS): string[] {
  const fails: string[] = [];
  const fmt = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(4));
  if ((m.link.precision ?? 0) < t.linkPrecision) fails.push(`link precision ${fmt(m.link.precision)} < ${t.linkPrecision}`);
  if (m.link.recall !== null && m.link.recall < t.linkRecall) fails.push(`link recall ${fmt(m.link.recall)} < ${t.linkRecall}`);
  if ((m.dedupe.precision ?? 1) < t.dedupePrecision) fails.push(`dedupe precision ${fmt(m.dedupe.precision)} < ${t.dedupePrecision}`);
  const recall = m.dedupeDecidable.recall;
  if (recall !== null && recall < t.dedupeRecall) {
    fails.push(`dedupe recall (review-by-design pairs left out) ${fmt(recall)} < ${t.dedupeRecall}`);
  }
  if (m.dedupe.realDosesMerged > 0) fails.push(`${m.dedupe.realDosesMerged} pairs of real doses merged (must be 0)`);
  return fails;
}

/** Nodes for a linker that only links (the DuckDB peer): each row linked to its record_id's citizen_id, if any; no dedupe. */
export function nodesFromLinks(truth: TruthRow[], linkOf: ReadonlyMap<string, string>): Node[] {
  return truth.map((t, i) => ({ truth: t, predicted: linkOf.get(t.recordId) ?? null, cluster: i }));
}
