// Checks a dedupe configuration and reports every problem at once (before any record is read).

import type { DedupeConfig } from '../config/dedupe.js';
import { bestScoreWithDifferentLots } from './dose-evidence.js';

/** Human-readable problems with cfg; empty when it can be used. */
export function validateDedupeConfig(cfg: DedupeConfig): string[] {
  const errors: string[] = [];
  const probability = (name: keyof DedupeConfig): void => {
    const v = cfg[name] as number;
    if (!(v >= 0 && v <= 1)) errors.push(`dedupe.${name} must be a probability from 0 to 1, got ${v}`);
  };
  const count = (name: string, v: number, min: number): void => {
    if (!Number.isInteger(v) || v < min) errors.push(`dedupe.${name} must be a whole number of at least ${min}, got ${v}`);
  };
  probability('samePersonThreshold');
  probability('samePersonFloor');
  if (cfg.samePersonFloor > cfg.samePersonThreshold) {
    errors.push(`dedupe.samePersonFloor (${cfg.samePersonFloor}) must not exceed dedupe.samePersonThreshold (${cfg.samePersonThreshold})`);
  }
  if (!(cfg.followMinLeadBits >= 0)) errors.push(`dedupe.followMinLeadBits must be 0 or more bits, got ${cfg.followMinLeadBits}`);
  count('maxUnlinkedGroupSize', cfg.maxUnlinkedGroupSize, 1);
  count('maxBlockSize', cfg.maxBlockSize, 2);
  count('defaultWindowDays', cfg.defaultWindowDays, 1);
  for (const [product, days] of Object.entries(cfg.windowDaysByProduct)) count(`windowDaysByProduct.${product}`, days, 1);
  if (!(cfg.maxWindowFractionOfInterval > 0 && cfg.maxWindowFractionOfInterval < 1)) {
    errors.push(
      `dedupe.maxWindowFractionOfInterval must be above 0 and below 1 (a window must stay under the real interval), got ${cfg.maxWindowFractionOfInterval}`,
    );
  }
  count('noLotMaxGapDays', cfg.noLotMaxGapDays, 0);
  const w = cfg.conflictWeights;
  const weights = [
    w.closerThanInterval,
    ...w.gapDays,
    ...Object.values(w.lot),
    ...Object.values(w.doseNumber),
    ...Object.values(w.history),
    w.sameProduct,
    w.differentFacility,
    cfg.conflictDuplicateAt,
    cfg.conflictPossibleAt,
  ];
  if (!weights.every(Number.isFinite) || w.gapDays.length === 0) {
    errors.push('dedupe.conflictWeights and the conflict thresholds must be finite numbers');
  }
  count('conflictWeights.lotEditMinLength', w.lotEditMinLength, 1);
  count('conflictWeights.lotTwoSlipsMinLength', w.lotTwoSlipsMinLength, 1);
  // Closer lots are never weaker evidence for one dose: equal, one edit, two slips, different.
  if (!(w.lot.same >= w.lot.oneEdit && w.lot.oneEdit >= w.lot.twoSlips && w.lot.twoSlips >= w.lot.different)) {
    errors.push(
      `dedupe.conflictWeights.lot must not rise as lots drift apart (same >= oneEdit >= twoSlips >= different), got ` +
        `${w.lot.same}, ${w.lot.oneEdit}, ${w.lot.twoSlips}, ${w.lot.different}`,
    );
  }
  if (!(cfg.conflictPossibleAt <= cfg.conflictDuplicateAt)) {
    errors.push(
      `dedupe.conflictPossibleAt (${cfg.conflictPossibleAt}) must not exceed dedupe.conflictDuplicateAt (${cfg.conflictDuplicateAt})`,
    );
  }
  // The promise of issue 14: two different lots are two vials, never folded on the other evidence alone.
  const best = bestScoreWithDifferentLots(cfg);
  if (best >= cfg.conflictDuplicateAt) {
    errors.push(
      `dedupe.conflictWeights let two different lots reach ${best}, at or above conflictDuplicateAt (${cfg.conflictDuplicateAt}): ` +
        'they would be folded',
    );
  }
  count('minIntervalUnknownDays', cfg.minIntervalUnknownDays, 1);
  count('maxDosesPerPerson', cfg.maxDosesPerPerson, 1);
  return errors;
}
