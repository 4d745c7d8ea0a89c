// Profiling entry (not a test): time each comparator on random pairs.
import { linkConfig } from '../../src/config/link.js';
import { compareBirth, compareGender, compareIdToCitizen, compareName, comparePhone, compareSimple } from '../../src/link/compare.js';
import { jaroWinkler, levenshtein } from '../../src/link/similarity.js';
import { thresholdsFrom } from '../../src/link/train.js';
import { makePopulation } from './synth.js';

const pop = makePopulation(50000, 99);
const th = thresholdsFrom(linkConfig);
const D = pop.doses, C = pop.citizens;
const P = 1_000_000;
function time(label: string, f: (i: number) => number): void {
  let s = 0;
  const t0 = performance.now();
  for (let i = 0; i < P; i++) s += f(i);
  console.log(label, Math.round(P / ((performance.now() - t0) / 1000)), s);
}
const d = (i: number) => D[i % D.length];
const c = (i: number) => C[(i * 7919) % C.length];
for (let r = 0; r < 2; r++) {
  time('name', (i) => compareName(d(i).name, c(i).name, th));
  time('birth', (i) => compareBirth(d(i).birth, c(i).birth));
  time('gender', (i) => compareGender(d(i).gender, c(i).gender));
  time('id', (i) => compareIdToCitizen(d(i).id, c(i), false));
  time('commune', (i) => compareSimple(d(i).commune, c(i).commune));
  time('phone', (i) => comparePhone(d(i).phone, c(i).phone));
  time('lev given', (i) => levenshtein(d(i).name.given, c(i).name.given));
  time('jw given', (i) => jaroWinkler(d(i).name.given, c(i).name.given));
  time('lev full', (i) => levenshtein(d(i).name.ascii, c(i).name.ascii));
}
