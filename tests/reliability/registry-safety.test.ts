// Registry safety: reconcile opens the database read-only; an import replaces the previous database only when
// it completes; a garbage or wrong-schema database is a clear input error.

import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { chmodSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/tmp.js';
import { BASIC_CASE } from './helpers.js';

const REGISTRY = join(BASIC_CASE, 'registry.csv');
const DOSES = join(BASIC_CASE, 'doses_f1.csv');

describe('registry safety', () => {
  const tmp = scratch();
  const reconcile = (db: string) =>
    runCli(['reconcile', '--registry', db, '--doses', DOSES, '--out', join(tmp.dir, 'out'), '--today', '2022-08-27']);

  it('the imported database is owner-only by default (personal data), and --umask 022 makes it readable by others', () => {
    const mode = (p: string) => statSync(p).mode & 0o777;
    const db = join(tmp.dir, 'private.sqlite');
    expect(runCli(['registry', 'import', REGISTRY, '--db', db, '--quiet']).code).toBe(0);
    expect(mode(db)).toBe(0o600);
    const shared = join(tmp.dir, 'shared.sqlite');
    expect(runCli(['registry', 'import', REGISTRY, '--db', shared, '--quiet', '--umask', '022']).code).toBe(0);
    expect(mode(shared)).toBe(0o644);
  });

  it('a garbage file given as --registry x.sqlite is an input error naming it (exit 2, no stack trace)', () => {
    const db = tmp.write('x.sqlite', 'this is not a database\n'.repeat(100));
    const r = reconcile(db);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/x\.sqlite: not a vaxrec registry database/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a SQLite file without the vaxrec tables is an input error naming it', () => {
    const db = join(tmp.dir, 'other.sqlite');
    const d = new Database(db);
    d.exec('CREATE TABLE t (a TEXT)');
    d.close();
    const r = reconcile(db);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/other\.sqlite: not a vaxrec registry database/);
  });

  it('a database of another schema version asks for a re-import', () => {
    const db = join(tmp.dir, 'v0.sqlite');
    expect(runCli(['registry', 'import', REGISTRY, '--db', db, '--quiet']).code).toBe(0);
    const d = new Database(db);
    d.prepare("UPDATE meta SET value = '0' WHERE key = 'schema_version'").run();
    d.close();
    const r = reconcile(db);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/v0\.sqlite: registry database has schema version 0, .*re-import it/);
  });

  it('a missing database is a usage error saying how to create it', () => {
    const r = reconcile(join(tmp.dir, 'nope.sqlite'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/registry import/);
  });

  it('reconcile opens the database read-only: the file is not modified, even when it is read-only on disk', () => {
    const db = join(tmp.dir, 'ro.sqlite');
    expect(runCli(['registry', 'import', REGISTRY, '--db', db, '--quiet']).code).toBe(0);
    const before = readFileSync(db);
    const mtime = statSync(db).mtimeMs;
    chmodSync(db, 0o400);
    const r = reconcile(db);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(statSync(db).mtimeMs).toBe(mtime);
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith('ro.sqlite-'))).toEqual([]);
  });

  it('an import that fails half-way (2nd file misses a column) leaves the previous database intact', () => {
    const db = join(tmp.dir, 'keep.sqlite');
    expect(runCli(['registry', 'import', REGISTRY, '--db', db, '--quiet']).code).toBe(0);
    const before = readFileSync(db);
    const bad = tmp.write('part2.csv', 'citizen_id,old_id,birth_date,gender,commune_code,phone\n001090099999,,01/01/1990,Nam,00001,\n');
    const r = runCli(['registry', 'import', REGISTRY, bad, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/part2\.csv:1 \(column full_name\): missing required column full_name/);
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(readdirSync(tmp.dir).filter((f) => f.includes('importing'))).toEqual([]);
    expect(reconcile(db).code).toBe(0);
  });
});
