import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildDailyReport, DAILY_COLUMNS, parseDateRange } from '../../src/report/daily.js';
import { buildSummary } from '../../src/report/outputs.js';
import { UsageError } from '../../src/errors.js';
import type { ProblemCode } from '../../src/codes.js';
import { countIssues, makeOptions, makeRun, type RecordSpec } from './run-fixture.js';

const col = (name: (typeof DAILY_COLUMNS)[number]) => DAILY_COLUMNS.indexOf(name);

describe('buildDailyReport', () => {
  const run = makeRun(
    [
      { facility: 'F2', commune: 'C1', date: '2021-08-02', status: 'verified' },
      { facility: 'F1', commune: 'C9', date: '2021-08-01', status: 'corrected', codes: ['ID_MISSING'] },
      { facility: 'F1', commune: 'C9', date: '2021-08-01', dupOf: 1 },
      {
        facility: 'F1',
        commune: 'C9',
        date: '2021-08-01',
        status: 'review',
        codes: ['ID_BAD_FORMAT'],
        linkCodes: ['LINK_AMBIGUOUS', 'NAME_DIFFERS'],
      },
      { facility: 'F1', commune: '', date: '2021-08-01', status: 'unmatched', codes: ['ID_MISSING', 'GENDER_MISSING'] },
    ],
    [{ reason: 'NAME_MISSING', place: { facility: 'F1', commune: 'C9', date: '01/08/2021' } }, { reason: 'ROW_FIELD_COUNT' }],
  );

  it('counts entered, distinct, folded, statuses, rejects and Ministry categories per facility, commune and day', () => {
    const { header, rows } = buildDailyReport(run, {});
    expect(header).toEqual([...DAILY_COLUMNS]);
    expect(rows).toEqual([
      // A reject whose columns could not be read has no facility nor day.
      ['', '', '', '0', '0', '0', '0', '0', '0', '0', '0', '1', '0', '0', '0'],
      ['F1', '', '2021-08-01', '1', '1', '0', '0', '0', '0', '0', '1', '0', '1', '0', '0'],
      // Record 3: ID_BAD_FORMAT (b) and NAME_DIFFERS (c): one category per record, the ID's (b).
      ['F1', 'C9', '2021-08-01', '3', '2', '1', '0', '0', '1', '1', '0', '1', '1', '1', '0'],
      ['F2', 'C1', '2021-08-02', '1', '1', '0', '1', '0', '0', '0', '0', '0', '0', '0', '0'],
    ]);
  });

  it('gives one row per facility and day without the commune split', () => {
    const { rows } = buildDailyReport(run, {}, { byCommune: false });
    expect(rows.map((r) => r.slice(0, 5))).toEqual([
      ['', '', '', '0', '0'],
      ['F1', '', '2021-08-01', '4', '3'],
      ['F2', '', '2021-08-02', '1', '1'],
    ]);
  });

  it('keeps only the days inside --date-from/--date-to (inclusive), dropping undated rejects', () => {
    const { rows } = buildDailyReport(run, { from: '2021-08-02', to: '2021-08-02' });
    expect(rows.map((r) => r[col('facility_code')])).toEqual(['F2']);
    expect(buildDailyReport(run, { to: '2021-08-01' }).rows.map((r) => r[col('date')])).toEqual(['2021-08-01', '2021-08-01']);
  });

  it('adds up to the figures of summary.json (property)', () => {
    const spec = fc.record({
      facility: fc.constantFrom('F1', 'F2', 'F3'),
      commune: fc.constantFrom('', 'C1'),
      date: fc.constantFrom('2021-08-01', '2021-08-02'),
      status: fc.constantFrom('verified', 'verified_with_discrepancy', 'corrected', 'review', 'unmatched' as const),
      codes: fc.subarray<ProblemCode>(['ID_MISSING', 'ID_BAD_FORMAT', 'NAME_DIFFERS', 'PHONE_INVALID']),
      dup: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 40 }), fc.nat(5), (specs, nRejects) => {
        // A record marked dup folds into the first kept record (if any) before it.
        const records: RecordSpec[] = [];
        specs.forEach((s, i) => {
          const target = records.findIndex((r) => r.dupOf === undefined);
          records.push({ ...s, dupOf: s.dup && target >= 0 && target < i ? target : undefined });
        });
        const r = makeRun(
          records,
          Array.from({ length: nRejects }, () => ({})),
        );
        const { issues, moh } = countIssues(r);
        const summary = buildSummary(r, makeOptions(), issues, moh);
        const { rows } = buildDailyReport(r, {});
        const sum = (c: (typeof DAILY_COLUMNS)[number]) => rows.reduce((s, row) => s + Number(row[col(c)]), 0);
        expect(sum('doses_entered') + sum('rejected')).toBe(summary.counts.input_rows);
        expect(sum('distinct_doses')).toBe(summary.counts.clean);
        expect(sum('duplicates_removed')).toBe(summary.counts.duplicates);
        for (const s of ['verified', 'verified_with_discrepancy', 'corrected', 'review', 'unmatched'] as const)
          expect(sum(s)).toBe(summary.counts.link_status[s]);
        expect([sum('moh_a_no_id'), sum('moh_b_wrong_format'), sum('moh_c_wrong_details')]).toEqual([moh.a, moh.b, moh.c]);
        // Sorted by (facility, commune, date), each key once.
        for (let k = 1; k < rows.length; k++) {
          const [a, b] = [rows[k - 1]!.slice(0, 3), rows[k]!.slice(0, 3)];
          const firstDiff = a.findIndex((x, j) => x !== b[j]);
          expect(firstDiff).toBeGreaterThanOrEqual(0);
          expect(a[firstDiff]! < b[firstDiff]!).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('parseDateRange', () => {
  it.each([
    [undefined, undefined, {}],
    ['2021-08-01', undefined, { from: '2021-08-01' }],
    ['2021-08-01', '2021-08-31', { from: '2021-08-01', to: '2021-08-31' }],
  ])('%s..%s is accepted', (from, to, expected) => {
    expect(parseDateRange(from, to)).toEqual({ from: undefined, to: undefined, ...expected });
  });
  it.each([
    ['01/08/2021', undefined, '--date-from must be an ISO date'],
    [undefined, '2021-02-30', '--date-to must be an ISO date'],
    ['2021-09-01', '2021-08-01', 'is after --date-to'],
  ])('%s..%s is a usage error', (from, to, message) => {
    expect(() => parseDateRange(from, to)).toThrow(UsageError);
    expect(() => parseDateRange(from, to)).toThrow(message);
  });
});
