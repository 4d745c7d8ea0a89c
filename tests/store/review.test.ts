// The analysts' review round-trip through the CLI: export the queue, fill it from the generator's truth, apply, run
// the next night; stale rows, applying twice, undo, re-opening on correction, a workbook re-saved by a spreadsheet
// library, and every validation problem reported with its row.

import { describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import Database from 'better-sqlite3';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../helpers/tmp.js';
import { cellText } from '../../src/xlsx/cell-text.js';

const TODAY = ['--today', '2022-08-27', '--log-level', 'error'];

type Row = Record<string, string>;

function ok(r: { code: number; stdout: string; stderr: string }): void {
  expect(r.stderr, r.stderr).toBe('');
  expect(r.code, r.stdout).toBe(0);
}

function rows(file: string): Row[] {
  return parse(readFileSync(file), { columns: true, bom: true, relax_quotes: true });
}

/** A filled CSV as Excel saves it (UTF-8 with BOM). */
function writeCsv(file: string, data: Row[], header: string[]): void {
  writeFileSync(file, `\uFEFF${stringify(data, { header: true, columns: header })}`);
}

const tmp = scratch();
const gen = join(tmp.dir, 'gen');
const doses = ['doses_01.csv', 'doses_02.csv', 'doses_03.csv'].map((f) => join(gen, f));
const registry = join(gen, 'registry.csv');
const base = join(tmp.dir, 'base.sqlite');

/** A copy of the store after the first night, for one scenario. */
function storeCopy(name: string): string {
  const p = join(tmp.dir, name);
  copyFileSync(base, p);
  return p;
}

function night(store: string, out: string, files: string[] = doses): string {
  ok(
    runCli(['reconcile', '--store', store, '--registry', registry, '--doses', ...files, '--out', join(tmp.dir, out), ...TODAY, '--quiet']),
  );
  return join(tmp.dir, out);
}

function exportQueue(store: string, name: string, extra: string[] = []): { file: string; queue: Row[]; pairs: Row[] } {
  const file = join(tmp.dir, name);
  ok(runCli(['review', 'export', '--store', store, '--out', file, '--quiet', ...extra]));
  return { file, queue: rows(file), pairs: rows(file.replace(/\.csv$/, '.duplicates.csv')) };
}

function apply(
  store: string,
  files: string[],
  json = true,
): { code: number; out: Record<string, unknown> & { problems: Row[]; stored: number; unchanged: number } } {
  const r = runCli(['review', 'apply', ...files, '--store', store, ...(json ? ['--json'] : [])]);
  expect(r.stderr, r.stderr).toBe('');
  return { code: r.code, out: JSON.parse(r.stdout) };
}

function stateOf(store: string, out: string): { clean: Map<string, Row>; dups: Map<string, Row> } {
  ok(runCli(['export', '--store', store, '--out', join(tmp.dir, out), '--quiet']));
  return {
    clean: new Map(rows(join(tmp.dir, out, 'clean_doses.csv')).map((r) => [r.record_id, r])),
    dups: new Map(
      rows(join(tmp.dir, out, 'duplicates.csv'))
        .filter((r) => r.rule !== 'REEXPORT' && r.rule !== 'SUPERSEDED')
        .map((r) => [r.record_id, r]),
    ),
  };
}

/** Each case runs the CLI several times (nights of a few thousand doses): generous on a loaded machine. */
const SLOW = { timeout: 240_000 };

// Generated data large enough for a queue: records in review and pairs of close doses kept apart.
ok(runCli(['generate', '--persons', '3000', '--files', '3', '--seed', '5', '--out', gen, '--quiet']));
night(base, 'n1');
const truth = rows(join(gen, 'truth.csv'));
const citizenOf = new Map(truth.map((t) => [t.record_id, t.citizen_id]));
const eventOf = new Map(truth.map((t) => [t.record_id, t.event_id]));
const first = exportQueue(base, 'first.csv');
const QUEUE_HEADER = Object.keys(first.queue[0] ?? {});
const PAIR_HEADER = Object.keys(first.pairs[0] ?? {});

/** The analysts' answers, from the generator's truth. */
function fillFromTruth(q: { queue: Row[]; pairs: Row[] }): { queue: Row[]; pairs: Row[] } {
  return {
    queue: q.queue.map((r) => {
      const id = citizenOf.get(r.record_id) ?? '';
      return { ...r, decision: id === '' ? 'not_in_registry' : 'link', citizen_id: id, note: 'checked with the facility', reviewer: 'lan' };
    }),
    pairs: q.pairs.map((r) => ({
      ...r,
      decision: eventOf.get(r.record_id) === eventOf.get(r.other_record_id) ? 'duplicate_of' : 'not_duplicate',
      note: 'vaccination card',
      reviewer: 'minh',
    })),
  };
}

function writeFilled(name: string, f: { queue: Row[]; pairs: Row[] }): string {
  const file = join(tmp.dir, name);
  writeCsv(file, f.queue, QUEUE_HEADER);
  writeCsv(file.replace(/\.csv$/, '.duplicates.csv'), f.pairs, PAIR_HEADER);
  return file;
}

describe('review round-trip', SLOW, () => {
  it('the first night leaves a queue of records and of pairs, each row readable alone', () => {
    expect(first.queue.length).toBeGreaterThanOrEqual(5);
    expect(first.pairs.length).toBeGreaterThanOrEqual(3);
    for (const r of first.queue) {
      expect(r.reason).toBe('LINK_AMBIGUOUS');
      expect(r.record_version).toMatch(/^\d+-[0-9a-f]{10}$/);
      expect(r.name_as_entered).not.toBe('');
      expect(r.candidate_1_citizen_id).toMatch(/^\d{12}$/);
      expect(r.candidate_1_full_name).not.toBe('');
      expect(Number(r.candidate_1_probability)).toBeGreaterThan(0);
      expect(r.candidate_1_explanation).toMatch(/name=\w+:/);
      expect(r.suggested_action).not.toBe('');
      for (const c of ['decision', 'citizen_id', 'kept_record_id', 'note', 'reviewer']) expect(r[c]).toBe('');
    }
    for (const p of first.pairs) {
      expect(p.evidence).toMatch(/^possible duplicate of record .+: kept for review; |minimum interval \d+ days; kept apart/);
      expect(p.other_record_id).not.toBe(p.record_id);
    }
    // The CSV is UTF-8 with a BOM.
    expect(
      readFileSync(first.file)
        .subarray(0, 3)
        .equals(Buffer.from([0xef, 0xbb, 0xbf])),
    ).toBe(true);
  });

  it('apply, then the next night: decided records carry the decision, the queue shrinks by exactly them, precision and recall 1.0', () => {
    const store = storeCopy('rt.sqlite');
    const filled = fillFromTruth(first);
    const file = writeFilled('filled.csv', filled);
    const a = apply(store, [file]);
    expect(a.out.problems).toEqual([]);
    expect(a.code).toBe(0);
    expect(a.out.stored).toBeGreaterThanOrEqual(filled.queue.length + filled.pairs.length);
    const status = JSON.parse(runCli(['store', 'status', '--store', store, '--json']).stdout);
    expect(status.review).toEqual({ decisionsInForce: a.out.stored, waitingForNextRun: expect.any(Number) });
    expect(status.review.waitingForNextRun).toBeGreaterThanOrEqual(filled.queue.length);

    const n2 = night(store, 'rt-n2');
    const ch = rows(join(n2, 'changes.csv'));
    const decidedRows = ch.filter((c) => c.change === 'review_decision');
    for (const r of [...filled.queue, ...filled.pairs])
      expect(
        decidedRows.some((c) => c.record_id === r.record_id),
        r.record_id,
      ).toBe(true);

    const { clean, dups } = stateOf(store, 'rt-exp');
    // The decided result: the citizen of the dose (the record's own row, or the row of the dose it was folded into).
    const citizenNow = (id: string): { citizen: string; decidedBy: string } => {
      const own = clean.get(id);
      if (own !== undefined) return { citizen: own.citizen_id, decidedBy: own.decided_by };
      // Linked to its person, the record was folded into a dose of theirs: the decision's change row says who decided it.
      const decidedRow = decidedRows.find((c) => c.record_id === id)!;
      return {
        citizen: clean.get(dups.get(id)!.kept_record_id)!.citizen_id,
        decidedBy: /-> (verified|verified_with_discrepancy|corrected|unmatched)/.test(decidedRow.after) ? 'analyst' : '?',
      };
    };
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const r of filled.queue) {
      const now = citizenNow(r.record_id);
      expect(now.decidedBy, r.record_id).toBe('analyst');
      const want = citizenOf.get(r.record_id) ?? '';
      if (now.citizen !== '' && now.citizen === want) tp++;
      else if (now.citizen !== '') fp++;
      if (want !== '' && now.citizen !== want) fn++;
    }
    expect(tp + fp).toBe(filled.queue.filter((r) => r.decision === 'link').length);
    expect(tp / (tp + fp)).toBe(1);
    expect(fn).toBe(0);
    for (const p of filled.pairs) {
      if (p.decision === 'duplicate_of')
        expect(dups.get(p.record_id), p.record_id).toMatchObject({ kept_record_id: p.other_record_id, rule: 'ANALYST_DUPLICATE' });
      else expect(clean.has(p.record_id) && clean.has(p.other_record_id), p.record_id).toBe(true);
    }

    expect(JSON.parse(runCli(['store', 'status', '--store', store, '--json']).stdout).review.waitingForNextRun).toBe(0);
    const after = exportQueue(store, 'after.csv');
    const decided = new Set(filled.queue.map((r) => r.record_id));
    expect(after.queue.map((r) => r.record_id)).toEqual(first.queue.map((r) => r.record_id).filter((id) => !decided.has(id)));
    expect(after.pairs.length).toBe(0);
    ok(runCli(['store', 'check', '--store', store]));
  });

  it('decisions survive a retrained model and a registry update', () => {
    const store = storeCopy('survive.sqlite');
    const filled = fillFromTruth(first);
    expect(apply(store, [writeFilled('survive.csv', filled)]).code).toBe(0);
    night(store, 'sv-n2');
    ok(runCli(['model', 'train', '--store', store, '--registry', registry, '--apply', '--out', join(tmp.dir, 'sv-train'), ...TODAY]));
    // A new registry snapshot: one more citizen, so every slow-path decision is taken again.
    const reg2 = tmp.write(
      'registry2.csv',
      `${readFileSync(registry, 'utf8').trimEnd()}\n099199000001,Phạm Thị Thử,01/01/1999,Nữ,,00001,\n`,
    );
    ok(
      runCli([
        'reconcile',
        '--store',
        store,
        '--registry',
        reg2,
        '--doses',
        ...doses,
        '--out',
        join(tmp.dir, 'sv-n3'),
        ...TODAY,
        '--quiet',
      ]),
    );
    const { clean, dups } = stateOf(store, 'sv-exp');
    for (const r of filled.queue) {
      const own = clean.get(r.record_id) ?? clean.get(dups.get(r.record_id)!.kept_record_id)!;
      expect(own.citizen_id, r.record_id).toBe(r.decision === 'link' ? r.citizen_id : '');
    }
  });

  it('a link to a citizen who leaves the registry is re-opened: back in the queue, the model decides meanwhile', () => {
    const store = storeCopy('gone.sqlite');
    const target = first.queue[3];
    const cid = target.candidate_1_citizen_id;
    const file = join(tmp.dir, 'gone.csv');
    writeCsv(file, [{ ...target, decision: 'link', citizen_id: cid, reviewer: 'lan' }], QUEUE_HEADER);
    expect(apply(store, [file]).code).toBe(0);
    night(store, 'go-n2');
    const lines = readFileSync(registry, 'utf8').trimEnd().split('\n');
    const reg2 = tmp.write('registry-gone.csv', `${lines.filter((l) => !l.startsWith(`${cid},`)).join('\n')}\n`);
    const n3 = join(tmp.dir, 'go-n3');
    ok(runCli(['reconcile', '--store', store, '--registry', reg2, '--doses', ...doses, '--out', n3, ...TODAY, '--quiet']));
    expect(rows(join(n3, 'changes.csv')).find((c) => c.record_id === target.record_id && c.change === 'review_reopened')).toMatchObject({
      reason: 'the citizen is no longer in the registry',
    });
    expect(exportQueue(store, 'go-q.csv').queue.find((r) => r.record_id === target.record_id)).toMatchObject({ reason: 'REVIEW_REOPENED' });
    const { clean, dups } = stateOf(store, 'go-exp');
    const own = clean.get(target.record_id) ?? clean.get(dups.get(target.record_id)!.kept_record_id)!;
    expect(own.citizen_id).not.toBe(cid);
    expect([...clean.values()].some((r) => r.citizen_id === cid)).toBe(false);
  });

  it('not_candidate excludes a citizen from the record for good; the model keeps deciding among the others', () => {
    const store = storeCopy('exclude.sqlite');
    const target = first.queue[4];
    const excluded = target.candidate_1_citizen_id;
    const file = join(tmp.dir, 'exclude.csv');
    writeCsv(file, [{ ...target, decision: 'not_candidate', citizen_id: excluded, reviewer: 'lan' }], QUEUE_HEADER);
    expect(apply(store, [file]).out).toMatchObject({ stored: 1, problems: [] });
    night(store, 'ex-n2');
    const { clean, dups } = stateOf(store, 'ex-exp');
    const own = clean.get(target.record_id) ?? clean.get(dups.get(target.record_id)!.kept_record_id)!;
    expect(own.citizen_id).not.toBe(excluded);
    expect(clean.get(target.record_id)?.decided_by ?? 'model').toBe('model');
    const row = exportQueue(store, 'ex-q.csv').queue.find((r) => r.record_id === target.record_id);
    if (row !== undefined)
      expect([row.candidate_1_citizen_id, row.candidate_2_citizen_id, row.candidate_3_citizen_id]).not.toContain(excluded);
    else expect(own.link_status).not.toBe('review');
  });

  it('applying the same file twice changes nothing the second time', () => {
    const store = storeCopy('twice.sqlite');
    const file = writeFilled('twice.csv', fillFromTruth(first));
    const once = apply(store, [file]);
    const log1 = runCli(['review', 'log', '--store', store, '--json']).stdout;
    const again = apply(store, [file]);
    expect(again.out.stored).toBe(0);
    expect(again.out.unchanged).toBe(once.out.stored - (once.out.carried as number));
    expect(runCli(['review', 'log', '--store', store, '--json']).stdout).toBe(log1);
    // And a night after the second apply changes what the first one would have, once.
    const n2 = night(store, 'tw-n2');
    const n3 = night(store, 'tw-n3');
    expect(rows(join(n2, 'changes.csv')).filter((c) => c.change === 'review_decision').length).toBe(once.out.stored);
    expect(rows(join(n3, 'changes.csv')).filter((c) => c.change.startsWith('review_')).length).toBe(0);
  });

  it('undo restores the model decision at the next night, and the record is back in the queue', () => {
    const store = storeCopy('undo.sqlite');
    const target = first.queue[0];
    const before = stateOf(store, 'un-before').clean.get(target.record_id)!;
    const one = [{ ...target, decision: 'link', citizen_id: target.candidate_1_citizen_id, reviewer: 'lan' }];
    const file = join(tmp.dir, 'undo.csv');
    writeCsv(file, one, QUEUE_HEADER);
    expect(apply(store, [file]).code).toBe(0);
    night(store, 'un-n2');
    const mid = stateOf(store, 'un-mid');
    // Linked, the record is the citizen's dose (or was folded into one of their doses).
    const kept = mid.clean.get(target.record_id) ?? mid.clean.get(mid.dups.get(target.record_id)!.kept_record_id)!;
    expect(kept.citizen_id).toBe(target.candidate_1_citizen_id);
    if (mid.clean.has(target.record_id)) expect(kept.decided_by).toBe('analyst');
    const log = JSON.parse(runCli(['review', 'log', '--store', store, '--json']).stdout) as { id: number; record_id: string }[];
    const id = log.find((d) => d.record_id === target.record_id)!.id;
    const u = runCli(['review', 'undo', String(id), '--store', store]);
    ok(u);
    expect(u.stdout).toMatch(new RegExp(`Undone: #${id}`));
    const n3 = night(store, 'un-n3');
    expect(rows(join(n3, 'changes.csv')).find((c) => c.record_id === target.record_id && c.change === 'review_undone')).toBeDefined();
    const back = stateOf(store, 'un-after').clean.get(target.record_id)!;
    expect(back).toMatchObject({
      citizen_id: before.citizen_id,
      link_status: before.link_status,
      match_score: before.match_score,
      decided_by: 'model',
    });
    expect(exportQueue(store, 'un-q.csv').queue.some((r) => r.record_id === target.record_id)).toBe(true);
    // Undoing it twice is a usage error.
    expect(runCli(['review', 'undo', String(id), '--store', store]).code).toBe(2);
  });

  it('a stale row (the record was corrected after the export) is refused and listed; the other rows are applied', () => {
    const store = storeCopy('stale.sqlite');
    const target = first.queue[0];
    // The facility corrects the record (a new lot) after the export.
    const all = doses.flatMap((f) =>
      readFileSync(f, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => ({ f, l })),
    );
    const header = readFileSync(doses[0], 'utf8').split('\n')[0];
    const line = all.find((x) => x.l.startsWith(`${target.record_id},`))!.l;
    const cells = line.split(',');
    const lot = header.split(',').indexOf('lot_number');
    cells[lot] = 'LOTFIXED9';
    night(store, 'st-n2', [tmp.write('correction.csv', `${header}\n${cells.join(',')}\n`)]);
    const filled = fillFromTruth(first);
    const file = writeFilled('stale-filled.csv', filled);
    const a = apply(store, [file]);
    expect(a.code).toBe(1);
    const line0 = 2 + first.queue.indexOf(target);
    expect(a.out.problems).toEqual([
      { where: `stale-filled.csv:${line0}`, record_id: target.record_id, code: 'REVIEW_RECORD_STALE', message: expect.any(String) },
    ]);
    expect(a.out.stored).toBeGreaterThanOrEqual(filled.queue.length - 1 + filled.pairs.length);
    const text = runCli(['review', 'apply', file, '--store', store]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(new RegExp(`stale-filled.csv:${line0}: REVIEW_RECORD_STALE record ${target.record_id}`));
  });

  it('a decision re-opens when the facility corrects its record: the record is back in the queue with the old decision shown', () => {
    const store = storeCopy('reopen.sqlite');
    const target = first.queue[1];
    const file = join(tmp.dir, 'reopen.csv');
    writeCsv(file, [{ ...target, decision: 'not_in_registry', reviewer: 'lan' }], QUEUE_HEADER);
    expect(apply(store, [file]).code).toBe(0);
    night(store, 'ro-n2');
    expect(exportQueue(store, 'ro-q1.csv').queue.some((r) => r.record_id === target.record_id)).toBe(false);
    const header = readFileSync(doses[0], 'utf8').split('\n')[0];
    const line = doses.flatMap((f) => readFileSync(f, 'utf8').split('\n')).find((l) => l.startsWith(`${target.record_id},`))!;
    const cells = line.split(',');
    cells[header.split(',').indexOf('lot_number')] = 'LOTFIXED7';
    const n3 = night(store, 'ro-n3', [tmp.write('reopen-fix.csv', `${header}\n${cells.join(',')}\n`)]);
    expect(rows(join(n3, 'changes.csv')).find((c) => c.record_id === target.record_id && c.change === 'review_reopened')).toBeDefined();
    const q = exportQueue(store, 'ro-q2.csv').queue.find((r) => r.record_id === target.record_id);
    expect(q).toMatchObject({ reason: 'REVIEW_REOPENED' });
    expect(q!.previous_decision).toMatch(/^#\d+ not_in_registry by lan/);
    const log = JSON.parse(runCli(['review', 'log', '--store', store, '--json']).stdout) as { record_id: string; state: string }[];
    expect(log.find((d) => d.record_id === target.record_id)?.state).toBe('reopened');
    // Decided again from the new export, the case closes.
    const again = join(tmp.dir, 'reopen-again.csv');
    writeCsv(again, [{ ...q!, decision: 'not_in_registry', reviewer: 'lan' }], QUEUE_HEADER);
    expect(apply(store, [again]).out).toMatchObject({ stored: 1, problems: [] });
    expect(exportQueue(store, 'ro-q3.csv').queue.some((r) => r.record_id === target.record_id)).toBe(false);
  });

  it('every validation problem is reported with its row, all together, and nothing of a refused row is stored', () => {
    const store = storeCopy('bad.sqlite');
    const [a, b, c] = first.queue;
    const p = first.pairs[0];
    const bad: Row[] = [
      { ...a, decision: 'maybe' },
      { ...a, record_id: 'NO-SUCH-RECORD', decision: 'not_in_registry' },
      { ...a, decision: 'link', citizen_id: '' },
      { ...a, decision: 'not_candidate', citizen_id: '099999999999' },
      { ...b, decision: 'link', citizen_id: b.candidate_1_citizen_id },
      { ...b, decision: 'not_in_registry' },
      { ...c, decision: 'duplicate_of', kept_record_id: c.record_id },
      { ...c, decision: 'not_duplicate', kept_record_id: 'NOPE-2' },
      { ...c, decision: 'duplicate_of', kept_record_id: p.record_id },
      { ...c, decision: 'skip' },
      { ...c, decision: '' },
    ];
    const file = join(tmp.dir, 'bad.csv');
    writeCsv(file, bad, QUEUE_HEADER);
    const r = apply(store, [file]);
    expect(r.code).toBe(1);
    expect(r.out.problems.map((x) => [x.where, x.code])).toEqual([
      ['bad.csv:2', 'REVIEW_DECISION_UNKNOWN'],
      ['bad.csv:3', 'REVIEW_RECORD_UNKNOWN'],
      ['bad.csv:4', 'REVIEW_CITIZEN_MISSING'],
      ['bad.csv:5', 'REVIEW_CITIZEN_UNKNOWN'],
      ['bad.csv:8', 'REVIEW_KEPT_SELF'],
      ['bad.csv:9', 'REVIEW_KEPT_UNKNOWN'],
      ['bad.csv:10', 'REVIEW_KEPT_OTHER_PERSON'],
      ['bad.csv:6', 'REVIEW_CONFLICT'],
      ['bad.csv:7', 'REVIEW_CONFLICT'],
    ]);
    expect(r.out).toMatchObject({ stored: 0, skipped: 1, blank: 1 });
    expect(JSON.parse(runCli(['review', 'log', '--store', store, '--json']).stdout)).toEqual([]);
    // Console output names rows, records and codes, never a citizen ID.
    const text = runCli(['review', 'apply', file, '--store', store]);
    expect(text.stdout).not.toMatch(/\d{12}/);
  });
});

describe('review: links carry folded duplicates; the queue per facility in report.html', SLOW, () => {
  it("a forced link carries the record's folded duplicates with it", () => {
    const store = storeCopy('carry.sqlite');
    const target = first.queue[2];
    const header = readFileSync(doses[0], 'utf8').split('\n')[0];
    const line = doses.flatMap((f) => readFileSync(f, 'utf8').split('\n')).find((l) => l.startsWith(`${target.record_id},`))!;
    // The same dose entered again under another record ID: folded into one dose with the queued record.
    night(store, 'cy-n2', [tmp.write('copy.csv', `${header}\n${line.replace(`${target.record_id},`, 'COPY-0000001,')}\n`)]);
    const q = exportQueue(store, 'cy-q.csv').queue;
    const row = q.find((r) => r.record_id === target.record_id || r.record_id === 'COPY-0000001')!;
    const folded = row.record_id === target.record_id ? 'COPY-0000001' : target.record_id;
    expect(q.some((r) => r.record_id === folded)).toBe(false);
    const file = join(tmp.dir, 'carry.csv');
    writeCsv(file, [{ ...row, decision: 'link', citizen_id: row.candidate_1_citizen_id, reviewer: 'lan' }], QUEUE_HEADER);
    const a = apply(store, [file]);
    expect(a.out).toMatchObject({ stored: 2, carried: 1 });
    const log = JSON.parse(runCli(['review', 'log', '--store', store, '--json']).stdout) as {
      id: number;
      record_id: string;
      carried_with: number | null;
    }[];
    expect(log.find((d) => d.record_id === folded)?.carried_with).toBe(log.find((d) => d.record_id === row.record_id)?.id);
    night(store, 'cy-n3');
    const { clean, dups } = stateOf(store, 'cy-exp');
    for (const id of [row.record_id, folded]) {
      const own = clean.get(id) ?? clean.get(dups.get(id)!.kept_record_id)!;
      expect(own.citizen_id, id).toBe(row.candidate_1_citizen_id);
    }
  });

  it('summary.json and report.html show the open queue per facility and how long its cases have waited', () => {
    const store = storeCopy('wait.sqlite');
    // The first night ran in January 2022: its cases have waited since.
    const db = new Database(store);
    db.prepare("UPDATE runs SET started = '2022-01-01T00:00:00.000Z'").run();
    db.close();
    const out = join(tmp.dir, 'wait-exp');
    ok(runCli(['export', '--store', store, '--out', out, '--quiet']));
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).review_queue as {
      open: number;
      pairs: number;
      by_facility: { facility: string; open: number; pairs: number; oldest_days: number }[];
    };
    expect(s.open).toBe(first.queue.length);
    expect(s.pairs).toBe(first.pairs.length);
    const perFacility = new Map<string, number>();
    for (const r of first.queue) perFacility.set(r.facility_code, (perFacility.get(r.facility_code) ?? 0) + 1);
    expect(new Map(s.by_facility.filter((f) => f.open > 0).map((f) => [f.facility, f.open]))).toEqual(perFacility);
    expect(s.by_facility.every((f) => f.oldest_days >= 300)).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h2 id="review-queue">Open review queue per facility</h2>');
    for (const f of perFacility.keys()) expect(html).toContain(`<code>${f}</code>`);
    expect(Number(exportQueue(store, 'wait-q.csv').queue[0].waiting_days)).toBeGreaterThanOrEqual(300);
  });
});

describe('review workbook', SLOW, () => {
  it('an .xlsx written by the export and saved again by a spreadsheet library is read back with the IDs intact', async () => {
    const store = storeCopy('xlsx.sqlite');
    const out = join(tmp.dir, 'queue.xlsx');
    ok(runCli(['review', 'export', '--store', store, '--out', out, '--quiet']));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('queue')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (ws.getRow(1).values as unknown[]).slice(1).map((v) => cellText(v));
    const col = (name: string): number => header.indexOf(name) + 1;
    expect(ws.getColumn(col('candidate_1_citizen_id')).numFmt).toBe('@');
    expect(ws.getRow(2).getCell(col('decision')).dataValidation).toMatchObject({
      type: 'list',
      formulae: [expect.stringContaining('not_in_registry')],
    });
    expect(wb.getWorksheet('duplicates')).toBeDefined();
    // The analyst links every record to the citizen the truth names (or none), typing IDs as text, and saves.
    const decided = new Map<string, string>();
    for (let n = 2; n <= ws.rowCount; n++) {
      const row = ws.getRow(n);
      const id = cellText(row.getCell(col('record_id')).value);
      const cid = citizenOf.get(id) ?? '';
      row.getCell(col('decision')).value = cid === '' ? 'not_in_registry' : 'link';
      row.getCell(col('citizen_id')).value = cid;
      row.getCell(col('reviewer')).value = 'Nguyễn Thị Lan';
      decided.set(id, cid);
    }
    const saved = join(tmp.dir, 'queue-saved.xlsx');
    await wb.xlsx.writeFile(saved);
    const r = apply(store, [saved]);
    expect(r.out.problems).toEqual([]);
    const log = JSON.parse(runCli(['review', 'log', '--store', store, '--json']).stdout) as {
      record_id: string;
      citizen_id: string;
      reviewer: string;
      source: string;
    }[];
    const top = log.filter((d) => decided.has(d.record_id));
    expect(new Map(top.map((d) => [d.record_id, d.citizen_id]))).toEqual(decided);
    expect([...decided.values()].some((c) => c.startsWith('0'))).toBe(true);
    expect(top.every((d) => d.reviewer === 'Nguyễn Thị Lan' && /^queue-saved\.xlsx \[queue\] row \d+$/.test(d.source))).toBe(true);
  });

  it('--facility, --commune and --limit narrow the queue; --lang vi writes Vietnamese headers that apply reads back', async () => {
    const store = storeCopy('vi.sqlite');
    const f = first.queue[0].facility_code;
    const only = exportQueue(store, 'fac.csv', ['--facility', f]);
    expect(only.queue.map((r) => r.record_id)).toEqual(first.queue.filter((r) => r.facility_code === f).map((r) => r.record_id));
    expect(only.pairs.every((r) => r.facility_code === f)).toBe(true);
    const c = first.queue[1].commune_code;
    expect(exportQueue(store, 'com.csv', ['--commune', c]).queue.every((r) => r.commune_code === c)).toBe(true);
    expect(exportQueue(store, 'lim.csv', ['--limit', '2']).queue.map((r) => r.record_id)).toEqual(
      first.queue.slice(0, 2).map((r) => r.record_id),
    );
    expect(runCli(['review', 'export', '--store', store, '--out', join(tmp.dir, 'x.txt')]).code).toBe(2);
    expect(runCli(['review', 'export', '--store', store, '--out', join(tmp.dir, 'x.csv'), '--limit', '0']).code).toBe(2);

    const out = join(tmp.dir, 'vi.xlsx');
    ok(runCli(['review', 'export', '--store', store, '--out', out, '--lang', 'vi', '--quiet']));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1).map((v) => cellText(v));
    expect(header).toContain('Mã bản ghi');
    expect(header).toContain('Quyết định');
    ws.getRow(2).getCell(header.indexOf('Quyết định') + 1).value = 'not_in_registry';
    const saved = join(tmp.dir, 'vi-saved.xlsx');
    await wb.xlsx.writeFile(saved);
    const r = apply(store, [saved]);
    expect(r.out).toMatchObject({ stored: 1, problems: [] });
  });

  it('the store schema holds the decisions (migration 3), by record and citizen, never by row position', () => {
    const db = new Database(base, { readonly: true });
    const cols = (db.prepare('PRAGMA table_info(review_decisions)').all() as { name: string }[]).map((c) => c.name);
    db.close();
    expect(cols).toEqual(
      expect.arrayContaining([
        'record_key',
        'citizen_id',
        'other_key',
        'content_hash',
        'reviewer',
        'note',
        'source_file',
        'decided',
        'state',
      ]),
    );
  });
});
