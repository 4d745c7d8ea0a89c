// Profiling entry (not a test): cluster lengths of each KeyIndex table.
import { buildRegistryIndex } from '../../src/link/index.js';
import { makePopulation } from './synth.js';
const pop = makePopulation(Number(process.argv[2] ?? 300000), 99);
const ix = buildRegistryIndex(pop.citizens) as unknown as Record<string, { slots: Int32Array; count: number }>;
for (const k of ['byId', 'byOldId', 'byIdWindow', 'byDobGiven', 'byYearName', 'byPhoneticYear', 'byNameCommune', 'byNameGender']) {
  const s = ix[k].slots;
  let runs = 0, longest = 0, cur = 0, sumSq = 0;
  for (let i = 1; i < s.length; i += 2) {
    if (s[i] !== -1) cur++;
    else if (cur > 0) { runs++; longest = Math.max(longest, cur); sumSq += cur * cur; cur = 0; }
  }
  const n = ix[k].count;
  // Expected scan length for a random probe ~ sum(len^2) / (2 * slots)
  console.log(k.padEnd(15), 'entries', n, 'slots', s.length / 2, 'longest run', longest, 'mean scan', (sumSq / (s.length)).toFixed(2));
}
