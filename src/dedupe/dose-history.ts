// A person's dose history after deduplication: dose order by date, and the problems of that history.

import type { DedupeConfig } from '../config/dedupe.js';
import type { NormalizedDose, Problem } from '../types.js';
import { NO_DAY } from './values.js';

export interface HistoryDose {
  index: number;
  dose: NormalizedDose;
  /** Day number of dose.doseDate (NO_DAY when unreadable). */
  day: number;
  /** dose_number after fill-in from duplicates (null when still unknown). */
  doseNumber: number | null;
  /** Earliest and latest readable day among the records folded into this dose (day when none was folded): the
   *  copies disagree on the date, and the dose may have been given on any of them. */
  firstDay?: number;
  lastDay?: number;
  /** Every dose number its folded copies carry (a second facility often counts differently): the dose is in sequence
   *  when any of them is its position. */
  otherDoseNumbers?: readonly number[];
}

export interface HistoryOptions {
  /** False for a lone unlinked record: with no identified person there is no history to compare it with. */
  checkSequence: boolean;
  /** Why two doses closer than the minimum interval were not folded together (evidence, no personal data). */
  keptApartReason: (earlier: HistoryDose, later: HistoryDose, gapDays: number) => string;
  /** True when the pair is already flagged DOSE_POSSIBLE_DUPLICATE (then not flagged again as too short). */
  flaggedPossible?: (earlier: HistoryDose, later: HistoryDose) => boolean;
}

/** Minimum days between two consecutive doses: the product's interval when both are of one family, else the
 *  shorter of the two known intervals (mixing and boosters are allowed, so only flag what no schedule permits). */
export function minimumIntervalDays(a: NormalizedDose, b: NormalizedDose, cfg: DedupeConfig): number {
  const ia = a.vaccine.minIntervalDays;
  const ib = b.vaccine.minIntervalDays;
  if (a.vaccine.family === b.vaccine.family && ia > 0) return ia;
  const known = [ia, ib].filter((v) => v > 0);
  return known.length > 0 ? Math.min(...known) : cfg.minIntervalUnknownDays;
}

/**
 * doses must be one person's surviving doses sorted by (date, seq). Writes the 1-based dose order into doseSeq
 * and hands each problem to add(itemIndex, problem).
 */
export function checkDoseHistory(
  doses: readonly HistoryDose[],
  doseSeq: Int32Array,
  options: HistoryOptions,
  cfg: DedupeConfig,
  add: (index: number, problem: Problem) => void,
): void {
  for (let k = 0; k < doses.length; k++) {
    const cur = doses[k];
    const seq = k + 1;
    doseSeq[cur.index] = seq;
    if (options.checkSequence && cur.doseNumber !== null && cur.doseNumber !== seq && !(cur.otherDoseNumbers?.includes(seq) ?? false)) {
      add(cur.index, {
        code: 'DOSE_NUMBER_SEQUENCE',
        field: 'dose_number',
        value: String(cur.doseNumber),
        detail:
          `dose_number ${cur.doseNumber} but dose ${seq} of ${doses.length} recorded for this person by date` +
          (cur.doseNumber > seq ? ' (earlier doses may be missing)' : ''),
        fix: String(seq),
      });
    }
    if (k > 0) {
      const prev = doses[k - 1];
      if (prev.day !== NO_DAY && cur.day !== NO_DAY) {
        const gap = cur.day - prev.day;
        const min = minimumIntervalDays(prev.dose, cur.dose, cfg);
        // Too short only if no choice among the copies' dates gives the interval: a folded copy entered 3 days late
        // may be the survivor, while the dose itself was given on the earlier copy's date.
        const widest = (cur.lastDay ?? cur.day) - (prev.firstDay ?? prev.day);
        if (gap < min && widest < min && !(options.flaggedPossible?.(prev, cur) ?? false)) {
          add(cur.index, {
            code: 'DOSE_INTERVAL_TOO_SHORT',
            field: 'dose_date',
            value: cur.dose.doseDate,
            detail:
              `${gap} days after record ${prev.dose.recordId || '-'} (${prev.dose.vaccine.product}, ${prev.dose.doseDate}); ` +
              `minimum interval ${min} days; kept apart: ${options.keptApartReason(prev, cur, gap)}`,
          });
        }
      }
    }
    if (seq > cfg.maxDosesPerPerson) {
      add(cur.index, {
        code: 'DOSE_COUNT_EXCESSIVE',
        field: 'dose_number',
        value: cur.dose.raw.dose_number,
        detail:
          `dose ${seq} of ${doses.length} recorded for this person after deduplication; no schedule allows more than ` +
          `${cfg.maxDosesPerPerson} (3-dose primary series plus 2 boosters)`,
      });
    }
  }
}
