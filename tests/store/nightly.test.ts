// The work store through the CLI: sequence neutrality, re-exports and corrections, stable people, registry updates,
// kills, migrations and the single writer.

import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { BIN, runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/tmp.js';
import { COUNT_BY_STATUS_SQL, FOLDED_INTO_SQL, LAST_ROW_SEQ_SQL, STORE_SCHEMA_VERSION, WorkStore } from '../../src/store/work-store.js';
import { siblings } from '../../src/report/atomic-dir.js';

const DEMO = fileURLToPath(new URL('../../fixtures/demo/', import.meta.url));
const TODAY = ['--today', '2022-08-27', '--log-level', 'error'];
const STATE_FILES = ['clean_doses.csv', 'duplicates.csv', 'mismatches.csv', 'rejects.csv', 'daily_report.csv'];

function ok(r: { code: number; stdout: string; stderr: string }): void {
  expect(r.stderr, r.stderr).toBe('');
  expect(r.code).toBe(0);
}

function read(dir: string, f: string): string {
  return readFileSync(join(dir, f), 'utf8');
}

function rows(file: string): Record<string, string>[] {
  return parse(readFileSync(file), { columns: true, bom: true, relax_quotes: true });
}

/** The files of two outputs compared as sorted lines (the issue's acceptance test), and byte for byte. */
function expectSameState(a: string, b: string): void {
  for (const f of STATE_FILES) {
    const x = read(a, f);
    const y = read(b, f);
    expect(y.split('\n').sort(), f).toEqual(x.split('\n').sort());
    expect(y, f).toBe(x);
  }
}

function oneShot(tmp: ReturnType<typeof scratch>, out: string, registry: string, doses: string[], extra: string[] = []): void {
  ok(runCli(['reconcile', '--registry', registry, '--doses', ...doses, '--out', join(tmp.dir, out), ...TODAY, '--quiet', ...extra]));
}

function night(tmp: ReturnType<typeof scratch>, store: string, out: string, registry: string, doses: string[], extra: string[] = []) {
  const r = runCli([
    'reconcile',
    '--store',
    join(tmp.dir, store),
    '--registry',
    registry,
    '--doses',
    ...doses,
    '--out',
    join(tmp.dir, out),
    ...TODAY,
    ...extra,
  ]);
  ok(r);
  return r;
}

function exportTo(tmp: ReturnType<typeof scratch>, store: string, out: string): string {
  ok(runCli(['export', '--store', join(tmp.dir, store), '--out', join(tmp.dir, out), '--quiet']));
  return join(tmp.dir, out);
}

function changes(tmp: ReturnType<typeof scratch>, out: string): Record<string, string>[] {
  return rows(join(tmp.dir, out, 'changes.csv'));
}

describe('work store: sequence neutrality', () => {
  const tmp = scratch();
  const registry = join(DEMO, 'registry.csv');
  const files = ['doses_01.csv', 'doses_02.csv', 'doses_03.csv'].map((f) => join(DEMO, f));
  oneShot(tmp, 'one', registry, files);
  const model = join(tmp.dir, 'one', 'model.json');

  it('the demo fixtures in three nights export exactly what one run over all of them writes', () => {
    for (const [k, f] of files.entries()) night(tmp, 'w.sqlite', `n${k}`, registry, [f], ['--model', model]);
    expectSameState(join(tmp.dir, 'one'), exportTo(tmp, 'w.sqlite', 'exp'));
    const check = runCli(['store', 'check', '--store', join(tmp.dir, 'w.sqlite')]);
    ok(check);
    expect(check.stdout).toMatch(/accounting holds: 676 rows/);
  });

  it('store status says what the store holds (files with rows and SHA-256, snapshot, model, statuses, review queue)', () => {
    const r = runCli(['store', 'status', '--store', join(tmp.dir, 'w.sqlite'), '--json']);
    ok(r);
    const s = JSON.parse(r.stdout);
    expect(s.files.map((f: { name: string }) => f.name)).toEqual(files);
    expect(s.files.every((f: { sha256: string; rows: number }) => /^[0-9a-f]{64}$/.test(f.sha256) && f.rows > 0)).toBe(true);
    expect(s.runs).toBe(3);
    expect(s.registry.citizens).toBe(294);
    expect(s.model.source).toBe('pinned (--model)');
    const summary = JSON.parse(read(join(tmp.dir, 'one'), 'summary.json'));
    expect(s.linkStatus).toEqual(Object.fromEntries(Object.entries(summary.counts.link_status).filter(([, v]) => (v as number) > 0)));
    expect(s.waitingForReview).toBe(summary.counts.link_status.review);
    const text = runCli(['store', 'status', '--store', join(tmp.dir, 'w.sqlite')]);
    ok(text);
    expect(text.stdout).toMatch(/waiting for review: \d+/);
  });

  it('random splits of generated data into nights give the one-run export, person keys included (property)', () => {
    const gen = join(tmp.dir, 'gen');
    ok(runCli(['generate', '--persons', '250', '--files', '3', '--seed', '11', '--out', gen, '--quiet']));
    // Cut the generated rows into 6 chunk files, so one person's doses land on different nights.
    const genFiles = ['doses_01.csv', 'doses_02.csv', 'doses_03.csv'].map((f) => join(gen, f)).filter((f) => existsSync(f));
    const lines = genFiles.flatMap((f) =>
      read(gen, f.slice(gen.length + 1))
        .trimEnd()
        .split('\n'),
    );
    const header = lines[0];
    const body = lines.filter((l) => l !== header);
    const chunks: string[] = [];
    const per = Math.ceil(body.length / 6);
    for (let c = 0; c < 6; c++) chunks.push(tmp.write(`chunk_${c}.csv`, `${header}\n${body.slice(c * per, (c + 1) * per).join('\n')}\n`));
    oneShot(tmp, 'gen-one', join(gen, 'registry.csv'), chunks);
    const genModel = join(tmp.dir, 'gen-one', 'model.json');
    let run = 0;
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (cuts) => {
        const store = `split-${run}.sqlite`;
        let nightFiles: string[] = [];
        let n = 0;
        chunks.forEach((c, i) => {
          nightFiles.push(c);
          if (i === chunks.length - 1 || cuts[i]) {
            night(tmp, store, `split-${run}-n${n++}`, join(gen, 'registry.csv'), nightFiles, ['--model', genModel, '--quiet']);
            nightFiles = [];
          }
        });
        expectSameState(join(tmp.dir, 'gen-one'), exportTo(tmp, store, `split-${run}-exp`));
        run++;
      }),
      { numRuns: 3, seed: 7 },
    );
  });

  // CS38003-0000001 (doses_01.csv) is verified on its own ID; this copy of its dose has no ID and a birth date a day off,
  // so it waits for review with that citizen as its best candidate, and is folded into the verified copy (findFollowers).
  it.each([
    ['the review copy on night 1, its verified copy on night 2', true],
    ['the verified copy on night 1, the review copy on night 2', false],
  ])('a review copy of a verified dose: %s, as one run (issue 14)', (_what, copyFirst) => {
    const first = join(DEMO, 'doses_01.csv');
    const header = readFileSync(first, 'utf8').split('\n')[0];
    const copy = tmp.write(
      'review_copy.csv',
      `${header}\nCS99001-0000001,Nguyễn Văn Trường,23/02/1996,Nam,,,26743,CS99001,ASTRAZENECA,A3458,2,05/02/2022,\n`,
    );
    const order = copyFirst ? [copy, first] : [first, copy];
    const tag = copyFirst ? 'copy-first' : 'copy-last';
    oneShot(tmp, `${tag}-one`, registry, order, ['--model', model]);
    const dup = rows(join(tmp.dir, `${tag}-one`, 'duplicates.csv')).find((r) => r.record_id === 'CS99001-0000001');
    expect(dup?.kept_record_id).toBe('CS38003-0000001');
    expect(dup?.detail).toMatch(/review record grouped with its best candidate's doses/);
    for (const [k, f] of order.entries()) night(tmp, `${tag}.sqlite`, `${tag}-n${k}`, registry, [f], ['--model', model, '--quiet']);
    expectSameState(join(tmp.dir, `${tag}-one`), exportTo(tmp, `${tag}.sqlite`, `${tag}-exp`));
  });

  // A third dose of the same citizen, at CS38001 where doses_01.csv holds one verified on his ID: no ID, a birth date a
  // day off, so the model leaves it in review; the facility's history links it (link/history.ts), whichever night comes first.
  it.each([
    ['the record without ID on night 1, the verified dose at its facility on night 2', true],
    ['the verified dose on night 1, the record without ID on night 2', false],
  ])("a record without ID linked by its facility's history: %s, as one run (issue 14)", (_what, recordFirst) => {
    const first = join(DEMO, 'doses_01.csv');
    const header = readFileSync(first, 'utf8').split('\n')[0];
    const third = tmp.write(
      'history_dose.csv',
      `${header}\nCS38001-0099001,Nguyễn Văn Trường,23/02/1996,Nam,,,26743,CS38001,PFIZER,FK1234,3,10/06/2022,\n`,
    );
    const order = recordFirst ? [third, first] : [first, third];
    const tag = recordFirst ? 'history-first' : 'history-last';
    oneShot(tmp, `${tag}-one`, registry, order, ['--model', model]);
    const clean = rows(join(tmp.dir, `${tag}-one`, 'clean_doses.csv')).find((r) => r.record_id === 'CS38001-0099001');
    expect(clean).toMatchObject({ citizen_id: '079096270464', link_status: 'corrected' });
    const why = rows(join(tmp.dir, `${tag}-one`, 'mismatches.csv')).find(
      (r) => r.record_id === 'CS38001-0099001' && r.issue === 'ID_CORRECTED',
    );
    expect(why?.detail).toMatch(/vaccinated at CS38001 on their own ID/);
    for (const [k, f] of order.entries()) night(tmp, `${tag}.sqlite`, `${tag}-n${k}`, registry, [f], ['--model', model, '--quiet']);
    expectSameState(join(tmp.dir, `${tag}-one`), exportTo(tmp, `${tag}.sqlite`, `${tag}-exp`));
  });

  it("a link by the facility's history is taken back when the verified dose there is corrected to another facility", () => {
    const first = join(DEMO, 'doses_01.csv');
    const lines = readFileSync(first, 'utf8').trimEnd().split('\n');
    const third = tmp.write(
      'history_back.csv',
      `${lines[0]}\nCS38001-0099001,Nguyễn Văn Trường,23/02/1996,Nam,,,26743,CS38001,PFIZER,FK1234,3,10/06/2022,\n`,
    );
    const moved = lines[1].replace(',26743,CS38001,', ',26743,CS38002,');
    expect(moved).not.toBe(lines[1]);
    const fix = tmp.write('history_fix.csv', `${lines[0]}\n${moved}\n`);
    oneShot(tmp, 'back-one', registry, [first, third, fix], ['--model', model]);
    const clean = rows(join(tmp.dir, 'back-one', 'clean_doses.csv')).find((r) => r.record_id === 'CS38001-0099001');
    expect(clean?.link_status).toBe('review');
    night(tmp, 'back.sqlite', 'back-n1', registry, [first, third], ['--model', model, '--quiet']);
    const linked = rows(join(tmp.dir, 'back-n1', 'clean_doses.csv')).find((r) => r.record_id === 'CS38001-0099001');
    expect(linked?.link_status).toBe('corrected');
    night(tmp, 'back.sqlite', 'back-n2', registry, [fix], ['--model', model, '--quiet']);
    expectSameState(join(tmp.dir, 'back-one'), exportTo(tmp, 'back.sqlite', 'back-exp'));
  });
});

describe('work store: re-exports, corrections and known files', () => {
  const tmp = scratch();
  const registry = join(DEMO, 'registry.csv');
  const first = join(DEMO, 'doses_01.csv');
  const lines = readFileSync(first, 'utf8').trimEnd().split('\n');
  // Tonight's file: two rows exported again unchanged, one corrected (a new lot), one new record.
  const corrected = lines[3].replace(',3564122,', ',3564999,');
  const fresh = lines[4].replace('CS38001-0000002', 'CS38001-9999999').replace('31/12/2021', '28/01/2022').replace(',1,28/01', ',2,28/01');
  const second = tmp.write('tonight.csv', `${[lines[0], lines[1], lines[2], corrected, fresh].join('\n')}\n`);
  const copy = tmp.write('copy_of_first.csv', readFileSync(first));
  const oneModel = join(tmp.dir, 'one', 'model.json');
  oneShot(tmp, 'one', registry, [first, second, copy]);

  it('recognises re-exported rows, takes a changed row as the correction and skips a file already ingested', () => {
    night(tmp, 'w.sqlite', 'n1', registry, [first], ['--model', oneModel]);
    const r = night(tmp, 'w.sqlite', 'n2', registry, [second, copy]);
    expect(r.stdout).toMatch(/1 new records, 1 corrected, 2 recognised, 0 rejects, 1 file\(s\) skipped/);
    const ch = changes(tmp, 'n2');
    const id = lines[3].split(',')[0];
    expect(
      ch
        .filter((c) => c.change === 'recognised')
        .map((c) => c.record_id)
        .sort(),
    ).toEqual([lines[1].split(',')[0], lines[2].split(',')[0]].sort());
    expect(ch.find((c) => c.change === 'corrected')?.record_id).toBe(id);
    expect(ch.find((c) => c.change === 'new')?.record_id).toBe('CS38001-9999999');
    const summary = JSON.parse(read(join(tmp.dir, 'n2'), 'summary.json'));
    expect(summary.skipped_files).toEqual([{ file: copy, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), same_as: first }]);
    // Tonight's clean_doses.csv holds the records added or changed tonight, with the corrected lot.
    const clean = rows(join(tmp.dir, 'n2', 'clean_doses.csv'));
    expect(clean.find((c) => c.record_id === id)?.lot_number).toBe('3564999');
    expect(clean.some((c) => c.record_id === lines[1].split(',')[0])).toBe(false);
  });

  it('the export holds the corrected version, the old one as SUPERSEDED and the re-exports as REEXPORT, as one run over the files does', () => {
    const exp = exportTo(tmp, 'w.sqlite', 'exp');
    expectSameState(join(tmp.dir, 'one'), exp);
    const dups = rows(join(exp, 'duplicates.csv'));
    const id = lines[3].split(',')[0];
    expect(dups.filter((d) => d.rule === 'SUPERSEDED').map((d) => [d.record_id, d.source_file, d.line])).toEqual([[id, first, '4']]);
    expect(dups.filter((d) => d.rule === 'REEXPORT').map((d) => d.source_file)).toEqual([second, second]);
    const clean = rows(join(exp, 'clean_doses.csv'));
    expect(clean.filter((c) => c.record_id === id).map((c) => [c.lot_number, c.source_file])).toEqual([['3564999', second]]);
    ok(runCli(['store', 'check', '--store', join(tmp.dir, 'w.sqlite')]));
  });
});

describe('work store: stable people', () => {
  const tmp = scratch();
  const registry = join(DEMO, 'registry.csv');
  const header =
    'record_id,full_name,birth_date,gender,citizen_id,phone,commune_code,facility_code,vaccine,lot_number,dose_number,dose_date';
  // Two people missing from the registry (no ID): A's two doses, and B whose first entry is mistyped as A's sibling.
  const a1 = 'X-1,Lều Thị Mận,03/04/1981,Nữ,,0912000111,25431,CS38001,Pfizer,FA1111,1,01/10/2021';
  const a2 = 'X-2,Lều Thị Mận,03/04/1981,Nữ,,0912000111,25431,CS38003,Pfizer,FA2222,2,29/10/2021';
  const b1 = 'X-3,Khổng Văn Quý,17/09/1975,Nam,,0988000222,25431,CS38001,Moderna,MD3333,1,05/10/2021';
  const night1 = tmp.write('n1.csv', `${header}\n${a1}\n${a2}\n${b1}\n`);
  // Night 2: X-2 corrected to another person (a split of A's group); X-3 corrected to A (a merge into A's group).
  const night2 = tmp.write(
    'n2.csv',
    `${header}\n${a2.replace('Lều Thị Mận', 'Mạc Văn Tùng').replace('03/04/1981', '11/11/1990').replace('Nữ', 'Nam').replace('0912000111', '0977000333')}\n${b1.replace('Khổng Văn Quý', 'Lều Thị Mận').replace('17/09/1975', '03/04/1981').replace('Nam', 'Nữ').replace('0988000222', '0912000111')}\n`,
  );
  oneShot(tmp, 'seed', registry, [join(DEMO, 'doses_01.csv')]);
  const model = join(tmp.dir, 'seed', 'model.json');

  it('a key, once given, names the group of its earliest record; a split and a merge are in changes.csv', () => {
    night(tmp, 'w.sqlite', 'n1', registry, [night1], ['--model', model]);
    const before = new Map(rows(join(tmp.dir, 'n1', 'clean_doses.csv')).map((c) => [c.record_id, c.person_key]));
    expect(before.get('X-1')).toBe(before.get('X-2'));
    expect(before.get('X-3')).not.toBe(before.get('X-1'));
    night(tmp, 'w.sqlite', 'n2', registry, [night2]);
    const after = new Map(rows(join(exportTo(tmp, 'w.sqlite', 'exp'), 'clean_doses.csv')).map((c) => [c.record_id, c.person_key]));
    // X-1 came first: its group keeps its key; X-2 left it (split), X-3 joined it (merge) and B's key is retired.
    expect(after.get('X-1')).toBe(before.get('X-1'));
    expect(after.get('X-3')).toBe(before.get('X-1'));
    expect(after.get('X-2')).not.toBe(before.get('X-1'));
    const ch = changes(tmp, 'n2');
    expect(ch.find((c) => c.record_id === 'X-2' && c.change === 'person_split')).toMatchObject({
      before: before.get('X-1'),
      after: after.get('X-2'),
    });
    expect(ch.find((c) => c.record_id === 'X-3' && c.change === 'person_merged')).toMatchObject({
      before: before.get('X-3'),
      after: before.get('X-1'),
    });
    // And the same files in one run give the same keys.
    oneShot(tmp, 'one', registry, [night1, night2], ['--model', model]);
    expectSameState(join(tmp.dir, 'one'), join(tmp.dir, 'exp'));
  });
});

describe('work store: registry updates', () => {
  const tmp = scratch();
  const regLines = readFileSync(join(DEMO, 'registry.csv'), 'utf8').trimEnd().split('\n');
  const doses = ['doses_01.csv', 'doses_02.csv'].map((f) => join(DEMO, f));
  const ids = new Set(rows(doses[0]).map((d) => d.citizen_id));
  // R1 lacks a citizen whose doses are in night 1's file; R2 adds them back and changes another's birth date.
  const missing = regLines.findIndex((l, i) => i > 0 && ids.has(l.split(',')[0]));
  const changed = regLines.findIndex((l, i) => i > missing && ids.has(l.split(',')[0]));
  const r1 = tmp.write('r1.csv', `${regLines.filter((_, i) => i !== missing).join('\n')}\n`);
  const changedLine = regLines[changed].split(',');
  const [d, m, y] = changedLine[3].split('/');
  changedLine[3] = `${d}/${m}/${Number(y) - 3}`;
  const r2 = tmp.write('r2.csv', `${regLines.map((l, i) => (i === changed ? changedLine.join(',') : l)).join('\n')}\n`);
  oneShot(tmp, 'seed', join(DEMO, 'registry.csv'), doses);
  const model = join(tmp.dir, 'seed', 'model.json');

  it('a new snapshot re-evaluates the doses of changed and added citizens; the export equals one run on the new registry', () => {
    night(tmp, 'w.sqlite', 'n1', r1, [doses[0]], ['--model', model]);
    const r = night(tmp, 'w.sqlite', 'n2', r2, [doses[1]]);
    expect(r.stdout).toMatch(/decisions redone for the new registry/);
    const ch = changes(tmp, 'n2');
    const added = regLines[missing].split(',')[0];
    const moved = changedLine[0];
    const addedRecords = rows(doses[0])
      .filter((x) => x.citizen_id === added)
      .map((x) => x.record_id);
    const movedRecords = rows(doses[0])
      .filter((x) => x.citizen_id === moved)
      .map((x) => x.record_id);
    for (const id of addedRecords)
      expect(
        ch.find((c) => c.record_id === id && c.change === 'relinked'),
        id,
      ).toMatchObject({ after: `verified ${added}` });
    for (const id of movedRecords)
      expect(
        ch.some((c) => c.record_id === id && (c.change === 'status_changed' || c.change === 'relinked')),
        id,
      ).toBe(true);
    oneShot(tmp, 'one', r2, doses, ['--model', model]);
    expectSameState(join(tmp.dir, 'one'), exportTo(tmp, 'w.sqlite', 'exp'));
  });
});

describe('work store: the snapshot hash of a registry database already seen', () => {
  const tmp = scratch();
  const regLines = readFileSync(join(DEMO, 'registry.csv'), 'utf8').trimEnd().split('\n');
  const doses = ['doses_01.csv', 'doses_02.csv', 'doses_03.csv'].map((f) => join(DEMO, f));
  const importDb = (name: string, lines: string[]): string => {
    const csv = tmp.write(`${name}.csv`, `${lines.join('\n')}\n`);
    const db = join(tmp.dir, `${name}.sqlite`);
    ok(runCli(['registry', 'import', csv, '--db', db, '--quiet']));
    return db;
  };
  // The night's log lines go to a file (night() wants an empty stderr); its registry_snapshot line says which way.
  const log = (out: string): string[] => ['--log-level', 'info', '--log-file', join(tmp.dir, `${out}.log`)];
  const remembered = (out: string): boolean => {
    const line = readFileSync(join(tmp.dir, `${out}.log`), 'utf8')
      .split('\n')
      .find((l) => l.includes('"stage":"registry_snapshot"'));
    return (JSON.parse(line!) as { remembered: boolean }).remembered;
  };
  const summary = (out: string) => JSON.parse(readFileSync(join(tmp.dir, out, 'summary.json'), 'utf8')).store;

  it('is remembered for the same import, made again for another one, and a change is still seen', () => {
    const a = importDb('a', regLines);
    night(tmp, 'w.sqlite', 'n1', a, [doses[0]], log('n1'));
    night(tmp, 'w.sqlite', 'n2', a, [doses[1]], log('n2'));
    expect([remembered('n1'), remembered('n2')]).toEqual([false, true]);
    expect(summary('n2').registry_snapshot).toBe(summary('n1').registry_snapshot);
    // Another import of the registry with one citizen's birth year changed: hashed again, and its doses redone.
    const line = regLines[1].split(',');
    const [d, m, y] = line[3].split('/');
    line[3] = `${d}/${m}/${Number(y) - 3}`;
    const b = importDb(
      'b',
      regLines.map((l, i) => (i === 1 ? line.join(',') : l)),
    );
    night(tmp, 'w.sqlite', 'n3', b, [doses[2]], log('n3'));
    expect(remembered('n3')).toBe(false);
    expect(summary('n3').registry_snapshot).not.toBe(summary('n2').registry_snapshot);
    expect(summary('n3').tonight.relinked).toBeGreaterThan(0);
    // The same citizens imported again are a new import: hashed again, to the same snapshot.
    const a2 = importDb('a2', regLines);
    night(tmp, 'w.sqlite', 'n4', a2, [doses[2]], log('n4'));
    expect(remembered('n4')).toBe(false);
    expect(summary('n4').registry_snapshot).toBe(summary('n1').registry_snapshot);
  });
});

describe('work store: safety', () => {
  const tmp = scratch();
  const registry = join(DEMO, 'registry.csv');
  const files = ['doses_01.csv', 'doses_02.csv'].map((f) => join(DEMO, f));
  oneShot(tmp, 'seed', registry, files);
  const model = join(tmp.dir, 'seed', 'model.json');

  it('a run killed at any moment leaves the store as it was before or as it is after, never between', async () => {
    night(tmp, 'w.sqlite', 'n1', registry, [files[0]], ['--model', model]);
    const before = exportTo(tmp, 'w.sqlite', 'before');
    const db = join(tmp.dir, 'w.sqlite');
    const saved = join(tmp.dir, 'saved.sqlite');
    copyFileSync(db, saved);
    const args = [
      'reconcile',
      '--store',
      db,
      '--registry',
      registry,
      '--doses',
      files[1],
      '--out',
      join(tmp.dir, 'n2'),
      ...TODAY,
      '--quiet',
    ];
    const outcomes: string[] = [];
    for (const delay of [150, 300, 450, 600, 800]) {
      copyFileSync(saved, db);
      for (const sfx of ['-wal', '-shm']) if (existsSync(db + sfx)) writeFileSync(db + sfx, '');
      const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
      // Listen before the delay: a run that finishes first has already exited when the kill comes.
      const exited = new Promise((r) => child.on('exit', r));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;
      ok(runCli(['store', 'check', '--store', db]));
      const state = exportTo(tmp, 'w.sqlite', `k${delay}`);
      const same = STATE_FILES.every((f) => read(state, f) === read(before, f));
      outcomes.push(same ? 'before' : 'after');
      if (!same) {
        // The run had committed: the state is the two nights', exactly.
        oneShot(tmp, `after-${delay}`, registry, files, ['--model', model]);
        expectSameState(join(tmp.dir, `after-${delay}`), state);
      }
    }
    // The next run after a kill is not blocked (the killed run's lock is taken over) and completes the night.
    copyFileSync(saved, db);
    night(tmp, 'w.sqlite', 'n2b', registry, [files[1]]);
    oneShot(tmp, 'both', registry, files, ['--model', model]);
    expectSameState(join(tmp.dir, 'both'), exportTo(tmp, 'w.sqlite', 'final'));
    expect(outcomes.length).toBe(5);
  }, 120_000);

  it('a second writer gets exit 3 while a run holds the store', () => {
    const db = join(tmp.dir, 'locked.sqlite');
    writeFileSync(siblings(db).lock, String(process.pid));
    const r = runCli(['reconcile', '--store', db, '--registry', registry, '--doses', files[0], '--out', join(tmp.dir, 'lk'), ...TODAY]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/another vaxrec run \(pid \d+\)/);
    expect(existsSync(db)).toBe(false);
  });

  it('an older store is migrated forward; a newer one is refused with a clear message and left unchanged', () => {
    const old = join(tmp.dir, 'old.sqlite');
    WorkStore.createAtVersion(old, 1);
    night(tmp, 'old.sqlite', 'm1', registry, [files[0]], ['--model', model]);
    const s = JSON.parse(runCli(['store', 'status', '--store', old, '--json']).stdout);
    expect(s.schemaVersion).toBe(STORE_SCHEMA_VERSION);
    expect(STORE_SCHEMA_VERSION).toBe(7);
    const migrated = new Database(old, { readonly: true });
    const cols = migrated.prepare('PRAGMA table_info(records)').all() as { name: string }[];
    expect(cols.map((c) => c.name)).toContain('decided_by');
    // 5: the doses folded into a kept one are found through the partial index, not by a scan of the store.
    const plan = migrated.prepare(`EXPLAIN QUERY PLAN ${FOLDED_INTO_SQL}`).all('R1') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX records_folded/);
    // 6: the nightly counts by status read their partial index, not the table.
    const counts = migrated.prepare(`EXPLAIN QUERY PLAN ${COUNT_BY_STATUS_SQL}`).all() as { detail: string }[];
    expect(counts.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX records_status/);
    // 6: and the night's first row number from an index, not a scan.
    const seq = migrated.prepare(`EXPLAIN QUERY PLAN ${LAST_ROW_SEQ_SQL}`).all() as { detail: string }[];
    expect(seq.map((p) => p.detail).join(' ')).toMatch(/SEARCH records USING COVERING INDEX records_row_seq/);
    expect(seq.map((p) => p.detail).join(' ')).not.toMatch(/SCAN records/);
    // 7: each review record's best candidate, the records a citizen leads found by index (issue 14).
    const leadsSql = 'SELECT record_key FROM review_leads WHERE citizen_id = ?';
    const leadPlan = migrated.prepare(`EXPLAIN QUERY PLAN ${leadsSql}`).all('C') as { detail: string }[];
    expect(leadPlan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX review_leads_citizen/);
    const leadsOf = (db: Database.Database): unknown[] =>
      db.prepare('SELECT record_key, citizen_id FROM review_leads ORDER BY record_key').all();
    const leads = leadsOf(migrated);
    const reviews = migrated.prepare("SELECT count(*) AS n FROM records WHERE state = 'current' AND status = 'review'").get() as {
      n: number;
    };
    expect(leads.length).toBeGreaterThan(0);
    expect(leads.length).toBe(reviews.n);
    migrated.close();
    // A schema-6 store holding records gains them from its review decisions: the same rows the nights wrote.
    const six = join(tmp.dir, 'six.sqlite');
    copyFileSync(old, six);
    const w6 = new Database(six);
    w6.exec("DROP TABLE review_leads; UPDATE meta SET value = '6' WHERE key = 'schema_version'");
    w6.close();
    night(tmp, 'six.sqlite', 'm6', registry, [files[0]], ['--model', model]);
    const r6 = new Database(six, { readonly: true });
    expect(leadsOf(r6)).toEqual(leads);
    r6.close();
    // Each older version is migrated forward: a version-2 store gains the analysts' decisions (3).
    for (const [steps, name] of [
      [1, 'old.sqlite'],
      [2, 'old2.sqlite'],
    ] as const) {
      const p = join(tmp.dir, name);
      if (steps === 2) {
        WorkStore.createAtVersion(p, 2);
        night(tmp, name, 'm2', registry, [files[0]], ['--model', model]);
      }
      const db = new Database(p, { readonly: true });
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
      const version = (db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string }).value;
      db.close();
      expect(tables, name).toEqual(expect.arrayContaining(['review_decisions', 'review_pending']));
      expect(version, name).toBe(String(STORE_SCHEMA_VERSION));
    }

    const newer = join(tmp.dir, 'newer.sqlite');
    WorkStore.createAtVersion(newer, 2);
    const h = new Database(newer);
    h.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
    h.close();
    const bytes = readFileSync(newer);
    const r = runCli(['reconcile', '--store', newer, '--registry', registry, '--doses', files[0], '--out', join(tmp.dir, 'nw'), ...TODAY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`schema version 99, newer than this vaxrec's ${STORE_SCHEMA_VERSION}: use a newer vaxrec`));
    expect(readFileSync(newer).equals(bytes)).toBe(true);
  });

  it('a schema-3 store (records as whole JSON) is migrated to compact records and exports and runs on as before', () => {
    const p = join(tmp.dir, 's3.sqlite');
    night(tmp, 's3.sqlite', 's3a', registry, [files[0]], ['--model', model]);
    const before = exportTo(tmp, 's3.sqlite', 's3-before');
    copyFileSync(p, join(tmp.dir, 's4.sqlite'));
    WorkStore.rewriteAsSchema3(p);
    const forms = () => {
      const db = new Database(p, { readonly: true });
      const r = db
        .prepare('SELECT group_concat(DISTINCT substr(dose, 1, 1) || substr(decision, 1, 1)) AS f, count(*) AS n FROM records')
        .get();
      const version = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get();
      db.close();
      return { ...(r as { f: string; n: number }), version };
    };
    const old = forms();
    expect(old).toMatchObject({ f: '{{', version: '3' });
    expect(old.n).toBeGreaterThan(0);
    // Read-only commands refuse an older store; a run migrates it (here one that adds nothing: the file is known).
    expect(runCli(['export', '--store', p, '--out', join(tmp.dir, 's3-refused')]).stderr).toMatch(/schema version 3: run vaxrec reconcile/);
    night(tmp, 's3.sqlite', 's3b', registry, [files[0]]);
    expect(forms()).toEqual({ f: '[[', n: old.n, version: String(STORE_SCHEMA_VERSION) });
    // The pages the whole JSON took are given back (VACUUM after the migration).
    const db = new Database(p, { readonly: true });
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    db.close();
    expectSameState(before, exportTo(tmp, 's3.sqlite', 's3-after'));
    // The next night on the migrated store is the next night on the store that never left schema 4.
    night(tmp, 's3.sqlite', 's3c', registry, [files[1]]);
    night(tmp, 's4.sqlite', 's4c', registry, [files[1]]);
    expectSameState(join(tmp.dir, 's4c'), join(tmp.dir, 's3c'));
    expect(read(join(tmp.dir, 's3c'), 'changes.csv')).toBe(read(join(tmp.dir, 's4c'), 'changes.csv'));
    expectSameState(exportTo(tmp, 's4.sqlite', 's4-final'), exportTo(tmp, 's3.sqlite', 's3-final'));
  });

  it('export and status of a store that does not exist are usage errors saying how to make one', () => {
    const r = runCli(['store', 'status', '--store', join(tmp.dir, 'nope.sqlite')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not found; a first run creates it: vaxrec reconcile --store/);
  });
});

describe('work store: the pinned model', () => {
  const tmp = scratch();
  const registry = join(DEMO, 'registry.csv');
  // The first night is small, so the model trained on it differs from one trained on everything.
  const small = tmp.write('small.csv', `${readFileSync(join(DEMO, 'doses_01.csv'), 'utf8').split('\n').slice(0, 40).join('\n')}\n`);
  const rest = ['doses_02.csv', 'doses_03.csv'].map((f) => join(DEMO, f));

  it('model train says what a new model would change without changing anything; --apply uses it and records the changes', () => {
    night(tmp, 'w.sqlite', 'n1', registry, [small]);
    night(tmp, 'w.sqlite', 'n2', registry, rest);
    const first = JSON.parse(runCli(['store', 'status', '--store', join(tmp.dir, 'w.sqlite'), '--json']).stdout).model;
    expect(first.source).toBe('trained on the first run');
    const before = exportTo(tmp, 'w.sqlite', 'before');
    const dry = runCli(['model', 'train', '--store', join(tmp.dir, 'w.sqlite'), '--registry', registry, ...TODAY, '--json']);
    ok(dry);
    const preview = JSON.parse(dry.stdout);
    expect(preview.applied).toBe(false);
    expect(preview.changed).toBeGreaterThan(0);
    expectSameState(before, exportTo(tmp, 'w.sqlite', 'after-dry'));

    const applied = runCli([
      'model',
      'train',
      '--store',
      join(tmp.dir, 'w.sqlite'),
      '--registry',
      registry,
      ...TODAY,
      '--apply',
      '--out',
      join(tmp.dir, 'retrain'),
      '--json',
    ]);
    ok(applied);
    expect(JSON.parse(applied.stdout)).toMatchObject({ applied: true, changed: preview.changed });
    const ch = changes(tmp, 'retrain').filter((c) => c.change === 'status_changed' || c.change === 'relinked');
    expect(ch.length).toBe(preview.changed);
    expect(ch.every((c) => c.reason === 'new model')).toBe(true);
    const s = JSON.parse(runCli(['store', 'status', '--store', join(tmp.dir, 'w.sqlite'), '--json']).stdout);
    expect(s.model.source).toBe('retrained (vaxrec model train --apply)');
    // Later runs use the new model: the state is what one run with it over the same files writes.
    const exp = exportTo(tmp, 'w.sqlite', 'after-apply');
    oneShot(tmp, 'one', registry, [small, ...rest], ['--model', join(exp, 'model.json')]);
    expectSameState(join(tmp.dir, 'one'), exp);
    ok(runCli(['store', 'check', '--store', join(tmp.dir, 'w.sqlite')]));
  });

  it('a --model that differs from the pinned one is refused', () => {
    const r = runCli([
      'reconcile',
      '--store',
      join(tmp.dir, 'w.sqlite'),
      '--registry',
      registry,
      '--doses',
      small,
      '--out',
      join(tmp.dir, 'x'),
      ...TODAY,
      '--model',
      join(tmp.dir, 'before', 'model.json'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/differs from the model pinned/);
  });
});
