import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalLot, countFilled, isoToDay, NO_DAY, rawEqual } from '../../src/dedupe/values.js';
import { makeDose, withRaw } from './helpers.js';

describe('isoToDay', () => {
  it.each([
    ['1970-01-01', 0],
    ['2021-03-08', 18694],
    ['2021-08-22', 18861],
    ['2024-02-29', 19782],
    ['', NO_DAY],
    ['2021-13-01', NO_DAY],
    ['21-08-2021', NO_DAY],
    ['2021/08/01', NO_DAY],
  ])('%s -> %i', (iso, expected) => expect(isoToDay(iso)).toBe(expected));

  it('agrees with Date for every day 2000-2040 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10957, max: 25567 }), (d) => {
        expect(isoToDay(new Date(d * 86_400_000).toISOString().slice(0, 10))).toBe(d);
      }),
    );
  });
});

describe('canonicalLot', () => {
  it.each([
    ['fk0108', 'FK0108'],
    [' FK-0108 ', 'FK0108'],
    ['fk.01/08', 'FK0108'],
    ['', ''],
  ])('%s -> %s', (lot, expected) => expect(canonicalLot(lot)).toBe(expected));
});

describe('rawEqual and countFilled', () => {
  it('compares every raw cell and the pass-through cells', () => {
    const a = makeDose({ seq: 0, lot: 'L1' });
    expect(rawEqual(a, withRaw(a, {}, 5))).toBe(true);
    expect(rawEqual(a, withRaw(a, { phone: '0912345678' }, 5))).toBe(false);
    expect(rawEqual(a, { ...a, extra: ['x'] })).toBe(false);
    expect(countFilled(a)).toBe(9); // no citizen_id, phone or commune
    expect(countFilled(withRaw(a, { lot_number: '' }, 1))).toBe(8);
  });
});
