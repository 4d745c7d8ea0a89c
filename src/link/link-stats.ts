// Link statistics: counts per status and per blocking rule, candidates compared, blocking caps; merged across threads.

import type { LinkStatus } from '../types.js';

export interface LinkStats {
  /** Records where a blocking key held more people than maxBlockSize, or candidates exceeded maxCandidatesPerRecord. */
  blockingCapHits: number;
  /** Dose-citizen pairs scored. */
  candidatesCompared: number;
  /** Linked records (verified, verified_with_discrepancy, corrected) by the rule that found the linked person. */
  byRule: Record<string, number>;
  byStatus: Record<string, number>;
}

export function createLinkStats(): LinkStats {
  return { blockingCapHits: 0, candidatesCompared: 0, byRule: {}, byStatus: {} };
}

export function mergeLinkStats(into: LinkStats, from: LinkStats): LinkStats {
  into.blockingCapHits += from.blockingCapHits;
  into.candidatesCompared += from.candidatesCompared;
  for (const [k, v] of Object.entries(from.byRule)) into.byRule[k] = (into.byRule[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.byStatus)) into.byStatus[k] = (into.byStatus[k] ?? 0) + v;
  return into;
}

/** Count one decision (a no-op without stats). */
export function countDecision(stats: LinkStats | undefined, status: LinkStatus, rule: string | null): void {
  if (!stats) return;
  stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
  if (rule !== null) stats.byRule[rule] = (stats.byRule[rule] ?? 0) + 1;
}
