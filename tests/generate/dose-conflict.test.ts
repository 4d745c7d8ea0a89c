// The disagreeing second-facility copy (issue 14 §1): always a real conflict, values within what records hold.

import { describe, expect, it } from 'vitest';
import { conflictCopy, mistypeLot, wrongDoseNumber } from '../../src/generate/dose-conflict.js';
import { Rng } from '../../src/generate/prng.js';
import { day } from '../../src/generate/vaccines.js';

describe('conflictCopy', () => {
  it('always disagrees on the dose number or a lot, stays 0-3 days off and keeps dose numbers 1-5', () => {
    const rng = new Rng(7);
    const kinds = { doseNumber: 0, lotOneWrong: 0, lotMissing: 0, lotOwnStock: 0, shifted: 0 };
    for (let i = 0; i < 4000; i++) {
      const ev = { product: 'PFIZER', doseNumber: 1 + (i % 5), date: day('2021-09-01') };
      const c = conflictCopy(rng, ev, 'FE1234', 'FF5678', 0.08);
      const lotConflict = c.lot !== '' && c.lot !== 'FE1234';
      expect(lotConflict || c.doseNumber !== ev.doseNumber).toBe(true);
      expect(c.doseNumber).toBeGreaterThanOrEqual(1);
      expect(c.doseNumber).toBeLessThanOrEqual(5);
      expect(c.shift).toBeGreaterThanOrEqual(0);
      expect(c.shift).toBeLessThanOrEqual(3);
      if (c.doseNumber !== ev.doseNumber) kinds.doseNumber++;
      if (c.lot === '') kinds.lotMissing++;
      else if (c.lot === 'FF5678') {
        expect(c.otherLot).toBe(true);
        kinds.lotOwnStock++;
      } else if (c.lot !== 'FE1234') kinds.lotOneWrong++;
      if (c.shift > 0) kinds.shifted++;
    }
    // Every kind of disagreement occurs.
    for (const [k, v] of Object.entries(kinds)) expect(v, k).toBeGreaterThan(100);
  });

  it('never moves a dose past the end of the campaign', () => {
    const rng = new Rng(3);
    const last = { product: 'PFIZER', doseNumber: 2, date: day('2022-12-31') };
    for (let i = 0; i < 200; i++) expect(conflictCopy(rng, last, 'FE1', 'FE1', 0.08).shift).toBe(0);
  });
});

describe('mistypeLot and wrongDoseNumber', () => {
  it.each([['FE1234'], ['3000832'], ['I-000017'], ['202108B0121']])('%s: exactly one character changes', (lot) => {
    const rng = new Rng(11);
    for (let i = 0; i < 50; i++) {
      const t = mistypeLot(rng, lot);
      expect(t.length).toBe(lot.length);
      expect([...t].filter((c, k) => c !== lot[k]).length).toBe(1);
    }
  });

  it.each([[1], [2], [3], [4], [5]])('dose %i: a different number from 1 to 5', (real) => {
    const rng = new Rng(real);
    for (let i = 0; i < 50; i++) {
      const n = wrongDoseNumber(rng, real);
      expect(n).not.toBe(real);
      expect(n >= 1 && n <= 5).toBe(true);
    }
  });
});
