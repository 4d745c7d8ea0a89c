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

/** When the process started (Linux: clock ticks since boot), so a pid reused after a crash is not taken for the holder. */
function startTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22, counted after the command name, which is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

/** The lock file's content: "pid start-time". */
function lockContent(): string {
  return `${process.pid} ${startTime(process.pid)}`.trim();
}

/** Is the run that wrote this lock content still running? */
function holderAlive(content: string): boolean {
  const [pidText, start] = content.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return false;
  if (start) {
    // A different start time: the pid was reused by another process after the holder died.
    const now = startTime(pid);
    if (now !== '' && now !== start) return false;
  }
  return true;
}

/** The refusal when a live run holds the lock (`content` is that lock's "pid start-time"). */
function heldByAnother(content: string, out: string): LockedError {
  const pid = content.trim().split(/\s+/)[0];
  return new LockedError(`another vaxrec run (pid ${pid}) is writing ${out}; wait for it to finish or use another --out`);
}

function readOrEmpty(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Locks this process holds, with a count: the pipeline takes the lock early and the writer takes it again. */
const held = new Map<string, number>();

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
 * stays stuck; a live holder makes this run refuse with a clear message. Re-entrant within a process.
 */
export function acquireLock(out: string): () => void {
  const s = siblings(out);
  const mine = held.get(s.lock);
  if (mine !== undefined) {
    held.set(s.lock, mine + 1);
    return releaser(s.lock);
  }
  mkdirSync(s.dir, { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(s.lock, 'wx', 0o600);
      writeSync(fd, lockContent());
      closeSync(fd);
      held.set(s.lock, 1);
      recoverInterrupted(out);
      return releaser(s.lock);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const content = readOrEmpty(s.lock);
      if (content === null) continue;
      if (holderAlive(content)) throw heldByAnother(content, out);
      // Take over a stale lock by renaming it away (atomic: of two runs doing this, one rename fails), then
      // check that what was moved is the stale lock read above and not a fresh lock taken in between.
      const aside = `${s.lock}.stale-${process.pid}`;
      try {
        renameSync(s.lock, aside);
      } catch (re) {
        if ((re as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw re;
      }
      const moved = readOrEmpty(aside);
      if (moved !== null && moved !== content && holderAlive(moved)) {
        if (!existsSync(s.lock)) renameSync(aside, s.lock);
        else rmSync(aside, { force: true });
        throw heldByAnother(moved, out);
      }
      rmSync(aside, { force: true });
    }
  }
  throw new LockedError(`cannot take the lock ${s.lock}; remove it if no vaxrec run is writing ${out}`);
}

function releaser(lock: string): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const n = (held.get(lock) ?? 1) - 1;
    if (n > 0) {
      held.set(lock, n);
      return;
    }
    held.delete(lock);
    rmSync(lock, { force: true });
  };
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
    } else if (entry.startsWith(`${s.prefix}tmp-`) || entry.startsWith(`${s.prefix}lock.stale-`)) {
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
