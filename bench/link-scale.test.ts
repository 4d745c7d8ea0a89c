// Link at scale (npm run bench:link; LINK_BENCH=<persons>, default 200,000): index build, training, link rate and accuracy.

import { describe, expect, it } from 'vitest';
import { linkConfig } from '../src/config/link.js';
import { buildRegistryIndex, createLinkStats, linkDose, trainModel } from '../src/link/index.js';
import { compareDoseCitizen } from '../src/link/compare.js';
import { thresholdsFrom } from '../src/link/train.js';
import type { LinkDecision } from '../src/types.js';
import { makePopulation } from '../tests/link/synth.js';

const N = Number(process.env.LINK_BENCH ?? 200_000);

describe(`scale: ${N} persons`, () => {
  it('links fast and accurately', { timeout: 900_000 }, () => {
    let t0 = performance.now();
    const pop = makePopulation(N, 99);
    const tGen = performance.now() - t0;

    t0 = performance.now();
    const index = buildRegistryIndex(pop.citizens);
    const tIndex = performance.now() - t0;

    t0 = performance.now();
    const model = trainModel(pop.doses, index, linkConfig);
    const tTrain = performance.now() - t0;

    // Raw comparison speed: dose vs a random citizen (mostly disagreeing names: the expensive JW path).
    const levels = new Uint8Array(6);
    const th = thresholdsFrom(linkConfig);
    t0 = performance.now();
    const P = 1_000_000;
    for (let i = 0; i < P; i++)
      compareDoseCitizen(pop.doses[i % pop.doses.length], pop.citizens[(i * 7919) % pop.citizens.length], th, false, levels);
    const pairsPerSec = P / ((performance.now() - t0) / 1000);

    const stats = createLinkStats();
    t0 = performance.now();
    const decisions: LinkDecision[] = new Array(pop.doses.length);
    for (let i = 0; i < pop.doses.length; i++) decisions[i] = linkDose(pop.doses[i], index, model, linkConfig, stats);
    const tLink = performance.now() - t0;

    let links = 0,
      correct = 0,
      matchable = 0;
    decisions.forEach((d, i) => {
      if (pop.truth[i] !== '') matchable++;
      if (d.status === 'verified' || d.status === 'verified_with_discrepancy' || d.status === 'corrected') {
        links++;
        if (d.citizenId === pop.truth[i]) correct++;
      }
    });
    const report = {
      persons: N,
      registry: pop.citizens.length,
      doses: pop.doses.length,
      genSec: +(tGen / 1000).toFixed(2),
      indexSec: +(tIndex / 1000).toFixed(2),
      trainSec: +(tTrain / 1000).toFixed(2),
      linkSec: +(tLink / 1000).toFixed(2),
      dosesPerSec: Math.round(pop.doses.length / (tLink / 1000)),
      comparePairsPerSec: Math.round(pairsPerSec),
      precision: correct / links,
      recall: correct / matchable,
      stats,
      rssMB: Math.round(process.memoryUsage().rss / 1e6),
    };
    console.log(JSON.stringify(report, null, 1));
    expect(report.precision).toBeGreaterThanOrEqual(0.998);
    expect(report.recall).toBeGreaterThanOrEqual(0.97);
  });
});
