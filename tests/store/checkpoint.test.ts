// A run's commit leaves its pages in the WAL; checkpointAside copies them into the store file on another thread while
// the run writes its outputs. What the store file alone holds tells whether that copy happened.

import Database from 'better-sqlite3';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkStore } from '../../src/store/work-store.js';
import { scratch } from '../helpers/tmp.js';

/** The runs the store file holds without its WAL (a copy of the file alone, opened on its own). */
function runsInFileAlone(path: string, dir: string): number {
  const alone = join(dir, `alone-${Math.random().toString(36).slice(2)}.sqlite`);
  copyFileSync(path, alone);
  const db = new Database(alone, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM runs WHERE finished IS NOT NULL').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('the checkpoint beside the outputs', () => {
  const tmp = scratch();

  it('leaves a committed run in the WAL, and copies it into the store file when asked', async () => {
    const path = join(tmp.dir, 'work.sqlite');
    const store = WorkStore.open(path, { create: true });
    try {
      // The new store's schema is in the WAL too: copied first, so the file alone can be read.
      expect(await store.checkpointAside()).toBeNull();
      const before = runsInFileAlone(path, tmp.dir);
      const run = store.beginRun('test', 'hash', '2026-12-08T00:00:00Z');
      store.finishRun(run, '2026-12-08T00:00:01Z', null, {});
      // Committed, but no checkpoint inside the commit: the file alone does not hold the run yet.
      expect(runsInFileAlone(path, tmp.dir)).toBe(before);
      expect(await store.checkpointAside()).toBeNull();
      expect(runsInFileAlone(path, tmp.dir)).toBe(before + 1);
    } finally {
      store.close();
    }
  });

  it('gives the reason back instead of failing when the store cannot be opened for it', async () => {
    const path = join(tmp.dir, 'gone.sqlite');
    const store = WorkStore.open(path, { create: true });
    try {
      for (const sfx of ['', '-wal', '-shm']) rmSync(path + sfx, { force: true });
      expect(await store.checkpointAside()).toMatch(/./);
    } finally {
      store.close();
    }
  });
});
