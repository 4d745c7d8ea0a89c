// Shared by the benchmarks: cached dataset generation, CSV reading, running the built CLI, table printing.

import { createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { parse } from 'csv-parse';
import { DAMAGE_RATES, GENERATOR_VERSION, generateDataset } from '../generate/index.js';

export interface DatasetParams {
  persons: number;
  doses?: number;
  seed: number;
  files: number;
  viHeaders?: boolean;
  /** Share of dose rows off the exact-ID path (see offIdRates); 0 or absent keeps the generator's own rates. */
  offId?: number;
}

/** Damage tags that put a dose row off the exact-ID path: no ID, a wrong one (typo, swap, malformed, E-notation) or a foreign one. */
export const OFF_ID_TAGS = ['id_missing', 'id_malformed', 'id_relative', 'id_digit_typo', 'id_transposition', 'id_enotation'] as const;

/**
 * Generator rate overrides that put about offId of the dose rows off the exact-ID path: the other ID damages keep
 * their rates and id_missing makes up the rest. (The generator draws at most one ID damage per row, id_missing
 * first, so the realised share is a little below offId: about 0.39 for 0.4.)
 */
export function offIdRates(offId: number): Record<string, number> | undefined {
  if (!(offId > 0)) return undefined;
  const other = OFF_ID_TAGS.filter((t) => t !== 'id_missing').reduce((s, t) => s + DAMAGE_RATES[t].rate, 0);
  return { id_missing: Math.max(0, offId - other) };
}

/** Generate into .cache/bench/v<generator version>-<params>/ unless a complete copy (generate.json is written last) is already there. */
export async function ensureDataset(p: DatasetParams, cacheRoot = '.cache/bench'): Promise<{ dir: string; cached: boolean; ms: number }> {
  const suffix = `${p.viHeaders ? '-vi' : ''}${p.offId ? `-o${p.offId}` : ''}`;
  const name = `v${GENERATOR_VERSION}-p${p.persons}-d${p.doses ?? 'default'}-s${p.seed}-f${p.files}${suffix}`;
  const dir = resolve(cacheRoot, name);
  if (existsSync(join(dir, 'generate.json'))) return { dir, cached: true, ms: 0 };
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const t0 = performance.now();
  await generateDataset({
    persons: p.persons,
    doses: p.doses,
    seed: p.seed,
    files: p.files,
    viHeaders: p.viHeaders,
    outDir: tmp,
    rates: offIdRates(p.offId ?? 0),
  });
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return { dir, cached: false, ms: performance.now() - t0 };
}

/** The dataset's dose files (doses_*.csv), sorted, as paths. */
export function datasetDoseFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /^doses_.*\.csv$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Stream a CSV file and call onRow with each data row as an object keyed by header. */
export async function readCsv(path: string, onRow: (row: Record<string, string>, index: number) => void): Promise<string[]> {
  const parser = createReadStream(path).pipe(parse({ bom: true, relax_column_count: true }));
  let header: string[] | null = null;
  let i = 0;
  for await (const rec of parser as AsyncIterable<string[]>) {
    if (!header) {
      header = rec;
      continue;
    }
    const o: Record<string, string> = {};
    header.forEach((h, k) => {
      o[h] = rec[k] ?? '';
    });
    onRow(o, i++);
  }
  return header ?? [];
}

/**
 * The node flags of the CLI's launcher (the first line of bin/vaxrec.js: `#!/usr/bin/env node`, or
 * `#!/usr/bin/env -S node <flags>`): a bench runs the CLI with them, as a user's `vaxrec` runs it.
 */
export function launcherFlags(bin = 'bin/vaxrec.js'): string[] {
  const first = readFileSync(bin, 'utf8').split('\n', 1)[0] ?? '';
  const m = /^#!\/usr\/bin\/env (?:-S )?node(.*)$/.exec(first);
  if (m === null) throw new Error(`${bin}: the launcher line is not "#!/usr/bin/env [-S] node [flags]": ${first}`);
  return m[1]!.trim().split(/\s+/).filter(Boolean);
}

export interface ChildResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident set (VmHWM) in MB, polled from /proc; null when /proc is unavailable. */
  peakRssMb: number | null;
}

/** Run a command, polling /proc/<pid>/status VmHWM every 100 ms for its peak RSS. */
export function runChild(cmd: string, args: string[], opts: { captureStdout?: boolean } = {}): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    let polled = false;
    child.stdout.on('data', (d: Buffer) => {
      if (opts.captureStdout !== false) stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const poll = async (): Promise<void> => {
      try {
        const s = await readFile(`/proc/${child.pid}/status`, 'utf8');
        const m = /VmHWM:\s+(\d+) kB/.exec(s);
        if (m) {
          peakKb = Math.max(peakKb, Number(m[1]));
          polled = true;
        }
      } catch {
        // the process has exited
      }
    };
    // VmHWM is a high-water mark, so a coarse poll still sees the peak; it only misses the last 100 ms.
    const timer = setInterval(() => void poll(), 100);
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      resolvePromise({ code: code ?? -1, stdout, stderr, ms: performance.now() - t0, peakRssMb: polled ? peakKb / 1024 : null });
    });
  });
}

export const fmt = (x: number | null | undefined, digits = 4): string =>
  x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits);

/** Plain-text table with right-aligned columns after the first. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Run a benchmark's main and set the exit code from its result; a throw prints its stack and exits 2. */
export function runMain(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${name}: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
