// A record's link decision with the analysts' decisions in force: their link or not_in_registry overrules the model,
// their not_candidate exclusions narrow it. Pure: values in, a decision out.

import type { LinkConfig } from '../config/link.js';
import { linkDoseExcluding, linkToCitizen, type LinkModel, type RegistryIndex } from '../link/index.js';
import { pairKey, type AnalystPairs } from '../dedupe/index.js';
import type { LinkDecision, NormalizedDose } from '../types.js';
import type { StoredReviewDecision, Verdicts } from './decisions.js';

export interface AnalystOutcome {
  decision: LinkDecision;
  /** The analyst's link names a citizen the registry no longer holds: the decision must be re-opened. */
  orphaned: StoredReviewDecision | null;
}

/** The decision of one record under the verdicts (the model decides whatever no analyst decided). */
export function decideWithVerdicts(
  dose: NormalizedDose,
  index: RegistryIndex,
  model: LinkModel,
  cfg: LinkConfig,
  verdicts: Verdicts,
  modelDecision?: LinkDecision,
): AnalystOutcome {
  const exclude = verdicts.exclude.get(dose.recordId);
  const byModel =
    exclude !== undefined || modelDecision === undefined ? linkDoseExcluding(dose, index, model, cfg, exclude ?? new Set()) : modelDecision;
  const v = verdicts.verdict.get(dose.recordId);
  if (v === undefined) return { decision: byModel, orphaned: null };
  const note = `analyst decision #${v.id} (${v.decision})`;
  if (v.decision === 'link') {
    const linked = linkToCitizen(dose, index, model, cfg, v.citizenId, byModel, note);
    if (linked === null) return { decision: byModel, orphaned: v };
    return { decision: { ...linked, analyst: { decisionId: v.id, decision: v.decision } }, orphaned: null };
  }
  // not_in_registry: the record stays unlinked; the model's candidates stay listed for the record's history.
  const problems = byModel.problems.filter((p) => p.code !== 'LINK_AMBIGUOUS' && p.code !== 'LINK_NOT_FOUND' && p.code !== 'ID_CORRECTED');
  problems.push({
    code: 'LINK_NOT_FOUND',
    field: 'full_name',
    value: dose.name.display,
    detail: `an analyst decided this person is not in the registry (${note})`,
  });
  return {
    decision: {
      status: 'unmatched',
      citizenId: '',
      score: byModel.score,
      candidates: byModel.candidates,
      explanation: `${byModel.explanation}; ${note}`,
      problems,
      analyst: { decisionId: v.id, decision: v.decision },
    },
    orphaned: null,
  };
}

/** The pair decisions in force, as the dose grouping takes them. */
export function analystPairs(pairs: readonly StoredReviewDecision[]): AnalystPairs {
  const verdicts = new Map<string, 'same' | 'apart'>();
  const records = new Set<string>();
  const kept = new Set<string>();
  for (const d of pairs) {
    verdicts.set(pairKey(d.recordKey, d.otherKey), d.decision === 'duplicate_of' ? 'same' : 'apart');
    records.add(d.recordKey);
    records.add(d.otherKey);
    if (d.decision === 'duplicate_of') kept.add(d.otherKey);
  }
  return { verdicts, records, kept };
}
