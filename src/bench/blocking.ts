// Blocking recall on generated data: for every dose row whose person is in the registry, is the true citizen
// among the candidates the blocking rules produce? A true match blocking misses can never be linked, whatever the
// model, so this is the ceiling on link recall. Runs the real pipeline in-process to get the normalised doses.

import { basename, join } from 'node:path';
import { defaultConfig } from '../config/index.js';
import { openRegistry, runContext, runStages, type ReconcileOptions } from '../pipeline.js';
import { silentLogger } from '../log.js';
import { CandidateSet, collectFallback, collectPrimary, findByCitizenId } from '../link/blocking.js';
import type { TruthRow } from './metrics.js';

export interface BlockingReport {
  /** Dose rows (not rejected) whose person is in the registry. */
  truePairs: number;
  /** True citizen not among the candidates of any rule (primary and fallback). */
  missedAll: number;
  /** True citizen not found by the primary rules (the linker probes the fallback rules only when these find nobody linkable). */
  missedPrimary: number;
  /** Records where a block or the candidate cap cut the candidates. */
  capHitRecords: number;
  /** The rule that found the true citizen first. */
  foundBy: Record<string, number>;
  /** Per damage tag: true pairs and the ones all rules missed. */
  byTag: Record<string, { pairs: number; missed: number }>;
}

export async function measureBlocking(dir: string, doseFiles: readonly string[], truth: readonly TruthRow[]): Promise<BlockingReport> {
  const config = defaultConfig;
  const opts: ReconcileOptions = {
    registry: join(dir, 'registry.csv'),
    doses: doseFiles,
    out: '',
    excel: false,
    fileMode: 0o600,
    dirMode: 0o700,
    config,
    logger: silentLogger(),
    version: 'bench',
    lang: 'en',
    dateRange: {},
    dailyByCommune: false,
    threads: 1,
  };
  const r = await runStages(opts);
  // The registry once more, for its index (a run keeps only what its outputs need).
  const reg = await openRegistry(runContext(opts), opts.registry);
  const index = reg.index;
  const byKey = new Map(truth.map((t) => [`${t.file}:${t.line}`, t]));
  const cfg = config.link;
  const report: BlockingReport = { truePairs: 0, missedAll: 0, missedPrimary: 0, capHitRecords: 0, foundBy: {}, byTag: {} };
  for (const d of r.doses) {
    const t = byKey.get(`${basename(d.source.file)}:${d.source.line}`);
    if (t === undefined || t.citizenId === '') continue;
    const truthIndex = findByCitizenId(index, t.citizenId);
    if (truthIndex < 0) continue;
    report.truePairs++;
    const set = new CandidateSet(index, cfg.maxCandidatesPerRecord, cfg.maxBlockSize);
    collectPrimary(set, index, d);
    if (!set.citizens.includes(truthIndex)) report.missedPrimary++;
    collectFallback(set, index, d, cfg.maxFallbackBlockSize);
    const at = set.citizens.indexOf(truthIndex);
    if (set.capHits > 0) report.capHitRecords++;
    if (at >= 0) report.foundBy[set.rules[at]!] = (report.foundBy[set.rules[at]!] ?? 0) + 1;
    else report.missedAll++;
    for (const tag of t.tags.length ? t.tags : ['(none)']) {
      const g = (report.byTag[tag] ??= { pairs: 0, missed: 0 });
      g.pairs++;
      if (at < 0) g.missed++;
    }
  }
  await reg.close();
  return report;
}
