// Profiling entry (not a test): registry index build at scale.
import { buildRegistryIndex } from '../../src/link/index.js';
import { makePopulation } from './synth.js';
const pop = makePopulation(Number(process.argv[2] ?? 1000000), 99);
for (let r = 0; r < 3; r++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  buildRegistryIndex(pop.citizens);
  const cpu = process.cpuUsage(c0);
  console.log('index wall', ((performance.now() - t0) / 1000).toFixed(2), 'cpu', ((cpu.user + cpu.system) / 1e6).toFixed(2));
}
