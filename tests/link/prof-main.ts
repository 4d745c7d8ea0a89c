// Profiling entry (not a test): node /tmp/lb/tests/link/prof-main.js <persons>
import { linkConfig } from '../../src/config/link.js';
import { buildRegistryIndex, createLinkStats, linkDose, trainModel } from '../../src/link/index.js';
import { compareDoseCitizen } from '../../src/link/compare.js';
import { thresholdsFrom } from '../../src/link/train.js';
import { makePopulation } from './synth.js';

const N = Number(process.argv[2] ?? 100000);
let t0 = performance.now();
const pop = makePopulation(N, 99);
console.log('gen', performance.now() - t0);
t0 = performance.now();
const index = buildRegistryIndex(pop.citizens);
console.log('index', performance.now() - t0);
t0 = performance.now();
const model = trainModel(pop.doses, index, linkConfig);
console.log('train', performance.now() - t0);
const levels = new Uint8Array(6);
const th = thresholdsFrom(linkConfig);
t0 = performance.now();
const P = Number(process.env.PAIRS ?? 1_000_000);
for (let i = 0; i < P; i++) compareDoseCitizen(pop.doses[i % pop.doses.length], pop.citizens[(i * 7919) % pop.citizens.length], th, false, levels);
console.log('pairs/s', P / ((performance.now() - t0) / 1000));
const stats = createLinkStats();
t0 = performance.now();
for (let i = 0; i < pop.doses.length; i++) linkDose(pop.doses[i], index, model, linkConfig, stats);
console.log('link', performance.now() - t0, 'doses/s', pop.doses.length / ((performance.now() - t0) / 1000));
