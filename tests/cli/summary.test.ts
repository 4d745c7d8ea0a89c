import { afterEach, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerSummary } from '../../src/cli/summary.js';
import { UsageError } from '../../src/errors.js';
import { buildSummary } from '../../src/report/outputs.js';
import { scratch } from '../helpers/tmp.js';
import { countIssues, makeOptions, makeRun } from '../report/run-fixture.js';

const tmp = scratch();

/** A finished run's folder: summary.json from a hand-built run (plus reported totals) and two result files. */
function runFolder(name: string): string {
  const dir = join(tmp.dir, name);
  mkdirSync(dir);
  const r = makeRun(
    [
      { status: 'verified' },
      { status: 'review', codes: ['ID_MISSING'], linkCodes: ['LINK_AMBIGUOUS'] },
      { status: 'verified', dupOf: 0 },
      { status: 'unmatched', codes: ['ID_BAD_FORMAT'] },
    ],
    [{ reason: 'NAME_MISSING' }],
  );
  const { issues, moh } = countIssues(r);
  const summary = {
    ...buildSummary(r, makeOptions(dir), issues, moh),
    reported_gap: { reported: 2517, entered: 2349, distinct: 2300, gap: 168 },
  };
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
  writeFileSync(join(dir, 'clean_doses.csv'), 'record_id\n');
  writeFileSync(join(dir, 'report.html'), '<!DOCTYPE html>');
  return dir;
}

async function run(args: string[]): Promise<string> {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out.push(String(s));
    return true;
  });
  const program = new Command().exitOverride();
  registerSummary(program);
  await program.parseAsync(['node', 'vaxrec', 'summary', ...args]);
  return out.join('');
}

afterEach(() => vi.restoreAllMocks());

describe('vaxrec summary', () => {
  const dir = runFolder('done');

  it('prints the key figures as a table', async () => {
    const text = await run([dir]);
    expect(text).toMatch(/input rows\s+5\n/);
    expect(text).toMatch(/distinct doses\s+3\s+60\.0%/);
    expect(text).toMatch(/duplicates folded\s+1\s+20\.0%/);
    expect(text).toMatch(/row accounting\s+holds/);
    expect(text).toMatch(/review\s+1\s+33\.3%/);
    expect(text).toMatch(/a {2}no ID\s+1\s+33\.3%/);
    expect(text).toMatch(/missing \(reported - entered\)\s+168\s+6\.7%/);
    expect(text).toMatch(/NAME_MISSING\s+1/);
    expect(text).toMatch(/LINK_AMBIGUOUS\s+1/);
    expect(text).toContain('Files: clean_doses.csv, report.html');
  });

  it('prints the same figures as JSON with --json', async () => {
    const f = JSON.parse(await run([dir, '--json']));
    expect(f.rows).toEqual({ input: 5, distinct: 3, duplicates: 1, rejects: 1, accountingHolds: true });
    expect(f.linkStatus).toEqual({ verified: 1, verified_with_discrepancy: 0, corrected: 0, review: 1, unmatched: 1 });
    expect(f.moh).toEqual({ a: 1, b: 1, c: 0 });
    expect(f.reported).toEqual({ reported: 2517, entered: 2349, distinct: 2300, gap: 168 });
    expect(f.files).toEqual(['clean_doses.csv', 'report.html']);
  });

  it.each([
    ['a missing folder', () => join(tmp.dir, 'nope'), 'no such folder'],
    ['a file', () => tmp.write('file.txt', 'x'), 'is not a folder'],
    [
      'a folder without summary.json',
      () => {
        const d = join(tmp.dir, 'empty');
        mkdirSync(d);
        return d;
      },
      'has no summary.json',
    ],
    [
      'invalid JSON',
      () => {
        const d = join(tmp.dir, 'bad');
        mkdirSync(d);
        writeFileSync(join(d, 'summary.json'), '{');
        return d;
      },
      'is not valid JSON',
    ],
    [
      'another JSON file',
      () => {
        const d = join(tmp.dir, 'other');
        mkdirSync(d);
        writeFileSync(join(d, 'summary.json'), '{"a":1}');
        return d;
      },
      'is not a vaxrec summary',
    ],
  ])('%s is a UsageError naming it', async (_what, make, message) => {
    const d = make();
    const err = await run([d]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain(d);
    expect((err as Error).message).toContain(message);
  });
});
