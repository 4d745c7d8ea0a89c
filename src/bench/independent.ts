// bench:accuracy on the independent generator (bench/independent/, written without reading src/generate/, issue 14):
// generate (cached by the generator's source hash), reconcile, score with the same metrics, print its tables beside the main one.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeMetrics, nodesForBaseline, type GroupMetrics, type Metrics, type TruthRow } from './metrics.js';
import { datasetDoseFiles, fmt, readCsv, runChild, table } from './common.js';
import { readTruth, scoreOutputs } from './score.js';

/** The generator's folder, found from dist/bench/ (built) or src/bench/ (vitest): both sit two levels under the root. */
export const INDEPENDENT_DIR = fileURLToPath(new URL('../../bench/independent/', import.meta.url));
const GENERATOR = join(INDEPENDENT_DIR, 'generate.mjs');

/** The headers the independent generator writes the ID under (English and its Vietnamese variants), for the naive baseline. */
const ID_HEADERS = ['citizen_id', 'Số CCCD/CMND', 'CMND/CCCD', 'Số CMND', 'Số CCCD', 'Số định danh', 'Số CMND/CCCD/Hộ chiếu', 'Số CMT'];

export interface IndependentParams {
  persons: number;
  seed: number;
  files: number;
}

/** A hash of the generator's sources: any edit to it regenerates the cached datasets. */
function generatorHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(INDEPENDENT_DIR)
    .filter((x) => x.endsWith('.mjs'))
    .sort())
    h.update(readFileSync(join(INDEPENDENT_DIR, f)));
  return h.digest('hex').slice(0, 10);
}

/** Generate into .cache/bench/indep-<source hash>-<params>/ unless a complete copy (generate.json is written last) is there. */
export async function ensureIndependentDataset(
  p: IndependentParams,
  cacheRoot = '.cache/bench',
): Promise<{ dir: string; cached: boolean; ms: number }> {
  const dir = resolve(cacheRoot, `indep-${generatorHash()}-p${p.persons}-s${p.seed}-f${p.files}`);
  if (existsSync(join(dir, 'generate.json'))) return { dir, cached: true, ms: 0 };
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const args = [GENERATOR, '--persons', String(p.persons), '--seed', String(p.seed), '--files', String(p.files), '--out', tmp];
  const run = await runChild(process.execPath, args);
  if (run.code !== 0) throw new Error(`independent generator failed (exit ${run.code}): ${run.stderr}`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return { dir, cached: false, ms: run.ms };
}

async function rawCitizenIds(dir: string, truth: TruthRow[]): Promise<string[]> {
  const byKey = new Map<string, string>();
  for (const f of new Set(truth.map((t) => t.file))) {
    await readCsv(join(dir, f), (r, i) => {
      const h = ID_HEADERS.find((x) => x in r);
      byKey.set(`${f}:${i + 2}`, h ? r[h] : '');
    });
  }
  return truth.map((t) => byKey.get(`${t.file}:${t.line}`) ?? '');
}

export interface IndependentResult {
  dir: string;
  metrics: Metrics;
  baseline: Metrics;
  rows: number;
}

/** Generate (or reuse), reconcile with the built CLI, and score; throws when reconcile cannot run. */
export async function runIndependent(
  p: IndependentParams,
  log: (s: string) => void = () => {},
  cacheRoot = '.cache/bench',
): Promise<IndependentResult> {
  const ds = await ensureIndependentDataset(p, cacheRoot);
  log(`independent dataset: ${ds.dir} (${ds.cached ? 'cached' : `generated in ${(ds.ms / 1000).toFixed(1)} s`})\n`);
  const out = mkdtempSync(join(tmpdir(), 'vaxrec-acc-indep-'));
  try {
    const doses = datasetDoseFiles(ds.dir);
    const args = ['bin/vaxrec.js', 'reconcile', '--registry', join(ds.dir, 'registry.csv'), '--doses', ...doses, '--out', out, '--quiet'];
    const run = await runChild(process.execPath, args);
    if (run.code >= 2 || run.code < 0) throw new Error(`reconcile failed on the independent data (exit ${run.code}):\n${run.stderr}`);
    log(`reconcile (independent): exit ${run.code}, ${(run.ms / 1000).toFixed(1)} s, peak RSS ${fmt(run.peakRssMb, 0)} MB\n`);
    const truth = await readTruth(join(ds.dir, 'truth.csv'));
    const metrics = await scoreOutputs(out, truth);
    const registryIds = new Set<string>();
    await readCsv(join(ds.dir, 'registry.csv'), (r) => registryIds.add(r.citizen_id));
    const baseline = computeMetrics(nodesForBaseline(truth, await rawCitizenIds(ds.dir, truth), registryIds));
    return { dir: ds.dir, metrics, baseline, rows: truth.length };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const pct = (m: Metrics): string => `${m.doses.error} (${fmt((m.doses.relativeError ?? 0) * 100, 2)} %)`;

/** The headline figures of the main and the independent generator side by side (either may be absent). */
export function sideBySide(main: Metrics | null, indep: Metrics | null): string {
  const col = (m: Metrics | null, f: (m: Metrics) => string | number): string | number => (m ? f(m) : '–');
  const rows: [string, (m: Metrics) => string | number][] = [
    ['dose rows', (m) => m.rows],
    ['link precision', (m) => fmt(m.link.precision)],
    ['link recall', (m) => fmt(m.link.recall)],
    ['wrong links', (m) => m.link.wrong],
    ['dedupe precision (pairs)', (m) => fmt(m.dedupe.precision)],
    ['dedupe recall (pairs)', (m) => fmt(m.dedupe.recall)],
    ['real doses merged (pairs)', (m) => m.dedupe.realDosesMerged],
    ['dose-count error', pct],
    ['rows rejected', (m) => m.rejected],
  ];
  return table(
    ['metric', 'main generator', 'independent generator'],
    rows.map(([k, f]) => [k, col(main, f), col(indep, f)]),
  );
}

/** Per damage tag on the independent data: link and dedupe figures, with the naive join's recall beside them. */
export function independentByTag(m: Metrics, b: Metrics): string {
  const order = Object.entries(m.byTag).sort((x, y) => (x[1].link.recall ?? 2) - (y[1].link.recall ?? 2));
  const rows = order.map(([k, g]: [string, GroupMetrics]) => [
    k,
    g.rows,
    g.rejected,
    fmt(g.link.precision),
    fmt(g.link.recall),
    fmt(b.byTag[k]?.link.recall),
    g.link.wrong,
    g.dedupe.truePairs,
    fmt(g.dedupe.recall),
    g.dedupe.realDosesMerged,
  ]);
  return table(['tag (independent)', 'rows', 'rejected', 'link P', 'link R', 'naive R', 'wrong', 'dup pairs', 'dedupe R', 'merged'], rows);
}

/** Everything bench:accuracy prints for the independent generator. */
export function independentReport(r: IndependentResult): string {
  const m = r.metrics;
  const b = r.baseline;
  return [
    `Independent generator (bench/independent/): ${r.rows} dose rows, ${m.link.truthLinkable} with a registry person`,
    '',
    table(
      ['metric', 'vaxrec', 'naive join'],
      [
        ['link precision', fmt(m.link.precision), fmt(b.link.precision)],
        ['link recall', fmt(m.link.recall), fmt(b.link.recall)],
        ['wrong links', m.link.wrong, b.link.wrong],
        ['dedupe precision (pairs)', fmt(m.dedupe.precision), fmt(b.dedupe.precision)],
        ['dedupe recall (pairs)', fmt(m.dedupe.recall), fmt(b.dedupe.recall)],
        ['real doses merged (pairs)', m.dedupe.realDosesMerged, b.dedupe.realDosesMerged],
        ['doses out / real doses in', `${m.doses.out} / ${m.doses.eventsIn}`, `${b.doses.out} / ${b.doses.eventsIn}`],
        ['dose-count error', pct(m), pct(b)],
      ],
    ),
    '',
    independentByTag(m, b),
  ].join('\n');
}
