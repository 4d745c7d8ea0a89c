// End-to-end accuracy of blocking + training + decisions on a synthetic population with known truth.

import { describe, expect, it } from 'vitest';
import { linkConfig } from '../../src/config/link.js';
import { buildRegistryIndex, createLinkStats, linkDose, trainModel } from '../../src/link/index.js';
import { makePopulation } from './synth.js';

describe('synthetic population (20k persons)', () => {
  const pop = makePopulation(20_000, 11);
  const index = buildRegistryIndex(pop.citizens);
  const model = trainModel(pop.doses, index, linkConfig);
  const stats = createLinkStats();
  const decisions = pop.doses.map((d) => linkDose(d, index, model, linkConfig, stats));

  let links = 0,
    correct = 0,
    matchable = 0;
  const wrong: string[] = [];
  const missedByNoise = new Map<string, number>();
  decisions.forEach((dec, i) => {
    const t = pop.truth[i];
    if (t !== '') matchable++;
    const linked = dec.status === 'verified' || dec.status === 'verified_with_discrepancy' || dec.status === 'corrected';
    if (linked) {
      links++;
      if (dec.citizenId === t) correct++;
      else
        wrong.push(
          `${pop.noise[i]} ${dec.status} ${pop.doses[i].name.display} -> ${dec.citizenId} (truth ${t || 'none'}) ${dec.explanation}`,
        );
    } else if (t !== '') missedByNoise.set(`${pop.noise[i]}:${dec.status}`, (missedByNoise.get(`${pop.noise[i]}:${dec.status}`) ?? 0) + 1);
  });
  const precision = correct / links;
  const recall = correct / matchable;
  if (process.env.LINK_DEBUG) {
    console.log({ precision, recall, links, correct, matchable, stats, training: model.training, prior: model.prior });
    console.log(wrong.slice(0, 20).join('\n'));
    console.log([...missedByNoise.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20));
    for (const f of model.fields) console.log(f.field, f.levels.map((l) => `${l.level}:${Math.log2(l.m / l.u).toFixed(1)}`).join(' '));
  }

  it('links precisely (>= 0.998)', () => {
    expect(precision).toBeGreaterThanOrEqual(0.998);
  });
  it('links most matchable doses (>= 0.97)', () => {
    expect(recall).toBeGreaterThanOrEqual(0.97);
  });
  it('counts every decision once in the stats', () => {
    expect(Object.values(stats.byStatus).reduce((a, b) => a + b, 0)).toBe(pop.doses.length);
  });
});
