// Weighs a pair of one person's doses that disagree on lot or dose number: duplicate, possible duplicate or distinct.

import type { DedupeConfig } from '../config/dedupe.js';
import type { NormalizedDose } from '../types.js';
import { canonicalLot } from './values.js';
import { isOneEditOrTransposition } from '../link/similarity.js';

export type ConflictVerdict = 'duplicate' | 'possible' | 'distinct';

/** One line of the waterfall: the evidence, the level it reached and its weight in bits. */
export interface EvidenceTerm {
  evidence: 'interval' | 'gap' | 'lot' | 'dose_number' | 'history' | 'product' | 'facility';
  level: string;
  weight: number;
}

export interface WeighedPair {
  verdict: ConflictVerdict;
  score: number;
  terms: EvidenceTerm[];
}

export type LotLevel = 'same' | 'oneEdit' | 'twoSlips' | 'missing' | 'copiedLine' | 'different';
export type HistoryLevel = 'foldFits' | 'foldBreaks' | 'neutral';

/** What the person's other doses say about the pair; computed by the caller (dose-clusters.ts), which sees them. */
export interface PairContext {
  /** The person's other doses (outside the pair's clusters, a window away) as lines of the card: lineKey(). */
  otherLines: ReadonlySet<string>;
  history: HistoryLevel;
}

export const NO_CONTEXT: PairContext = { otherLines: new Set(), history: 'neutral' };

/** A line of the vaccination card: family, canonical lot and dose number; '' when the lot or number is unknown. */
export function lineKey(d: NormalizedDose): string {
  const lot = canonicalLot(d.lot);
  return lot === '' || d.doseNumber === null ? '' : `${d.vaccine.family}|${lot}|${d.doseNumber}`;
}

/** True when a and b are one substitution, insertion, deletion or adjacent swap apart (and not equal): the ID typo test. */
export const oneEditApart = isOneEditOrTransposition;

/**
 * Two lots of one length that differ in exactly two places ("FJ3214" / "ZJ3014"): what each of two facilities keying
 * the same lot with its own slip leaves (issue 14: a first entry's slip and the second entry's). Never for lots shorter
 * than lotTwoSlipsMinLength, where two characters are most of the lot.
 */
export function twoSlipsApart(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let differ = 0;
  for (let i = 0; i < a.length && differ <= 2; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) differ++;
  return differ === 2;
}

/** The lot level of a pair. A record whose differing lot and dose number are both those of another dose of the same
 *  person and family copied the wrong line of the card. */
export function compareLots(a: NormalizedDose, b: NormalizedDose, ctx: PairContext, cfg: DedupeConfig): LotLevel {
  const la = canonicalLot(a.lot);
  const lb = canonicalLot(b.lot);
  if (la === '' || lb === '') return 'missing';
  if (la === lb) return 'same';
  const copied = (d: NormalizedDose): boolean => {
    const key = lineKey(d);
    return key !== '' && ctx.otherLines.has(key);
  };
  if (copied(a) || copied(b)) return 'copiedLine';
  if (Math.min(la.length, lb.length) >= cfg.conflictWeights.lotEditMinLength && oneEditApart(la, lb)) return 'oneEdit';
  if (la.length >= cfg.conflictWeights.lotTwoSlipsMinLength && twoSlipsApart(la, lb)) return 'twoSlips';
  return 'different';
}

/**
 * Adds up the evidence for a pair of the same family within the duplicate window (gapDays >= 0, below the window,
 * so closer than the product's minimum interval) and splits the total by the two thresholds of the configuration.
 */
export function weighDosePair(a: NormalizedDose, b: NormalizedDose, gapDays: number, ctx: PairContext, cfg: DedupeConfig): WeighedPair {
  const w = cfg.conflictWeights;
  const terms: EvidenceTerm[] = [];
  terms.push({ evidence: 'interval', level: 'closer_than_minimum', weight: w.closerThanInterval });
  terms.push({ evidence: 'gap', level: `${gapDays}d`, weight: w.gapDays[Math.min(gapDays, w.gapDays.length - 1)] });
  const lot = compareLots(a, b, ctx, cfg);
  terms.push({ evidence: 'lot', level: lot, weight: w.lot[lot] });
  const dn = a.doseNumber === null || b.doseNumber === null ? 'missing' : a.doseNumber === b.doseNumber ? 'same' : 'differs';
  terms.push({ evidence: 'dose_number', level: dn, weight: w.doseNumber[dn] });
  // The history evidence is about the dose numbers: it only counts when they disagree (bestScoreWithDifferentLots relies on it).
  if (dn === 'differs' && ctx.history !== 'neutral') {
    terms.push({ evidence: 'history', level: ctx.history, weight: w.history[ctx.history] });
  }
  const sameProduct = a.vaccine.product === b.vaccine.product;
  terms.push({ evidence: 'product', level: sameProduct ? 'same' : 'same_family', weight: sameProduct ? w.sameProduct : 0 });
  const sameFacility = a.facility === b.facility;
  terms.push({ evidence: 'facility', level: sameFacility ? 'same' : 'different', weight: sameFacility ? 0 : w.differentFacility });
  const score = terms.reduce((s, t) => s + t.weight, 0);
  const verdict: ConflictVerdict =
    score >= cfg.conflictDuplicateAt ? 'duplicate' : score >= cfg.conflictPossibleAt ? 'possible' : 'distinct';
  return { verdict, score, terms };
}

/** The waterfall as one cell: `score=3.5 (interval closer_than_minimum +2, gap 1d +1, ...); duplicate at 2.5, possible at -2`. */
export function describeWeighed(w: WeighedPair, cfg: DedupeConfig): string {
  const sign = (x: number): string => (x > 0 ? `+${x}` : String(x));
  return (
    `score=${w.score} (${w.terms.map((t) => `${t.evidence} ${t.level} ${sign(t.weight)}`).join(', ')}); ` +
    `duplicate at ${cfg.conflictDuplicateAt}, possible at ${cfg.conflictPossibleAt}`
  );
}

/** Highest total a pair with two different lots can reach: validate-config refuses weights that would fold one. */
export function bestScoreWithDifferentLots(cfg: DedupeConfig): number {
  const w = cfg.conflictWeights;
  // History evidence is only gathered when dose numbers differ (it is about the numbers).
  const numbers = Math.max(w.doseNumber.same, w.doseNumber.missing, w.doseNumber.differs + Math.max(0, w.history.foldFits));
  return (
    w.closerThanInterval +
    Math.max(...w.gapDays) +
    w.lot.different +
    numbers +
    Math.max(0, w.sameProduct) +
    Math.max(0, w.differentFacility)
  );
}
