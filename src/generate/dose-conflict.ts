// Issue 14 §1: the second facility's copy of a dose disagrees with the first entry (dose number, lot, date).

import type { Rng } from './prng.js';
import { CAMPAIGN_END, type DoseEvent } from './vaccines.js';

/** What the second facility typed for the dose: the copy's dose number, lot and date shift (days after the real date). */
export interface ConflictCopy {
  doseNumber: number;
  lot: string;
  shift: number;
  /** The lot is the facility's own stock lot, another real lot: no evidence can tell this copy from a second dose
   *  with a mistyped date, so it is tagged apart (dose_conflict_other_lot) and the tool is expected to send it to review. */
  otherLot: boolean;
}

/** Shares among conflicting copies (no evidence beyond the description; chosen so each kind is common). */
const SHARE = {
  /** The dose number differs: the facility counts the doses it gave itself, or copies the wrong line of the card. */
  doseNumberDiffers: 0.5,
  /** Lot typed with one character wrong. */
  lotOneWrong: 0.3,
  /** Lot left empty. */
  lotMissing: 0.25,
  /** Same date; otherwise 1-3 days off (a backlog entered later). */
  sameDay: 0.5,
};

/** One character of a lot replaced: a digit by another digit, a letter by another letter (keying slips). */
export function mistypeLot(rng: Rng, lot: string): string {
  const positions = [...lot].map((c, i) => (/[0-9A-Za-z]/.test(c) ? i : -1)).filter((i) => i >= 0);
  if (positions.length === 0) return `${lot}1`;
  const at = rng.pick(positions);
  const c = lot[at];
  const pool = /[0-9]/.test(c) ? '0123456789' : 'ABCDEFGHJKLMNPRSTUVWXYZ';
  let r = c;
  while (r.toUpperCase() === c.toUpperCase()) r = pool[rng.int(pool.length)];
  return lot.slice(0, at) + r + lot.slice(at + 1);
}

/** The wrong dose number a second facility types: its own count of the person's doses (1, as it gave the first one it
 *  saw), or the line above or below on the card. Always 1-5 and never the real number. */
export function wrongDoseNumber(rng: Rng, real: number): number {
  if (real > 1 && rng.chance(0.5)) return 1;
  if (real === 1) return 2;
  return rng.chance(0.5) || real >= 5 ? real - 1 : real + 1;
}

/**
 * The disagreeing copy of ev entered by a second facility. lot is the dose's real lot, ownStockLot the lot the second
 * facility was using at the time (it may be equal), typed with probability otherLotShare. At least one of dose number
 * and lot conflicts with the original.
 */
export function conflictCopy(rng: Rng, ev: DoseEvent, lot: string, ownStockLot: string, otherLotShare: number): ConflictCopy {
  let doseNumber = rng.chance(SHARE.doseNumberDiffers) ? wrongDoseNumber(rng, ev.doseNumber) : ev.doseNumber;
  const l = rng.next();
  let lot2 = lot;
  if (l < SHARE.lotOneWrong) lot2 = mistypeLot(rng, lot);
  else if (l < SHARE.lotOneWrong + SHARE.lotMissing) lot2 = '';
  else if (l < SHARE.lotOneWrong + SHARE.lotMissing + otherLotShare) lot2 = ownStockLot;
  const lotConflicts = lot2 !== '' && lot2 !== lot;
  if (!lotConflicts && doseNumber === ev.doseNumber) doseNumber = wrongDoseNumber(rng, ev.doseNumber);
  let shift = rng.chance(SHARE.sameDay) ? 0 : rng.range(1, 3);
  if (ev.date + shift > CAMPAIGN_END) shift = 0;
  return { doseNumber, lot: lot2, shift, otherLot: lotConflicts && lot2 === ownStockLot };
}
