// The dose-level duplicate ladder: is this pair of one person's doses the same dose entered twice, and by which rule?

import type { DedupeConfig } from '../config/dedupe.js';
import type { NormalizedDose } from '../types.js';
import { canonicalLot, rawEqual } from './values.js';

/** Duplicate rules, strongest evidence first. The order is the merge order and never changes meaning. */
export const DUPLICATE_RULES = [
  'EXACT_REUPLOAD', // every cell equal: the same row uploaded twice
  'SAME_DAY_SAME_LOT', // NIST: same date and same lot are both strong evidence for
  'SAME_DAY_SAME_PRODUCT', // nobody receives two doses of one product on one day
  'SAME_DAY_SAME_FAMILY', // e.g. Vero Cell and Hayat-Vax (the same Sinopharm vaccine) on one day
  'NEAR_DATE_SAME_LOT', // a second facility re-entering the dose, lot copied, date a few days off
  'NEAR_DATE_NO_LOT', // the same, lot missing on one side, within noLotMaxGapDays
  'WEIGHED_EVIDENCE', // lots or dose numbers disagree, but the evidence together says one dose (dose-evidence.ts)
] as const;
export type DuplicateRule = (typeof DUPLICATE_RULES)[number];

export const RULE_RANK: Record<DuplicateRule, number> = Object.fromEntries(DUPLICATE_RULES.map((r, i) => [r, i])) as Record<
  DuplicateRule,
  number
>;

export interface PairVerdict {
  /** The duplicate rule that fits, or null when the two doses are kept apart. */
  rule: DuplicateRule | null;
  /** Why they were kept apart (empty when rule is set): evidence only, no personal data. */
  reason: string;
  /** True when only a lot or dose-number conflict kept them apart (same family, readable dates, inside the window):
   *  such a pair is then weighed on all the evidence (dose-evidence.ts). */
  conflict: boolean;
}

/** The duplicate window for one dose's product, in days (dates must differ by fewer days). Never reaches
 *  maxWindowFractionOfInterval of the product's real minimum interval. */
export function windowDaysFor(d: NormalizedDose, cfg: DedupeConfig): number {
  const table = cfg.windowDaysByProduct;
  let w = table[d.vaccine.product] ?? table[d.vaccine.family] ?? cfg.defaultWindowDays;
  const interval = d.vaccine.minIntervalDays;
  if (interval > 0) w = Math.min(w, Math.floor(interval * cfg.maxWindowFractionOfInterval));
  return Math.max(w, 0);
}

/** Widest window any product can have: pairs further apart than this need no evaluation except exact re-uploads. */
export function widestWindowDays(cfg: DedupeConfig): number {
  let w = cfg.defaultWindowDays;
  for (const v of Object.values(cfg.windowDaysByProduct)) w = Math.max(w, v);
  return w;
}

/**
 * Decides one pair of doses already known to belong to the same person. gapDays = |date difference| in days,
 * or a negative number when a date is unreadable. The first rung that fits wins; conflicting lots or dose numbers
 * veto every rung of this ladder but an exact re-upload (merging two real doses is worse than missing a duplicate),
 * and mark the pair for weighing on all the evidence instead.
 */
export function compareDosePair(a: NormalizedDose, b: NormalizedDose, gapDays: number, cfg: DedupeConfig): PairVerdict {
  if (rawEqual(a, b)) return dup('EXACT_REUPLOAD');
  if (a.vaccine.family !== b.vaccine.family) {
    return apart(`vaccine families differ (${a.vaccine.family} vs ${b.vaccine.family})`);
  }
  if (gapDays < 0) return apart('a dose date is unreadable');
  // One dose is given to one person: a man's and a woman's record of it are two people's doses (a twin brother entered
  // on his sister's ID, issue 14), whatever else they share.
  if (a.gender !== 'U' && b.gender !== 'U' && a.gender !== b.gender) return apart(`genders differ (${a.gender} vs ${b.gender})`);
  const window = Math.min(windowDaysFor(a, cfg), windowDaysFor(b, cfg));
  if (gapDays >= window) return apart(`${gapDays} days apart, not under the ${window}-day duplicate window`);
  const la = canonicalLot(a.lot);
  const lb = canonicalLot(b.lot);
  if (la !== '' && lb !== '' && la !== lb) return apart(`lots differ (${a.lot} vs ${b.lot})`, true);
  if (a.doseNumber !== null && b.doseNumber !== null && a.doseNumber !== b.doseNumber) {
    return apart(`dose numbers differ (${a.doseNumber} vs ${b.doseNumber})`, true);
  }
  const sameLot = la !== '' && la === lb;
  if (gapDays === 0) {
    if (sameLot) return dup('SAME_DAY_SAME_LOT');
    if (a.vaccine.product === b.vaccine.product) return dup('SAME_DAY_SAME_PRODUCT');
    return dup('SAME_DAY_SAME_FAMILY');
  }
  if (sameLot) return dup('NEAR_DATE_SAME_LOT');
  if (gapDays <= cfg.noLotMaxGapDays) return dup('NEAR_DATE_NO_LOT');
  return apart(`${gapDays} days apart without a shared lot (limit ${cfg.noLotMaxGapDays} days)`);
}

function apart(reason: string, conflict = false): PairVerdict {
  return { rule: null, reason, conflict };
}

function dup(rule: DuplicateRule): PairVerdict {
  return { rule, reason: '', conflict: false };
}

/** The evidence behind a fold, folded value first and kept value second. Lots, facilities, products and dose
 *  numbers only: never names, IDs or birth dates. */
export function describeDuplicate(
  folded: NormalizedDose,
  kept: NormalizedDose,
  rule: DuplicateRule,
  gapDays: number,
  cfg: DedupeConfig,
  evidence = '',
): string {
  if (rule === 'EXACT_REUPLOAD') return `all cells equal to the kept row (${kept.source.file}:${kept.source.line})`;
  const window = Math.min(windowDaysFor(folded, cfg), windowDaysFor(kept, cfg));
  const pair = (x: string, y: string): string => `${x || '-'}/${y || '-'}`;
  const dn = (d: NormalizedDose): string => (d.doseNumber === null ? '' : String(d.doseNumber));
  return [
    `gap_days=${gapDays}`,
    `window_days=${window}`,
    `product=${pair(folded.vaccine.product, kept.vaccine.product)}`,
    `lot=${pair(folded.lot, kept.lot)}`,
    `facility=${pair(folded.facility, kept.facility)}`,
    `dose_number=${pair(dn(folded), dn(kept))}`,
    ...(evidence ? [`evidence: ${evidence}`] : []),
  ].join('; ');
}
