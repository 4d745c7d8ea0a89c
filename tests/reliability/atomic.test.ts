// Atomic, idempotent outputs: --out holds a complete result or the previous one, never a mix; a live run
// locks --out, a dead run's lock is taken over; re-running gives byte-identical files; files are owner-only.

import { describe, expect, it, beforeAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acquireLock, commitStaging, createStaging, siblings } from '../../src/report/atomic-dir.js';
import { LockedError } from '../../src/errors.js';
import { BIN, runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/tmp.js';

const KILL_RUNS = Number(process.env.KILL_RUNS ?? 5);

/** Every file of a folder with its bytes (the whole result, to compare two results exactly). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) out[f] = readFileSync(join(dir, f), 'latin1');
  return out;
}

function sleeper(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
}

describe('atomic-dir (unit)', () => {
  const tmp = scratch();

  it('a live holder makes a second taker refuse with LockedError naming the pid; release frees it', () => {
    const out = join(tmp.dir, 'u1');
    const child = sleeper();
    try {
      writeFileSync(siblings(out).lock, String(child.pid));
      expect(() => acquireLock(out)).toThrow(LockedError);
      expect(() => acquireLock(out)).toThrow(new RegExp(`pid ${child.pid}\\) is writing`));
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a lock left by a dead process, an empty lock, or a reused pid with another start time is taken over', async () => {
    const out = join(tmp.dir, 'u2');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    for (const content of [String(dead), '', 'garbage', `${process.ppid} 1`]) {
      writeFileSync(siblings(out).lock, content);
      const release = acquireLock(out);
      expect(readFileSync(siblings(out).lock, 'utf8').split(' ')[0]).toBe(String(process.pid));
      release();
      expect(existsSync(siblings(out).lock)).toBe(false);
    }
  });

  it('is re-entrant within one process and removes the lock on the last release', () => {
    const out = join(tmp.dir, 'u3');
    const outer = acquireLock(out);
    const inner = acquireLock(out);
    inner();
    expect(existsSync(siblings(out).lock)).toBe(true);
    outer();
    expect(existsSync(siblings(out).lock)).toBe(false);
  });

  it('recovers from a run killed between parking the old result and moving the new one in', () => {
    const out = join(tmp.dir, 'u4');
    const s = siblings(out);
    // What a run killed mid-swap leaves: no --out, the previous result parked, a complete staging folder.
    mkdirSync(join(tmp.dir, '.u4.old-99999999'));
    writeFileSync(join(tmp.dir, '.u4.old-99999999', 'a.csv'), 'previous');
    mkdirSync(join(tmp.dir, '.u4.tmp-99999999'));
    writeFileSync(s.lock, '99999999');
    const release = acquireLock(out);
    release();
    expect(snapshot(out)).toEqual({ 'a.csv': 'previous' });
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith('.u4.'))).toEqual([]);
  });

  it('commitStaging replaces the previous result in one step and leaves nothing beside it', () => {
    const out = join(tmp.dir, 'u5');
    const release = acquireLock(out);
    for (const v of ['one', 'two']) {
      const st = createStaging(out, 0o700);
      writeFileSync(join(st, 'a.csv'), v);
      commitStaging(out, st);
      expect(snapshot(out)).toEqual({ 'a.csv': v });
    }
    release();
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith('.u5.'))).toEqual([]);
  });
});

describe('reconcile killed with SIGKILL at random points (CLI)', () => {
  const tmp = scratch();
  const gen = join(tmp.dir, 'gen');
  const out = join(tmp.dir, 'out');
  let argsA: string[] = [];
  let argsB: string[] = [];
  let A: Record<string, string> = {};
  let B: Record<string, string> = {};
  let msB = 1500;

  beforeAll(() => {
    expect(runCli(['generate', '--persons', '3000', '--out', gen, '--seed', '3', '--quiet']).code).toBe(0);
    expect(runCli(['registry', 'import', join(gen, 'registry.csv'), '--db', join(gen, 'registry.sqlite'), '--quiet']).code).toBe(0);
    const common = ['--registry', join(gen, 'registry.sqlite'), '--today', '2022-08-27', '--quiet'];
    // Result B (all four files) first, to get a model; both runs pin it so that writing is a large part of the run.
    const first = runCli([
      'reconcile',
      ...common,
      '--doses',
      ...['01', '02', '03', '04'].map((n) => join(gen, `doses_${n}.csv`)),
      '--out',
      join(tmp.dir, 'b'),
    ]);
    expect(first.code, first.stderr).toBe(0);
    const model = join(tmp.dir, 'model.json');
    writeFileSync(model, readFileSync(join(tmp.dir, 'b', 'model.json')));
    argsA = ['reconcile', ...common, '--model', model, '--doses', join(gen, 'doses_01.csv'), '--out', out];
    argsB = [
      'reconcile',
      ...common,
      '--model',
      model,
      '--doses',
      ...['01', '02', '03', '04'].map((n) => join(gen, `doses_${n}.csv`)),
      '--out',
      out,
    ];
    const t0 = performance.now();
    expect(runCli(argsB).code).toBe(0);
    msB = performance.now() - t0;
    B = snapshot(out);
    expect(runCli(argsA).code).toBe(0);
    A = snapshot(out);
    expect(A).not.toEqual(B);
  }, 120_000);

  it('re-running on the same inputs gives byte-identical files', () => {
    expect(runCli(argsA).code).toBe(0);
    expect(snapshot(out)).toEqual(A);
  });

  it(
    `after ${KILL_RUNS} kills at random delays, --out is always the previous or the new result, and the next run is not blocked`,
    async () => {
      const outcomes: string[] = [];
      for (let i = 0; i < KILL_RUNS; i++) {
        // Spread the kills over the whole run, including the write and the final swap.
        const delay = Math.round(((i + Math.random()) / KILL_RUNS) * msB * 1.15);
        const child = spawn(process.execPath, [BIN, ...argsB], { stdio: 'ignore' });
        const exited = new Promise<NodeJS.Signals | number | null>((res) => child.on('exit', (code, sig) => res(sig ?? code)));
        await new Promise((r) => setTimeout(r, delay));
        child.kill('SIGKILL');
        const how = await exited;
        const parked = readdirSync(tmp.dir).filter((f) => f.startsWith('.out.old-'));
        let state: string;
        if (existsSync(out)) {
          const snap = snapshot(out);
          state = JSON.stringify(snap) === JSON.stringify(A) ? 'previous' : JSON.stringify(snap) === JSON.stringify(B) ? 'new' : 'MIX';
        } else {
          // Killed between the two renames of the swap: the previous result is parked whole and comes back on the next run.
          expect(parked).toHaveLength(1);
          expect(snapshot(join(tmp.dir, parked[0]!))).toEqual(A);
          state = 'parked';
        }
        outcomes.push(`${delay}ms:${how}:${state}`);
        expect(state, outcomes.join(' ')).not.toBe('MIX');
        // The dead run's lock must not block the next run, which restores result A.
        const next = runCli(argsA);
        expect(next.code, next.stderr).toBe(0);
        expect(snapshot(out)).toEqual(A);
        expect(readdirSync(tmp.dir).filter((f) => f.startsWith('.out.'))).toEqual([]);
      }
      console.log(`kill test: ${outcomes.join(' ')}`);
    },
    60_000 + KILL_RUNS * 10_000,
  );

  it('a second run while one holds --out refuses with exit 3 and a clear message, and leaves --out alone', () => {
    const child = sleeper();
    try {
      writeFileSync(siblings(out).lock, String(child.pid));
      const r = runCli(argsB);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(
        new RegExp(`another vaxrec run \\(pid ${child.pid}\\) is writing .*out; wait for it to finish or use another --out`),
      );
      expect(snapshot(out)).toEqual(A);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('output files are owner-only by default, and --umask 022 makes them readable by others', () => {
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(out)).toBe(0o700);
    for (const f of Object.keys(A)) expect(mode(join(out, f)), f).toBe(0o600);
    const out2 = join(tmp.dir, 'shared');
    expect(runCli([...argsA.slice(0, -1), out2, '--umask', '022']).code).toBe(0);
    expect(mode(out2)).toBe(0o755);
    for (const f of Object.keys(A)) expect(mode(join(out2, f)), f).toBe(0o644);
  });
});
