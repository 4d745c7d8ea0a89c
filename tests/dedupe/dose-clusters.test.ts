import { describe, expect, it } from 'vitest';
import { clusterDoses, ruleOf } from '../../src/dedupe/dose-clusters.js';
import { widestWindowDays } from '../../src/dedupe/dose-rules.js';
import { isoToDay } from '../../src/dedupe/values.js';
import { cfg, makeDose, type DoseSpec } from './helpers.js';

function run(specs: DoseSpec[]) {
  const doses = specs.map((s, seq) => makeDose({ seq, ...s }));
  return clusterDoses(
    doses,
    doses.map((d) => isoToDay(d.doseDate)),
    widestWindowDays(cfg),
    cfg,
  );
}

describe('clusterDoses', () => {
  it('returns null when no pair is a duplicate', () => {
    expect(run([{ date: '2021-08-01' }, { date: '2021-08-22', doseNumber: 2 }])).toBeNull();
  });

  it('three copies of one dose form one cluster, pairwise duplicates', () => {
    const found = run([
      { date: '2021-08-01', lot: 'L1' },
      { date: '2021-08-01', lot: 'L1', facility: 'F2' },
      { date: '2021-08-03', facility: 'F3' },
    ]);
    expect(found?.clusters).toEqual([[0, 1, 2]]);
    expect(found && ruleOf(found, 3, 1, 0)).toBe('SAME_DAY_SAME_LOT');
    expect(found && ruleOf(found, 3, 2, 0)).toBe('NEAR_DATE_NO_LOT');
    expect(found?.refusals).toBe(0);
  });

  it('strongest evidence first: the lotless record joins the lot-X side, lot Y stays apart', () => {
    // 3 (no lot) matches everyone; 0 and 2 share lot X; 1 (lot Y) conflicts with 0 and 2, so joining it is refused.
    const found = run([
      { date: '2021-08-01', lot: 'X' },
      { date: '2021-08-01', lot: 'Y', facility: 'F2' },
      { date: '2021-08-02', lot: 'X', facility: 'F3' },
      { date: '2021-08-02', facility: 'F4' },
    ]);
    expect(found?.clusters).toEqual([[0, 2, 3]]);
    expect(found?.refusals).toBe(1);
  });

  it('ruleOf refuses a pair that is not a duplicate', () => {
    const found = run([
      { date: '2021-08-01', lot: 'X' },
      { date: '2021-08-01', lot: 'X' },
      { date: '2021-09-01', lot: 'Z', doseNumber: 2 },
    ]);
    expect(() => found && ruleOf(found, 3, 0, 2)).toThrow(/not duplicates/);
  });
});
