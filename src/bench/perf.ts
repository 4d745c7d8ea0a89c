// `npm run bench:perf -- --persons 1000000 [--doses 1000000] [--off-id 0.4] [--runs 3]`: time and peak RSS of
// `registry import` and `reconcile` stage by stage (from the CLI's pino "stage" log lines), against the
// csv-parse/csv-stringify floor and the DuckDB peer (peer-duckdb.ts), with link precision and recall of both.

import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { datasetDoseFiles, ensureDataset, fmt, launcherFlags, median, runChild, runMain, table, type ChildResult } from './common.js';
import type { LinkMetrics } from './metrics.js';
import type { PeerResult } from './peer-duckdb.js';
import { readTruth, scoreLinks, scoreOutputs } from './score.js';
import { parseStageLog, type RunLog } from './stage-log.js';

const USAGE = `Usage: npm run bench:perf -- [--persons 1000000] [--doses M] [--off-id 0.4] [--runs 3] [--seed 1] [--files 4]
       [--threads auto|1|2|1,2] [--semi-space launcher|16|64|16,64] [--peer yes|no] [--json report.json]
  --off-id  share of dose rows generated off the exact-ID path (no ID, a wrong or a relative's one); default: the generator's
  --semi-space  the young generation's semi-space in MB (node's --max-semi-space-size), or "launcher": the flags of
            bin/vaxrec.js's first line, as users run it (default). A list runs reconcile once per value in every run
  --peer    also run the DuckDB peer (src/bench/peer-duckdb.ts, 2 threads) on the same files in every run (default yes)`;

interface Measured {
  wallMs: number[];
  peakRssMb: (number | null)[];
  logs: RunLog[];
  /** Why a run failed (exit code and the last stderr lines), if one did. */
  failure?: string;
}

const failed = (r: ChildResult): boolean => r.code !== 0 && r.code !== 1;

function record(m: Measured, r: ChildResult, what: string): boolean {
  m.wallMs.push(r.ms);
  m.peakRssMb.push(r.peakRssMb);
  m.logs.push(parseStageLog(r.stderr));
  if (!failed(r)) return true;
  const tail = r.stderr
    .split('\n')
    .filter((l) => l && !l.startsWith('{'))
    .slice(0, 6)
    .join('\n  ');
  m.failure = `${what} failed with exit ${r.code} after ${(r.ms / 1000).toFixed(1)} s:\n  ${tail}`;
  return false;
}

function csvBytes(dir: string): number {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .reduce((s, f) => s + statSync(join(dir, f)).size, 0);
}

function stageTable(m: Measured): string {
  if (!m.logs.length) return '(no runs)';
  const names = [...new Set(m.logs.flatMap((l) => l.stages.map((s) => s.stage)))];
  const rows = names.map((n) => {
    const ms = m.logs.map((l) => l.stages.filter((s) => s.stage === n).reduce((a, s) => a + s.ms, 0));
    const r = m.logs[0].stages.find((s) => s.stage === n)?.rows ?? 0;
    const med = median(ms);
    return [n, r, fmt(med / 1000, 2), med > 0 ? Math.round((r / med) * 1000).toLocaleString('en-US') : '–'];
  });
  return table(['stage', 'rows', 'median s', 'rows/s'], rows);
}

const medOrNull = (xs: (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? median(v) : null;
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      persons: { type: 'string', default: '1000000' },
      doses: { type: 'string' },
      runs: { type: 'string', default: '3' },
      seed: { type: 'string', default: '1' },
      files: { type: 'string', default: '4' },
      json: { type: 'string' },
      'off-id': { type: 'string', default: '0' },
      peer: { type: 'string', default: 'yes' },
      // A comma-separated list (e.g. 1,2) runs reconcile once per value in every run: a comparison in the same run.
      threads: { type: 'string', default: 'auto' },
      'semi-space': { type: 'string', default: 'launcher' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const params = {
    persons: Number(values.persons),
    doses: values.doses ? Number(values.doses) : undefined,
    seed: Number(values.seed),
    files: Number(values.files),
    offId: Number(values['off-id']),
  };
  const runs = Number(values.runs);
  const threads = values.threads.split(',');
  const semis = values['semi-space'].split(',');
  // Each variant runs reconcile once per run: the thread counts times the young-generation sizes.
  const variants = threads.flatMap((t) => semis.map((y) => ({ threads: t, semi: y })));
  const nodeFlags = (semi: string): string[] =>
    semi === 'launcher'
      ? launcherFlags()
      : [...launcherFlags().filter((f) => !f.startsWith('--max-semi-space-size')), `--max-semi-space-size=${semi}`];
  const variantKey = (v: { threads: string; semi: string }): string => `${v.threads}/${v.semi}`;
  const withPeer = values.peer === 'yes';
  if (
    !(params.persons >= 1) ||
    !(runs >= 1) ||
    !threads.every((t) => ['auto', '1', '2'].includes(t)) ||
    !semis.every((y) => y === 'launcher' || /^[1-9]\d*$/.test(y)) ||
    !(params.offId >= 0 && params.offId < 1) ||
    !['yes', 'no'].includes(values.peer)
  ) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const label = (key: string, m: Pick<Measured, 'failure'>): string => {
    const [t, y] = key.split('/') as [string, string];
    const th = threads.length > 1 || t !== 'auto' ? ` --threads ${t}` : '';
    const semi = semis.length > 1 || y !== 'launcher' ? ` (semi-space ${y === 'launcher' ? 'as launched' : `${y} MB`})` : '';
    return `reconcile${th}${semi}${m.failure ? ' (FAILED)' : ''}`;
  };
  const ds = await ensureDataset(params);
  process.stdout.write(`dataset: ${ds.dir} (${ds.cached ? 'cached' : `generated in ${(ds.ms / 1000).toFixed(1)} s`})\n`);
  const registryCsv = join(ds.dir, 'registry.csv');
  const doseFiles = datasetDoseFiles(ds.dir);
  const inputBytes = [registryCsv, ...doseFiles].reduce((a, f) => a + statSync(f).size, 0);
  const work = mkdtempSync(join(tmpdir(), 'vaxrec-perf-'));
  const imp: Measured = { wallMs: [], peakRssMb: [], logs: [] };
  const recs = new Map<string, Measured>(variants.map((v) => [variantKey(v), { wallMs: [], peakRssMb: [], logs: [] }]));
  const rec = recs.get(variantKey(variants[0]!))!;
  const floor: { wallMs: number[]; peakRssMb: (number | null)[]; parseMs: number[]; writeMs: number[] } = {
    wallMs: [],
    peakRssMb: [],
    parseMs: [],
    writeMs: [],
  };
  const peer: { wallMs: number[]; peakRssMb: (number | null)[]; results: PeerResult[] } = { wallMs: [], peakRssMb: [], results: [] };
  // Accuracy is scored on the first run's outputs (every run gives the same).
  const truth = await readTruth(join(ds.dir, 'truth.csv'));
  let vaxrecLink: LinkMetrics | null = null;
  let peerLink: LinkMetrics | null = null;
  let outBytes = 0;
  let inputRows = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const db = join(work, `registry-${i}.sqlite`);
      const a = await runChild(process.execPath, [
        ...launcherFlags(),
        'bin/vaxrec.js',
        'registry',
        'import',
        registryCsv,
        '--db',
        db,
        '--log-level',
        'info',
        '--quiet',
      ]);
      if (!record(imp, a, 'registry import')) break;
      const out = join(work, `out-${i}`);
      let ok = true;
      const times: string[] = [];
      for (const v of variants) {
        const t = v.threads;
        const b = await runChild(process.execPath, [
          ...nodeFlags(v.semi),
          'bin/vaxrec.js',
          'reconcile',
          '--registry',
          db,
          '--doses',
          ...doseFiles,
          '--out',
          out,
          '--threads',
          t,
          '--log-level',
          'info',
          '--quiet',
        ]);
        ok = record(recs.get(variantKey(v))!, b, `reconcile --threads ${t}`) && ok;
        times.push(`${label(variantKey(v), { failure: ok ? undefined : 'failed' })} ${(b.ms / 1000).toFixed(1)} s`);
        // Without reconcile outputs, the floor writes as many bytes as the dose inputs (clean_doses is about that size).
        outBytes = ok ? csvBytes(out) : doseFiles.reduce((s, f) => s + statSync(f).size, 0);
        if (ok && !vaxrecLink) vaxrecLink = (await scoreOutputs(out, truth)).link;
        rmSync(out, { recursive: true, force: true });
        if (!ok) break;
      }
      rmSync(db, { force: true });
      // The floor runs with the launcher's flags too: like for like.
      const c = await runChild(process.execPath, [
        ...launcherFlags(),
        'dist/bench/floor.js',
        '--out-bytes',
        String(outBytes),
        '--out',
        join(work, 'floor.csv'),
        registryCsv,
        ...doseFiles,
      ]);
      if (failed(c)) throw new Error(`floor failed with exit ${c.code}: ${c.stderr.slice(-2000)}`);
      const f = JSON.parse(c.stdout.trim().split('\n').pop()!) as { rows: number; parseMs: number; writeMs: number };
      inputRows = f.rows;
      floor.wallMs.push(c.ms);
      floor.peakRssMb.push(c.peakRssMb);
      floor.parseMs.push(f.parseMs);
      floor.writeMs.push(f.writeMs);
      rmSync(join(work, 'floor.csv'), { force: true });
      if (withPeer) {
        const links = join(work, 'peer-links.csv');
        const peerArgs = ['dist/bench/peer-duckdb.js', '--registry', registryCsv, '--out', links, '--threads', '2', ...doseFiles];
        const p = await runChild(process.execPath, peerArgs);
        if (p.code !== 0) throw new Error(`the DuckDB peer failed with exit ${p.code}: ${p.stderr.slice(-2000)}`);
        peer.wallMs.push(p.ms);
        peer.peakRssMb.push(p.peakRssMb);
        peer.results.push(JSON.parse(p.stdout.trim().split('\n').pop()!) as PeerResult);
        if (!peerLink) peerLink = (await scoreLinks(links, truth)).link;
        rmSync(links, { force: true });
        times.push(`peer ${(p.ms / 1000).toFixed(1)} s`);
      }
      process.stdout.write(
        `run ${i + 1}/${runs}: import ${(a.ms / 1000).toFixed(1)} s, ${times.join(', ')}, floor ${(c.ms / 1000).toFixed(1)} s\n`,
      );
      // A failed reconcile (e.g. out of memory) would fail again: report what was measured.
      if (!ok) break;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (imp.failure) process.stdout.write(`\n${imp.failure}\n`);
  const failedRec = [...recs.values()].find((m) => m.failure);
  if (failedRec)
    process.stdout.write(
      `\n${failedRec.failure}\n(stage times below are those logged before the failure; the wall time is up to the failure)\n`,
    );
  const floorWall = median(floor.wallMs);
  const outWhat = failedRec ? "the dose inputs' size, as reconcile failed" : "the size of reconcile's CSV outputs";
  process.stdout.write(
    `\ninputs: ${(inputBytes / 1e6).toFixed(1)} MB, ${inputRows} CSV records (headers included); the floor writes ${(outBytes / 1e6).toFixed(1)} MB (${outWhat}); medians of ${rec.wallMs.length} run(s)\n\n`,
  );
  process.stdout.write(
    `${table(
      ['command', 'median wall s', 'median peak RSS MB (VmHWM)', 'peak RSS MB (CLI log)'],
      [
        [
          'registry import',
          fmt(median(imp.wallMs) / 1000, 2),
          fmt(medOrNull(imp.peakRssMb), 0),
          fmt(medOrNull(imp.logs.map((l) => l.peakRssMb)), 0),
        ],
        ...[...recs].map(([t, m]) => [
          label(t, m),
          fmt(median(m.wallMs) / 1000, 2),
          fmt(medOrNull(m.peakRssMb), 0),
          fmt(medOrNull(m.logs.map((l) => l.peakRssMb)), 0),
        ]),
        ['floor: csv-parse inputs + csv-stringify same output bytes', fmt(floorWall / 1000, 2), fmt(medOrNull(floor.peakRssMb), 0), '–'],
        ['  floor parse phase', fmt(median(floor.parseMs) / 1000, 2), '', ''],
        ['  floor write phase', fmt(median(floor.writeMs) / 1000, 2), '', ''],
        ...(peer.wallMs.length
          ? [
              [
                'DuckDB peer (2 threads, reads the registry CSV)',
                fmt(median(peer.wallMs) / 1000, 2),
                fmt(medOrNull(peer.peakRssMb), 0),
                '–',
              ],
            ]
          : []),
      ],
    )}\n\n`,
  );
  if (peer.results.length) {
    const steps = Object.keys(peer.results[0].steps);
    const r0 = peer.results[0];
    const n = (x: number): string => x.toLocaleString('en-US');
    process.stdout.write(`DuckDB peer steps (${n(r0.candidatePairs)} candidate pairs, ${n(r0.links)} links)\n`);
    const stepRows = steps.map((s) => [s, fmt(median(peer.results.map((r) => r.steps[s] ?? 0)) / 1000, 2)]);
    process.stdout.write(`${table(['step', 'median s'], stepRows)}\n\n`);
  }
  const acc = (l: LinkMetrics | null): string[] => [
    fmt(l?.precision),
    fmt(l?.recall),
    String(l?.wrong ?? '–'),
    String(l?.predictedLinks ?? '–'),
  ];
  const linkable = vaxrecLink?.truthLinkable ?? peerLink?.truthLinkable ?? '–';
  process.stdout.write(`link accuracy over ${truth.length} dose rows (${linkable} with a registry person), same truth, same metric code\n`);
  process.stdout.write(
    `${table(
      ['linker', 'precision', 'recall', 'wrong links', 'links'],
      [['vaxrec reconcile', ...acc(vaxrecLink)], ...(withPeer ? [['DuckDB peer', ...acc(peerLink)]] : [])],
    )}\n\n`,
  );
  process.stdout.write(`registry import stages\n${stageTable(imp)}\n\n`);
  for (const [t, m] of recs) process.stdout.write(`${label(t, m)} stages\n${stageTable(m)}\n\n`);
  for (const [t, m] of recs) {
    process.stdout.write(
      `ratio ${label(t, m)} / floor (wall): ${m.failure ? 'n/a (reconcile failed)' : fmt(median(m.wallMs) / floorWall, 2)}\n`,
    );
    if (peer.wallMs.length) {
      const r = m.failure ? 'n/a (reconcile failed)' : fmt(median(m.wallMs) / median(peer.wallMs), 2);
      process.stdout.write(`ratio ${label(t, m)} / DuckDB peer (wall): ${r}\n`);
    }
  }
  if (values.json) {
    const report = {
      params,
      runs,
      inputBytes,
      outBytes,
      import: imp,
      reconcile: Object.fromEntries(recs),
      floor,
      peer,
      accuracy: { vaxrec: vaxrecLink, peer: peerLink },
    };
    writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  }
  return imp.failure || failedRec ? 1 : 0;
}

runMain('bench:perf', main);
