// Survivorship: which copy of a dose is kept, and which of its empty fields are filled in from the folded copies.

import { DOSE_FIELDS, type DoseField, type LinkStatus } from '../types.js';
import type { DedupeItem } from './person-groups.js';
import { countFilled } from './values.js';

/** Most trustworthy first: a registry-verified record beats a corrected one, which beats an unlinked one. */
export const STATUS_RANK: Record<LinkStatus, number> = {
  verified: 0,
  verified_with_discrepancy: 1,
  corrected: 2,
  review: 3,
  unmatched: 4,
};

/** Negative when item a should survive over item b: status, then completeness, then the earliest entered
 *  (smallest seq), then the smallest record_id. Total, so the survivor never depends on iteration order. */
export function compareSurvivors(a: DedupeItem, b: DedupeItem): number {
  return (
    STATUS_RANK[a.decision.status] - STATUS_RANK[b.decision.status] ||
    countFilled(b.dose) - countFilled(a.dose) ||
    a.dose.seq - b.dose.seq ||
    (a.dose.recordId < b.dose.recordId ? -1 : a.dose.recordId > b.dose.recordId ? 1 : 0)
  );
}

/** Members of one duplicate cluster (item indices) in survivorship order: the survivor first. */
export function rankSurvivors(items: readonly DedupeItem[], members: readonly number[]): number[] {
  return [...members].sort((x, y) => compareSurvivors(items[x], items[y]) || x - y);
}

/** Fields empty in the survivor, filled from its duplicates in survivorship order (the first non-empty value wins).
 *  Returns raw canonical values; null when nothing was filled. record_id names the row, not the dose: never filled. */
export function fillFromDuplicates(items: readonly DedupeItem[], ranked: readonly number[]): Partial<Record<DoseField, string>> | null {
  const kept = items[ranked[0]].dose.raw;
  let filled: Partial<Record<DoseField, string>> | null = null;
  for (const f of DOSE_FIELDS) {
    if (f === 'record_id' || kept[f] !== '') continue;
    for (let k = 1; k < ranked.length; k++) {
      const v = items[ranked[k]].dose.raw[f];
      if (v !== '') {
        (filled ??= {})[f] = v;
        break;
      }
    }
  }
  return filled;
}
