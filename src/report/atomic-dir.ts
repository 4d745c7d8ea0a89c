// Atomic output folders and the --out lock: results appear in --out only when complete, and two runs never share it.

import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { LockedError } from '../errors.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Paths of the sibling files used while writing `out`. */
export function siblings(out: string) {
  const abs = resolve(out);
  const dir = dirname(abs);
  const name = basename(abs);
  return {
    dir,
    lock: join(dir, `.${name}.lock`),
    tmp: join(dir, `.${name}.tmp-${process.pid}`),
    old: join(dir, `.${name}.old-${process.pid}`),
    prefix: `.${name}.`,
    out: abs,
  };
}

/**
 * Take the lock on `out`. A lock left by a dead process (killed run) is taken over, so it never
 * stays stuck; a live holder makes this run refuse with a clear message.
 */
export function acquireLock(out: string): () => void {
  const s = siblings(out);
  mkdirSync(s.dir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(s.lock, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      recoverInterrupted(out);
      return () => rmSync(s.lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(s.lock, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new LockedError(`another vaxrec run (pid ${pid}) is writing ${out}; wait for it to finish or use another --out`);
      }
      rmSync(s.lock, { force: true });
    }
  }
  throw new LockedError(`cannot take the lock ${s.lock}`);
}

/** Clean up after a killed run: restore a previous result parked during a swap, drop half-written folders. */
function recoverInterrupted(out: string): void {
  const s = siblings(out);
  for (const entry of readdirSync(s.dir)) {
    if (!entry.startsWith(s.prefix)) continue;
    const path = join(s.dir, entry);
    if (entry.startsWith(`${s.prefix}old-`)) {
      if (!existsSync(s.out)) renameSync(path, s.out);
      else rmSync(path, { recursive: true, force: true });
    } else if (entry.startsWith(`${s.prefix}tmp-`)) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

/** A fresh temporary folder beside `out` (same file system, so the final rename is atomic). */
export function createStaging(out: string, mode: number): string {
  const s = siblings(out);
  rmSync(s.tmp, { recursive: true, force: true });
  mkdirSync(s.tmp, { recursive: true, mode });
  return s.tmp;
}

/** Move the completed staging folder into place, parking and then removing any previous result. */
export function commitStaging(out: string, staging: string): void {
  const s = siblings(out);
  if (existsSync(s.out)) {
    renameSync(s.out, s.old);
    renameSync(staging, s.out);
    rmSync(s.old, { recursive: true, force: true });
  } else {
    renameSync(staging, s.out);
  }
}
