import { describe, expect, it } from 'vitest';
import { compareSurvivors, fillFromDuplicates, rankSurvivors } from '../../src/dedupe/survivorship.js';
import type { LinkStatus } from '../../src/types.js';
import { item, makeDose, withRaw } from './helpers.js';

const base = makeDose({ seq: 0, lot: 'L1', phone: '0912345678' });

describe('compareSurvivors', () => {
  // [description, left, right]: left must survive over right.
  const table: [string, ReturnType<typeof item>, ReturnType<typeof item>][] = [
    [
      'verified over verified_with_discrepancy',
      item(withRaw(base, { lot_number: '' }, 5)),
      item(withRaw(base, {}, 1), 'verified_with_discrepancy'),
    ],
    ['verified_with_discrepancy over corrected', item(base, 'verified_with_discrepancy'), item(withRaw(base, {}, 1), 'corrected')],
    ['corrected over review', item(base, 'corrected'), item(withRaw(base, {}, 1), 'review')],
    ['review over unmatched', item(base, 'review'), item(withRaw(base, {}, 1), 'unmatched')],
    ['more complete first', item(withRaw(base, {}, 9)), item(withRaw(base, { phone: '' }, 1))],
    ['earliest entered next', item(withRaw(base, { record_id: 'Z' }, 1)), item(withRaw(base, { record_id: 'A' }, 2))],
    ['smallest record_id last', item(withRaw(base, { record_id: 'A' }, 1)), item(withRaw(base, { record_id: 'B' }, 1))],
  ];
  it.each(table)('%s', (_name, left, right) => {
    expect(compareSurvivors(left, right)).toBeLessThan(0);
    expect(compareSurvivors(right, left)).toBeGreaterThan(0);
  });
});

describe('rankSurvivors and fillFromDuplicates', () => {
  it('fills each empty field from the best-ranked duplicate that has it, never record_id', () => {
    const statuses: LinkStatus[] = ['verified', 'corrected', 'review'];
    const items = [
      item(withRaw(base, { record_id: '', phone: '', lot_number: '' }, 0), statuses[0]),
      item(withRaw(base, { record_id: 'R1', phone: '0900000001', lot_number: '' }, 1), statuses[1]),
      item(withRaw(base, { record_id: 'R2', phone: '0900000002', lot_number: 'LOT2' }, 2), statuses[2]),
    ];
    const ranked = rankSurvivors(items, [2, 1, 0]);
    expect(ranked).toEqual([0, 1, 2]);
    expect(fillFromDuplicates(items, ranked)).toEqual({ phone: '0900000001', lot_number: 'LOT2' });
    expect(fillFromDuplicates(items, [1, 2])).toEqual({ lot_number: 'LOT2' });
    expect(fillFromDuplicates(items, [2, 1, 0])).toBeNull();
  });
});
