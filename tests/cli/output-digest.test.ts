// The outputs of a generated dataset, pinned byte for byte by their SHA-256: an optimisation must leave every
// output file exactly as it was (issue 15). A change that alters decisions on purpose rewrites the pins with
// UPDATE_GOLDEN=1 npm test, and its commit says which outputs moved and why.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/tmp.js';

const PINS = fileURLToPath(new URL('./cases/output-digest.json', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

function digests(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort())
    out[f] = createHash('sha256')
      .update(readFileSync(join(dir, f)))
      .digest('hex');
  return out;
}

describe('outputs of a generated dataset, byte for byte', () => {
  const tmp = scratch();
  // Every phenomenon of the generator at its default rate, in four files with Vietnamese headers; paths relative to
  // the dataset so that summary.json names the same files wherever the test runs.
  const gen = runCli(['generate', '--persons', '1500', '--seed', '15', '--out', tmp.dir, '--vi-headers', '--quiet']);
  const doses = readdirSync(tmp.dir)
    .filter((f) => f.startsWith('doses_'))
    .sort();
  const run = (out: string, extra: string[]) =>
    runCli(['reconcile', '--registry', 'registry.csv', '--doses', ...doses, '--out', out, '--today', '2022-08-27', '--quiet', ...extra], {
      cwd: tmp.dir,
    });
  const oneShot = run('out', ['--xlsx']);
  const twoThreads = run('out-threads', ['--threads', '2']);
  // The registry imported first: the run reads the citizens and the blocking index stored at import (registry/packed.ts).
  const imported = runCli(['registry', 'import', 'registry.csv', '--db', 'registry.sqlite', '--quiet'], { cwd: tmp.dir });
  const stored = runCli(
    [
      'reconcile',
      '--registry',
      'registry.sqlite',
      '--doses',
      ...doses,
      '--out',
      'out-stored',
      '--today',
      '2022-08-27',
      '--threads',
      '2',
      '--log-level',
      'info',
    ],
    { cwd: tmp.dir },
  );

  it('generates and reconciles the dataset', () => {
    expect(gen.code, gen.stderr).toBe(0);
    expect(doses.length).toBe(4);
    expect(oneShot.code, oneShot.stderr).toBe(0);
    expect(twoThreads.code, twoThreads.stderr).toBe(0);
    expect(imported.code, imported.stderr).toBe(0);
    expect(stored.code, stored.stderr).toBe(0);
  });

  it('writes exactly the pinned bytes', () => {
    const actual = { reconcile: digests(join(tmp.dir, 'out')) };
    if (update) writeFileSync(PINS, `${JSON.stringify(actual, null, 2)}\n`);
    expect(existsSync(PINS), 'pins missing: run UPDATE_GOLDEN=1 npx vitest run tests/cli/output-digest.test.ts').toBe(true);
    expect(actual).toEqual(JSON.parse(readFileSync(PINS, 'utf8')));
  });

  it('writes the same bytes with two threads', () => {
    const one = digests(join(tmp.dir, 'out'));
    delete one['mismatches.xlsx'];
    expect(digests(join(tmp.dir, 'out-threads'))).toEqual(one);
  });

  it('writes the same bytes from the index stored at import as from one built in memory', () => {
    expect(stored.stderr).toMatch(/"stage":"registry_load"[^\n]*"storedIndex":true/);
    // The link worker reads the stored citizens and the index's shared tables, and links its share of the doses.
    expect(stored.stderr).toMatch(/"stage":"link"[^\n]*"workerDoses":[1-9]/);
    expect(stored.stderr).not.toMatch(/link worker failed/);
    const one = digests(join(tmp.dir, 'out'));
    const got = digests(join(tmp.dir, 'out-stored'));
    // summary.json and report.html name the registry given (registry.sqlite, not registry.csv) and its import.
    for (const f of ['mismatches.xlsx', 'summary.json', 'report.html']) {
      delete one[f];
      delete got[f];
    }
    expect(got).toEqual(one);
  });
});
