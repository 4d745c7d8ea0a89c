// Checks a dedupe configuration and reports every problem at once (before any record is read).

import type { DedupeConfig } from '../config/dedupe.js';

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
  count('maxUnlinkedGroupSize', cfg.maxUnlinkedGroupSize, 1);
  count('maxBlockSize', cfg.maxBlockSize, 2);
  count('defaultWindowDays', cfg.defaultWindowDays, 1);
  for (const [product, days] of Object.entries(cfg.windowDaysByProduct)) count(`windowDaysByProduct.${product}`, days, 1);
  if (!(cfg.maxWindowFractionOfInterval > 0 && cfg.maxWindowFractionOfInterval < 1)) {
    errors.push(`dedupe.maxWindowFractionOfInterval must be above 0 and below 1 (a window must stay under the real interval), got ${cfg.maxWindowFractionOfInterval}`);
  }
  count('noLotMaxGapDays', cfg.noLotMaxGapDays, 0);
  count('minIntervalUnknownDays', cfg.minIntervalUnknownDays, 1);
  count('maxDosesPerPerson', cfg.maxDosesPerPerson, 1);
  return errors;
}
