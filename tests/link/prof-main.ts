// Profiling entry (not a test): node prof-main.js <persons> [maxDoses]; phases timed in wall and CPU.
import { linkConfig } from '../../src/config/link.js';
import { buildRegistryIndex, createLinkStats, linkDose, trainModel } from '../../src/link/index.js';
import type { LinkDecision } from '../../src/types.js';
import { makePopulation } from './synth.js';

const N = Number(process.argv[2] ?? 100000);
const maxDoses = Number(process.argv[3] ?? Infinity);
function phase<T>(label: string, f: () => T): T {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = f();
  const cpu = process.cpuUsage(c0);
  console.log(label.padEnd(8), 'wall', ((performance.now() - t0) / 1000).toFixed(2), 's; cpu', ((cpu.user + cpu.system) / 1e6).toFixed(2), 's');
  return r;
}
const pop = phase('gen', () => makePopulation(N, 99));
if (pop.doses.length > maxDoses) { pop.doses.length = maxDoses; pop.truth.length = maxDoses; }
console.log('registry', pop.citizens.length, 'doses', pop.doses.length);
const index = phase('index', () => buildRegistryIndex(pop.citizens));
const model = phase('train', () => trainModel(pop.doses, index, linkConfig));
const stats = createLinkStats();
const decisions: LinkDecision[] = phase('link', () => pop.doses.map((d) => linkDose(d, index, model, linkConfig, stats)));
let links = 0, correct = 0, matchable = 0;
decisions.forEach((d, i) => {
  if (pop.truth[i] !== '') matchable++;
  if (d.status === 'verified' || d.status === 'verified_with_discrepancy' || d.status === 'corrected') { links++; if (d.citizenId === pop.truth[i]) correct++; }
});
console.log(JSON.stringify({ precision: correct / links, recall: correct / matchable, stats, rssMB: Math.round(process.memoryUsage().rss / 1e6), prior: model.prior, training: model.training }));
