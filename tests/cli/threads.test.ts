// Link scoring on two threads (--threads 2): the built CLI and the built worker, since the worker runs compiled
// JavaScript. Two threads must give byte-identical outputs, and a worker that fails must cost time, never doses.

import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/tmp.js';
// The compiled modules (the worker thread runs dist/link/link-worker.js), typed by their sources.
const dist = (p: string): Promise<unknown> => import(new URL(`../../dist/${p}`, import.meta.url).href);
const { runStages } = (await dist('pipeline.js')) as typeof import('../../src/pipeline.js');
const { defaultConfig } = (await dist('config/index.js')) as typeof import('../../src/config/index.js');
const { silentLogger } = (await dist('log.js')) as typeof import('../../src/log.js');
const { buildRegistryIndex, createLinkStats, plainDecision } = (await dist('link/index.js')) as typeof import('../../src/link/index.js');
const { LinkWorker } = (await dist('link/parallel.js')) as typeof import('../../src/link/parallel.js');
const { loadCitizens } = (await dist('registry/store.js')) as typeof import('../../src/registry/store.js');

const tmp = scratch();
const data = join(tmp.dir, 'data');
const gen = runCli(['generate', '--persons', '4000', '--seed', '11', '--out', data, '--quiet']);
const db = join(tmp.dir, 'registry.sqlite');
const imp = runCli(['registry', 'import', join(data, 'registry.csv'), '--db', db, '--quiet']);
const doseFiles = readdirSync(data)
  .filter((f) => /^doses_.*\.csv$/.test(f))
  .sort()
  .map((f) => join(data, f));

function reconcile(threads: string, out: string, more: string[] = []) {
  return runCli([
    'reconcile',
    ...more,
    '--registry',
    db,
    '--doses',
    ...doseFiles,
    '--out',
    out,
    '--today',
    '2022-08-27',
    '--threads',
    threads,
    '--quiet',
    '--log-level',
    'info',
  ]);
}

/** The link stage's log line (JSON on stderr when not a TTY). */
function linkStage(stderr: string): Record<string, unknown> {
  const line = stderr.split('\n').find((l) => l.includes('"stage":"link"'));
  expect(line, 'link stage log line').toBeDefined();
  return JSON.parse(line!) as Record<string, unknown>;
}

describe('reconcile --threads', () => {
  it('sets up the data', () => {
    expect([gen.code, imp.code]).toEqual([0, 0]);
  });

  const one = reconcile('1', join(tmp.dir, 'one'));
  const two = reconcile('2', join(tmp.dir, 'two'));

  it('--threads 2 links on a worker thread too', () => {
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(linkStage(one.stderr)).toMatchObject({ threads: 1 });
    const s = linkStage(two.stderr);
    expect(s).toMatchObject({ threads: 2 });
    expect(s.workerDoses as number).toBeGreaterThan(0);
  });

  it('gives byte-identical outputs', () => {
    const files = readdirSync(join(tmp.dir, 'one')).sort();
    expect(readdirSync(join(tmp.dir, 'two')).sort()).toEqual(files);
    expect(files).toContain('clean_doses.csv');
    for (const f of files) expect(readFileSync(join(tmp.dir, 'two', f)).equals(readFileSync(join(tmp.dir, 'one', f))), f).toBe(true);
  });

  it('--threads 2 into a work store links on the worker too, and stores and exports the same as one thread', () => {
    const night = (threads: string, name: string) => reconcile(threads, join(tmp.dir, name), ['--store', join(tmp.dir, `${name}.sqlite`)]);
    const [a, b] = [night('1', 'store1'), night('2', 'store2')];
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(linkStage(a.stderr)).toMatchObject({ threads: 1 });
    expect(linkStage(b.stderr)).toMatchObject({ threads: 2 });
    expect(linkStage(b.stderr).workerDoses as number).toBeGreaterThan(0);
    for (const name of ['store1', 'store2']) {
      const e = runCli(['export', '--store', join(tmp.dir, `${name}.sqlite`), '--out', join(tmp.dir, `${name}-export`), '--quiet']);
      expect(e.code).toBe(0);
    }
    // summary.json and report.html name the store and the time of the run: the other files must be the same bytes.
    for (const [dir1, dir2] of [
      ['store1', 'store2'],
      ['store1-export', 'store2-export'],
    ]) {
      const files = readdirSync(join(tmp.dir, dir1!)).sort();
      expect(files).toContain('clean_doses.csv');
      for (const f of files.filter((x) => x !== 'summary.json' && x !== 'report.html')) {
        const one = readFileSync(join(tmp.dir, dir1!, f));
        expect(readFileSync(join(tmp.dir, dir2!, f)).equals(one), `${dir2}/${f}`).toBe(true);
      }
    }
  });

  it('refuses a thread count it does not have', () => {
    const r = reconcile('4', join(tmp.dir, 'four'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--threads must be 1, 2 or auto/);
  });
});

describe('LinkWorker', () => {
  const base = {
    registry: db,
    doses: doseFiles,
    excel: false,
    fileMode: 0o600,
    dirMode: 0o700,
    version: 'test',
    lang: 'en' as const,
    dateRange: {},
    dailyByCommune: false,
  };
  const config = { ...defaultConfig, normalize: { ...defaultConfig.normalize, today: '2022-08-27' } };
  const run = () => runStages({ ...base, out: join(tmp.dir, 'unused'), config, logger: silentLogger(), threads: 1 });

  async function viaWorker(dbPath: string) {
    const r = await run();
    const index = buildRegistryIndex(loadCitizens(db));
    const worker = new LinkWorker(dbPath, silentLogger());
    try {
      worker.shareIndex(index);
      const stats = createLinkStats();
      const got = await worker.linkAll(r.doses, index, r.model, config.link, stats, () => {});
      return { r, stats, got };
    } finally {
      await worker.close();
    }
  }

  it('links exactly as one thread does, statistics included', async () => {
    const { r, stats, got } = await viaWorker(db);
    expect(got.worker.failed).toBeNull();
    expect(got.worker.workerDoses).toBeGreaterThan(0);
    expect(got.decisions.map(plainDecision)).toEqual(r.decisions.map(plainDecision));
    expect(stats).toEqual(r.linkStats);
  });

  it('a worker that fails (here: no registry to load) leaves every dose to the main thread, with the same results', async () => {
    const { r, stats, got } = await viaWorker(join(tmp.dir, 'missing.sqlite'));
    expect(got.worker.failed).toMatch(/.+/);
    expect(got.worker.workerDoses).toBe(0);
    expect(got.decisions.map(plainDecision)).toEqual(r.decisions.map(plainDecision));
    expect(stats).toEqual(r.linkStats);
  });
});
