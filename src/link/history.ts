// The facility's history (issue 14): where each citizen was vaccinated on their own ID, read from the other records of
// a run (or of the store's working set), for the records without any ID that the model left in review.

import type { LinkDecision, NormalizedDose } from '../types.js';
import { HISTORY_TEXT, type VaccinatedAt } from './decide.js';

/**
 * The facilities at which each citizen has a dose verified on their own ID, among these decided records; only for the
 * citizens given when there are any (the best candidates of the records that read it: a run of a million doses would
 * otherwise hold a pair for nearly every dose).
 */
export function vaccinatedAt(
  items: readonly { dose: NormalizedDose; decision: LinkDecision }[],
  citizens?: ReadonlySet<string>,
): VaccinatedAt {
  const seen = new Set<string>();
  for (const { dose, decision } of items) {
    if (decision.status !== 'verified' || dose.facility === '') continue;
    if (citizens === undefined || citizens.has(decision.citizenId)) seen.add(`${dose.facility}\u001f${decision.citizenId}`);
  }
  return (facility, citizenId) => seen.has(`${facility}\u001f${citizenId}`);
}

/** The best candidates of the records that read the history (readsHistory): the citizens vaccinatedAt needs. */
export function historyCitizens(items: readonly { dose: NormalizedDose; decision: LinkDecision }[]): Set<string> {
  const out = new Set<string>();
  for (const { dose, decision } of items) {
    if (readsHistory(dose, decision) && decision.candidates.length > 0) out.add(decision.candidates[0].citizenId);
  }
  return out;
}

/**
 * The records the history may decide: no ID at all, no analyst's decision, and left in review by the model, or linked
 * by the history before (their explanation names it), which a later night must be able to take back.
 */
export function readsHistory(dose: NormalizedDose, decision: LinkDecision): boolean {
  if (dose.id.kind !== 'missing' || decision.analyst !== undefined) return false;
  return decision.status === 'review' || (decision.status === 'corrected' && decision.explanation.includes(HISTORY_TEXT));
}
