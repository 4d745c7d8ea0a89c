// bench:nightly: a first night and then many small nights into one work store: each night's time and peak RSS.
//
//   npm run bench:nightly -- --citizens 200000 --first 400000 --nights 20 --per-night 10000 [--off-id 0.4] [--seed 1]
//
// The registry is imported once (not timed in the nights). The generated dose rows are cut in input order into the
// first night's file and then one file per night, so a person's doses land on different nights. --off-id sets the
// share of doses generated without a usable ID (id_missing), so that share takes the slow path of the linker.

import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { generateDataset } from '../generate/index.js';
import { datasetDoseFiles, launcherFlags, median, offIdRates, runChild, runMain, table } from './common.js';

interface Args {
  citizens: number;
  first: number;
  nights: number;
  perNight: number;
  offId: number;
  seed: number;
  keep: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { citizens: 100_000, first: 200_000, nights: 10, perNight: 5_000, offId: 0, seed: 1, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    switch (argv[i]) {
      case '--citizens':
        a.citizens = Number(v);
        i++;
        break;
      case '--first':
        a.first = Number(v);
        i++;
        break;
      case '--nights':
        a.nights = Number(v);
        i++;
        break;
      case '--per-night':
        a.perNight = Number(v);
        i++;
        break;
      case '--off-id':
        a.offId = Number(v);
        i++;
        break;
      case '--seed':
        a.seed = Number(v);
        i++;
        break;
      case '--keep':
        a.keep = true;
        break;
      default:
        throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return a;
}

/** Cut the dataset's dose rows, in input order, into files of the given sizes (each with the header). */
async function cutNights(doseFiles: readonly string[], sizes: readonly number[], dir: string): Promise<string[]> {
  const paths = sizes.map((_, n) => join(dir, `night_${String(n).padStart(3, '0')}.csv`));
  let night = 0;
  let inNight = 0;
  let header = '';
  let out = createWriteStream(paths[0]);
  const done: Promise<void>[] = [];
  const close = (s: ReturnType<typeof createWriteStream>) => done.push(new Promise((r) => s.end(r)));
  for (const f of doseFiles) {
    let first = true;
    for await (const line of createInterface({ input: createReadStream(f), crlfDelay: Infinity })) {
      if (first) {
        first = false;
        if (header === '') {
          header = line;
          out.write(`${header}\n`);
        }
        continue;
      }
      if (line === '' || night >= sizes.length) continue;
      if (inNight === sizes[night]) {
        close(out);
        night++;
        inNight = 0;
        if (night >= sizes.length) continue;
        out = createWriteStream(paths[night]);
        out.write(`${header}\n`);
      }
      out.write(`${line}\n`);
      inNight++;
    }
  }
  close(out);
  await Promise.all(done);
  return paths.slice(0, night + 1);
}

/** The store's size on disk and per record version (every version is a row of `records`), and its two big columns. */
function storeSize(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    const bytes = statSync(path).size + (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
    const r = db
      .prepare(
        `SELECT count(*) AS n, sum(length(CAST(dose AS BLOB))) AS dose, sum(length(CAST(decision AS BLOB))) AS decision,
          sum(substr(dose, 1, 1) = '[') AS compactDoses, sum(substr(decision, 1, 1) = '[') AS compactDecisions FROM records`,
      )
      .get() as { n: number; dose: number; decision: number; compactDoses: number; compactDecisions: number };
    const per = (x: number) => Math.round(x / r.n);
    return (
      `store: ${(bytes / 1e6).toFixed(1)} MB for ${r.n} record versions: ${per(bytes)} bytes per record on disk; ` +
      `dose ${per(r.dose)} B and decision ${per(r.decision)} B a record (compact: ${r.compactDoses} doses, ${r.compactDecisions} decisions)`
    );
  } finally {
    db.close();
  }
}

async function main(): Promise<number> {
  const a = parseArgs(process.argv.slice(2));
  const bin = resolve('bin/vaxrec.js');
  const root = resolve('.cache/bench-nightly', `c${a.citizens}-f${a.first}-n${a.nights}x${a.perNight}-o${a.offId}-s${a.seed}`);
  const gen = join(root, 'gen');
  const total = a.first + a.nights * a.perNight;
  if (!existsSync(join(gen, 'generate.json'))) {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(gen, { recursive: true });
    // Doses without a usable ID take the linker's slow path: make that share --off-id, other ID damage included.
    const rates = offIdRates(a.offId);
    process.stdout.write(`generating ${a.citizens} persons, ~${total} doses...\n`);
    await generateDataset({ persons: a.citizens, doses: Math.ceil(total * 1.02), seed: a.seed, files: 4, outDir: gen, rates });
  }
  const nightsDir = join(root, 'nights');
  rmSync(nightsDir, { recursive: true, force: true });
  mkdirSync(nightsDir, { recursive: true });
  const files = await cutNights(datasetDoseFiles(gen), [a.first, ...Array.from({ length: a.nights }, () => a.perNight)], nightsDir);
  const registry = join(root, 'registry.sqlite');
  if (!existsSync(registry)) {
    const imp = await runChild(process.execPath, [
      ...launcherFlags(),
      bin,
      'registry',
      'import',
      join(gen, 'registry.csv'),
      '--db',
      registry,
      '--quiet',
    ]);
    if (imp.code !== 0) throw new Error(`registry import failed: ${imp.stderr}`);
  }
  const store = join(root, 'work.sqlite');
  for (const sfx of ['', '-wal', '-shm']) rmSync(store + sfx, { force: true });
  const rows: (string | number)[][] = [];
  const secs: number[] = [];
  for (const [n, f] of files.entries()) {
    const r = await runChild(process.execPath, [
      ...launcherFlags(),
      bin,
      'reconcile',
      '--store',
      store,
      '--registry',
      registry,
      '--doses',
      f,
      '--out',
      join(root, 'out'),
      '--quiet',
      '--today',
      '2022-08-27',
    ]);
    if (r.code !== 0) throw new Error(`night ${n} failed (${r.code}): ${r.stderr.slice(0, 2000)}`);
    const doses = n === 0 ? a.first : a.perNight;
    secs.push(r.ms / 1000);
    rows.push([
      n === 0 ? 'first' : String(n),
      doses,
      (r.ms / 1000).toFixed(2),
      Math.round((doses * 1000) / r.ms),
      r.peakRssMb === null ? '–' : r.peakRssMb.toFixed(0),
    ]);
    process.stdout.write(`night ${n}: ${doses} doses in ${(r.ms / 1000).toFixed(2)} s, peak RSS ${r.peakRssMb?.toFixed(0) ?? '–'} MB\n`);
  }
  process.stdout.write(`\n${table(['night', 'doses', 'seconds', 'doses/s', 'peak RSS MB'], rows)}\n`);
  const small = secs.slice(1);
  if (small.length >= 2) {
    process.stdout.write(
      `\nsmall nights: median ${median(small).toFixed(2)} s; last/first ${(small[small.length - 1] / small[0]).toFixed(2)}; first night ${Math.round(a.first / secs[0])} doses/s\n`,
    );
  }
  process.stdout.write(`\n${storeSize(store)}\n`);
  if (!a.keep) rmSync(join(root, 'out'), { recursive: true, force: true });
  return 0;
}

runMain('bench:nightly', main);
