import { describe, expect, it } from 'vitest';
import { buildGapReport, GAP_COLUMNS, readReportedCounts } from '../../src/report/gap.js';
import { InputError } from '../../src/errors.js';
import { scratch } from '../helpers/tmp.js';
import { makeRun } from './run-fixture.js';

const tmp = scratch();

describe('readReportedCounts', () => {
  it('reads ISO and dd/mm/yyyy dates, Vietnamese headers, semicolons and thousands separators', async () => {
    const f = tmp.write('vi.csv', '\ufeffMã cơ sở tiêm;Ngày;Số mũi báo cáo\n F1 ;01/08/2021;"1.250"\nF2;2021-08-02;7\n');
    expect(await readReportedCounts(f)).toEqual([
      { facility: 'F1', date: '2021-08-01', reported: 1250 },
      { facility: 'F2', date: '2021-08-02', reported: 7 },
    ]);
  });

  it.each([
    ['facility_code,date,reported_doses\nF1,2021-08-01,3\nF1,2021-13-01,3\n', ':3 (column date)', 'REPORTED_DATE_INVALID'],
    ['facility_code,date,reported_doses\nF1,2021-08-01,-3\n', ':2 (column reported_doses)', 'REPORTED_COUNT_INVALID'],
    ['facility_code,date,reported_doses\nF1,2021-08-01,1.5\n', ':2 (column reported_doses)', 'REPORTED_COUNT_INVALID'],
    ['facility_code,date,reported_doses\n,2021-08-01,1\n', ':2 (column facility_code)', 'REPORTED_FACILITY_MISSING'],
    ['facility_code,date,reported_doses\nF1,2021-08-01,1\nF1,01/08/2021,2\n', ':3 (column facility_code)', 'REPORTED_DUPLICATE'],
    ['facility_code,date,reported_doses\nF1,2021-08-01\n', ':2', 'ROW_FIELD_COUNT'],
  ])('%j is an InputError naming file, line and column', async (content, where, code) => {
    const f = tmp.write(`bad-${code}.csv`, content);
    const err = await readReportedCounts(f).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe(code);
    expect((err as InputError).message).toContain(`${f}${where}`);
  });

  it('requires the three columns', async () => {
    const f = tmp.write('nocol.csv', 'facility_code,date\nF1,2021-08-01\n');
    await expect(readReportedCounts(f)).rejects.toBeInstanceOf(InputError);
  });
});

describe('buildGapReport', () => {
  const run = makeRun(
    [
      { facility: 'F1', date: '2021-08-01' },
      { facility: 'F1', date: '2021-08-01', dupOf: 0 },
      { facility: 'F1', date: '2021-08-02' },
      { facility: 'F2', date: '2021-08-01' },
      { facility: 'F3', date: '2021-08-01', commune: 'C1' },
      { facility: 'F3', date: '2021-08-01', commune: 'C2' },
    ],
    [{ place: { facility: 'F2', commune: '', date: '2021-08-01' } }],
  );
  const reported = [
    { facility: 'F1', date: '2021-08-01', reported: 5 },
    { facility: 'F2', date: '2021-08-01', reported: 1 },
    { facility: 'F3', date: '2021-08-01', reported: 10 },
    { facility: 'F9', date: '2021-08-01', reported: 4 },
    { facility: 'F9', date: '2021-09-01', reported: 100 },
  ];

  it('compares reported with entered and distinct per facility and day, largest gap first, unreported last', () => {
    const g = buildGapReport(run, reported, { to: '2021-08-31' });
    expect(g.header).toEqual([...GAP_COLUMNS]);
    expect(g.rows).toEqual([
      ['F3', '2021-08-01', '10', '2', '0', '2', '8', '8'],
      ['F9', '2021-08-01', '4', '0', '0', '0', '4', '4'],
      ['F1', '2021-08-01', '5', '2', '0', '1', '3', '4'],
      ['F2', '2021-08-01', '1', '1', '1', '1', '0', '0'],
      ['F1', '2021-08-02', '', '1', '0', '1', '', ''],
    ]);
    expect(g.totals).toEqual({ reported: 20, entered: 6, distinct: 5, gap: 14 });
  });

  it('counts the whole scope without a range', () => {
    expect(buildGapReport(run, reported, {}).totals).toEqual({ reported: 120, entered: 6, distinct: 5, gap: 114 });
  });
});
