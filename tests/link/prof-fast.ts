// Profiling entry (not a test): cost of each step of the exact-ID fast path.
import { linkConfig } from '../../src/config/link.js';
import { buildRegistryIndex, linkDose, trainModel } from '../../src/link/index.js';
import { findIdOwner } from '../../src/link/blocking.js';
import { compareDoseCitizen } from '../../src/link/compare.js';
import { compileModel, scoreLevels } from '../../src/link/model.js';
import { thresholdsFrom } from '../../src/link/train.js';
import { makePopulation } from './synth.js';

const N = Number(process.argv[2] ?? 100000);
const pop = makePopulation(N, 99);
const index = buildRegistryIndex(pop.citizens);
const model = trainModel(pop.doses, index, linkConfig);
const cm = compileModel(model);
const th = thresholdsFrom(linkConfig);
const levels = new Uint8Array(6);
const D = pop.doses;
function time(label: string, f: (i: number) => number): void {
  let s = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < D.length; i++) s += f(i);
  const dt = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  console.log(label.padEnd(12), 'wall', (dt * 1000 / D.length).toFixed(2), 'us/dose; cpu', ((cpu.user + cpu.system) / D.length).toFixed(2), 'us/dose', s);
}
const owners = new Int32Array(D.length);
for (let r = 0; r < 2; r++) {
  time('owner', (i) => (owners[i] = D[i].id.value ? findIdOwner(index, D[i].id.value).citizen : -1));
  time('compare', (i) => { if (owners[i] < 0) return 0; compareDoseCitizen(D[i], index.citizens[owners[i]], th, true, levels); return levels[0]; });
  time('score', (i) => { if (owners[i] < 0) return 0; compareDoseCitizen(D[i], index.citizens[owners[i]], th, true, levels); return scoreLevels(cm, levels, D[i].name, false).total; });
  time('scoreComps', (i) => { if (owners[i] < 0) return 0; compareDoseCitizen(D[i], index.citizens[owners[i]], th, true, levels); return scoreLevels(cm, levels, D[i].name, true).total; });
  time('linkDose', (i) => linkDose(D[i], index, model, linkConfig).score);
}
{
  const cpu0 = process.cpuUsage();
  let tf = 0, ts = 0, nf = 0, ns = 0;
  const slowCands: number[] = [];
  for (let i = 0; i < D.length; i++) {
    const t0 = performance.now();
    const d = linkDose(D[i], index, model, linkConfig);
    const dt = performance.now() - t0;
    if (d.status === 'verified' && d.candidates.length === 1) { tf += dt; nf++; } else { ts += dt; ns++; slowCands.push(dt); }
  }
  const cpu = process.cpuUsage(cpu0);
  console.log('cpu total us/dose', ((cpu.user + cpu.system) / D.length).toFixed(2));
  slowCands.sort((a, b) => b - a);
  console.log('fast', nf, (tf * 1000 / nf).toFixed(1), 'us; slow', ns, (ts * 1000 / ns).toFixed(1), 'us; slowest', slowCands.slice(0, 5).map((x) => x.toFixed(2)));
}
