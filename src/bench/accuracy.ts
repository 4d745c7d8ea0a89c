// `npm run bench:accuracy [-- --persons 5000 --seed 1 --check]`: generate (cached), run the built CLI's reconcile,
// score its outputs against truth.csv next to the naive exact-ID join, and print the tables.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkMetrics, computeMetrics, nodesForBaseline, type GroupMetrics, type Metrics, type TruthRow } from './metrics.js';
import { readTruth, scoreOutputs } from './score.js';
import { datasetDoseFiles, ensureDataset, fmt, readCsv, runChild, runMain, table } from './common.js';
import { measureBlocking, type BlockingReport } from './blocking.js';
import { independentReport, runIndependent, sideBySide } from './independent.js';

const USAGE = `Usage: npm run bench:accuracy -- [--persons 5000] [--seed 1] [--files 4] [--doses M] [--vi-headers] [--check] [--json report.json] [--keep]
       [--admin-units 2025|as-entered] [--generator main|independent|both]
  --generator  the main generator (src/generate/), the independent one (bench/independent/), or both side by side (default);
               --json also writes the independent run's report beside the file (<name>.independent.json)
  --check   exit 1 unless link precision >= 0.998, recall >= 0.97, dedupe precision >= 0.998, recall >= 0.97
            and no real doses were merged`;

/** The raw citizen_id cell of every truth row (for the baseline), whatever the header language. */
async function rawCitizenIds(dir: string, truth: TruthRow[]): Promise<string[]> {
  const byKey = new Map<string, string>();
  for (const f of new Set(truth.map((t) => t.file))) {
    await readCsv(join(dir, f), (r, i) => {
      byKey.set(`${f}:${i + 2}`, r.citizen_id ?? r['Số CCCD/CMND'] ?? '');
    });
  }
  return truth.map((t) => byKey.get(`${t.file}:${t.line}`) ?? '');
}

function summaryRows(m: Metrics, b: Metrics): (string | number)[][] {
  return [
    ['link precision', fmt(m.link.precision), fmt(b.link.precision)],
    ['link recall', fmt(m.link.recall), fmt(b.link.recall)],
    ['link F1', fmt(m.link.f1), fmt(b.link.f1)],
    ['wrong links', m.link.wrong, b.link.wrong],
    ['dedupe precision (pairs)', fmt(m.dedupe.precision), fmt(b.dedupe.precision)],
    ['dedupe recall (pairs)', fmt(m.dedupe.recall), fmt(b.dedupe.recall)],
    ['  without review-by-design', fmt(m.dedupeDecidable.recall), fmt(b.dedupeDecidable.recall)],
    ['real doses merged (pairs)', m.dedupe.realDosesMerged, b.dedupe.realDosesMerged],
    ['doses out', m.doses.out, b.doses.out],
    ['real doses in (event_ids)', m.doses.eventsIn, b.doses.eventsIn],
    [
      'dose-count error',
      `${m.doses.error} (${fmt((m.doses.relativeError ?? 0) * 100, 2)} %)`,
      `${b.doses.error} (${fmt((b.doses.relativeError ?? 0) * 100, 2)} %)`,
    ],
    ['rows rejected', m.rejected, b.rejected],
  ];
}

function breakdown(title: string, groups: Record<string, GroupMetrics>, base: Record<string, GroupMetrics>): string {
  const rows = Object.entries(groups).map(([k, g]) => [
    k,
    g.rows,
    g.rejected,
    fmt(g.link.precision),
    fmt(g.link.recall),
    fmt(base[k]?.link.recall),
    g.link.wrong,
    g.dedupe.truePairs,
    fmt(g.dedupe.recall),
    g.dedupe.realDosesMerged,
  ]);
  return `${title}\n${table([title.split(' ')[1] ?? 'group', 'rows', 'rejected', 'link P', 'link R', 'naive R', 'wrong', 'dup pairs', 'dedupe R', 'merged'], rows)}`;
}

function blockingSection(r: BlockingReport): string {
  const pct = (n: number): string => `${((100 * n) / Math.max(1, r.truePairs)).toFixed(2)} %`;
  const rules = Object.entries(r.foundBy)
    .sort((a, b) => b[1] - a[1])
    .map(([rule, n]) => [rule, n, pct(n)]);
  const tags = Object.entries(r.byTag)
    .filter(([, g]) => g.missed > 0)
    .sort((a, b) => b[1].missed - a[1].missed)
    .map(([tag, g]) => [tag, g.pairs, g.missed, `${((100 * g.missed) / g.pairs).toFixed(2)} %`]);
  return [
    'Blocking (true matches among the candidates; the linker probes the fallback rules only when the primary ones find nobody linkable)',
    `true matches: ${r.truePairs}; missed by every rule: ${r.missedAll} (${pct(r.missedAll)}); not found by the primary rules: ${r.missedPrimary} (${pct(r.missedPrimary)}); records cut by a cap: ${r.capHitRecords}`,
    '',
    table(['found first by rule', 'true matches', 'share'], rules),
    ...(tags.length ? ['', table(['damage (blocking misses)', 'true matches', 'missed', 'share'], tags)] : []),
  ].join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      persons: { type: 'string', default: '5000' },
      seed: { type: 'string', default: '1' },
      files: { type: 'string', default: '4' },
      doses: { type: 'string' },
      check: { type: 'boolean', default: false },
      json: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'vi-headers': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      generator: { type: 'string', default: 'both' },
      'admin-units': { type: 'string', default: '2025' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const params = {
    persons: Number(values.persons),
    seed: Number(values.seed),
    files: Number(values.files),
    doses: values.doses ? Number(values.doses) : undefined,
    viHeaders: values['vi-headers'],
  };
  if (
    ![params.persons, params.seed, params.files].every((n) => Number.isInteger(n) && n >= 0) ||
    params.persons < 1 ||
    !['main', 'independent', 'both'].includes(values.generator)
  ) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  // The independent generator is a second opinion (issue 14): printed, never part of --check, which guards the main one.
  const independent = async (): Promise<Metrics> => {
    const p = { persons: params.persons, seed: params.seed, files: Math.max(1, params.files) };
    const r = await runIndependent(p, (s) => process.stdout.write(s));
    process.stdout.write(`\n${independentReport(r)}\n\n`);
    const json = values.json?.replace(/(\.json)?$/, '.independent.json');
    if (json) writeFileSync(json, `${JSON.stringify({ params: p, ...r }, null, 2)}\n`);
    return r.metrics;
  };
  if (values.generator === 'independent') {
    process.stdout.write(`${sideBySide(null, await independent())}\n`);
    return 0;
  }
  const ds = await ensureDataset(params);
  process.stdout.write(`dataset: ${ds.dir} (${ds.cached ? 'cached' : `generated in ${(ds.ms / 1000).toFixed(1)} s`})\n`);
  const doseFiles = datasetDoseFiles(ds.dir);
  const out = mkdtempSync(join(tmpdir(), 'vaxrec-acc-'));
  try {
    const args = [
      'bin/vaxrec.js',
      'reconcile',
      '--registry',
      join(ds.dir, 'registry.csv'),
      '--doses',
      ...doseFiles,
      '--out',
      out,
      '--quiet',
      '--admin-units',
      values['admin-units'],
    ];
    const run = await runChild(process.execPath, args);
    if (run.code >= 2 || run.code < 0) {
      process.stderr.write(`reconcile failed (exit ${run.code}):\n${run.stderr}\n`);
      return 2;
    }
    process.stdout.write(`reconcile: exit ${run.code}, ${(run.ms / 1000).toFixed(1)} s, peak RSS ${fmt(run.peakRssMb, 0)} MB\n\n`);
    const truth = await readTruth(join(ds.dir, 'truth.csv'));
    const m = await scoreOutputs(out, truth);
    const registryIds = new Set<string>();
    await readCsv(join(ds.dir, 'registry.csv'), (r) => registryIds.add(r.citizen_id));
    const b = computeMetrics(nodesForBaseline(truth, await rawCitizenIds(ds.dir, truth), registryIds));
    process.stdout.write(`${truth.length} dose rows, ${m.link.truthLinkable} with a registry person\n\n`);
    process.stdout.write(`${table(['metric', 'vaxrec', 'naive join'], summaryRows(m, b))}\n\n`);
    process.stdout.write(`${breakdown('By damage tag', m.byTag, b.byTag)}\n\n`);
    process.stdout.write(`${breakdown('By record kind', m.byKind, b.byKind)}\n\n`);
    const blocking = await measureBlocking(ds.dir, doseFiles, truth);
    process.stdout.write(`${blockingSection(blocking)}\n`);
    if (values.generator === 'both') process.stdout.write(`\n${sideBySide(m, await independent())}\n`);
    if (values.json) writeFileSync(values.json, `${JSON.stringify({ params, vaxrec: m, baseline: b, blocking }, null, 2)}\n`);
    if (values.check) {
      const fails = checkMetrics(m);
      process.stdout.write(fails.length ? `\nCHECK FAILED:\n  ${fails.join('\n  ')}\n` : '\nCHECK PASSED\n');
      return fails.length ? 1 : 0;
    }
    return 0;
  } finally {
    if (!values.keep) rmSync(out, { recursive: true, force: true });
    else process.stdout.write(`outputs kept in ${out}\n`);
  }
}

runMain('bench:accuracy', main);
