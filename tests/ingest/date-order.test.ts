import { describe, expect, it } from 'vitest';
import { readCsv, readCsvBatches, type CsvItem } from '../../src/ingest/csv-reader.js';
import { decideDateOrders, withDateOrder, withDateOrderBatches, type DateOrderDecision } from '../../src/ingest/date-order.js';
import { DOSE_COLUMN_ALIASES } from '../../src/config/ingest.js';
import { REQUIRED_DOSE_FIELDS, type DoseField } from '../../src/types.js';
import { scratch } from '../helpers/tmp.js';

const HEADER = 'record_id,full_name,birth_date,vaccine,dose_date,facility_code';
const COLUMNS = ['dose_date', 'birth_date'] as const;
type DateColumn = (typeof COLUMNS)[number];

describe('decideDateOrders', () => {
  const cases: [string, [number, number], [number, number], [string, string], [string, string]][] = [
    // [case, dose_date [day-first, month-first], birth_date [...], orders, bases]
    ['Vietnamese file', [40, 0], [55, 0], ['dmy', 'dmy'], ['column', 'column']],
    ['US file', [0, 40], [0, 55], ['mdy', 'mdy'], ['column', 'column']],
    ['no evidence at all', [0, 0], [0, 0], ['dmy', 'dmy'], ['default', 'default']],
    // One day-first value is enough to keep a column day-first: the conflict is reported.
    ['conflicting column', [1, 40], [0, 55], ['dmy', 'mdy'], ['conflict', 'column']],
    // A column without proof follows a file whose other column proves month-first...
    ['small US file', [0, 2], [0, 0], ['mdy', 'mdy'], ['column', 'file']],
    // ...but not when anything in the file proves day-first.
    ['mixed file', [0, 2], [3, 0], ['mdy', 'dmy'], ['column', 'column']],
    ['conflict elsewhere', [1, 2], [0, 0], ['dmy', 'dmy'], ['conflict', 'default']],
  ];
  it.each(cases)('%s', (_, dose, birth, orders, bases) => {
    const d = decideDateOrders<DateColumn>(
      new Map([
        ['dose_date', { dayFirst: dose[0], monthFirst: dose[1] }],
        ['birth_date', { dayFirst: birth[0], monthFirst: birth[1] }],
      ]),
    );
    expect([d.orders.dose_date, d.orders.birth_date]).toEqual(orders);
    expect(d.columns.map((c) => c.basis)).toEqual(bases);
    expect(d.columns[0]).toMatchObject({ column: 'dose_date', dayFirst: dose[0], monthFirst: dose[1] });
  });
});

describe('withDateOrderBatches', () => {
  const tmp = scratch();
  let n = 0;
  const file = (rows: string[]): string => tmp.write(`f${n++}.csv`, `${[HEADER, ...rows].join('\n')}\n`);
  const row = (i: number, birth: string, dose: string) => `r${i},Nguyễn Văn Thành,${birth},Pfizer,${dose},F1`;
  const key = (it: CsvItem<DoseField>): string =>
    it.kind === 'row' ? `${it.row.source.line}:${it.row.cells.join('|')}` : `${it.bad.source.line}:${it.bad.code}`;

  async function decide(
    path: string,
    sampleRows?: number,
  ): Promise<{ decision: DateOrderDecision<DateColumn>; items: string[]; batches: number }> {
    let decision: DateOrderDecision<DateColumn> | null = null;
    const items: string[] = [];
    let batches = 0;
    for await (const batch of withDateOrderBatches(
      readCsvBatches<DoseField>(path, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS),
      COLUMNS,
      (d) => (decision = d),
      sampleRows,
    )) {
      // The decision reaches the caller before the first row does.
      expect(decision).not.toBeNull();
      batches++;
      for (const it of batch) items.push(key(it));
    }
    return { decision: decision!, items, batches };
  }

  it("reads the probe's US Excel file month-first in both columns", async () => {
    const f = file([
      row(1, '3/10/1985', '10/7/2021 12:00:00 AM'),
      row(2, '3/10/1985', '12/15/2021 12:00:00 AM'),
      row(3, '11/5/1990', '8/3/2021'),
      row(4, '11/5/1990', '8/24/2021'),
    ]);
    const { decision } = await decide(f);
    expect(decision.orders).toEqual({ dose_date: 'mdy', birth_date: 'mdy' });
    expect(decision.columns).toEqual([
      { column: 'dose_date', order: 'mdy', basis: 'column', dayFirst: 0, monthFirst: 2 },
      { column: 'birth_date', order: 'mdy', basis: 'file', dayFirst: 0, monthFirst: 0 },
    ]);
  });

  it('keeps a Vietnamese file day-first', async () => {
    const f = file([row(1, '24/12/1990', '8/3/2021'), row(2, '05/11/1990', '25/06/2021'), row(3, '1990', '2021-08-03')]);
    expect((await decide(f)).decision.orders).toEqual({ dose_date: 'dmy', birth_date: 'dmy' });
  });

  it('reports a column that holds both orders and keeps it day-first', async () => {
    const f = file([row(1, '1990', '8/24/2021'), row(2, '1990', '24/8/2021')]);
    const { decision } = await decide(f);
    expect(decision.columns[0]).toEqual({ column: 'dose_date', order: 'dmy', basis: 'conflict', dayFirst: 1, monthFirst: 1 });
  });

  it('decides on the sampled rows only, and yields every item in order over several batches', async () => {
    const rows = Array.from({ length: 30000 }, (_, i) =>
      i % 997 === 0 ? `r${i},only,three` : row(i, '1990', i < 5000 ? '8/3/2021' : i === 5000 ? '8/24/2021' : '24/8/2021'),
    );
    const f = file(rows);
    const perRow: string[] = [];
    for await (const it of readCsv<DoseField>(f, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS)) perRow.push(key(it));
    // The first 5001 items prove month-first; with the default sample the later day-first rows are never seen.
    const small = await decide(f, 5001);
    expect(small.decision.columns[0]).toMatchObject({ order: 'mdy', monthFirst: 1, dayFirst: 0 });
    expect(small.items).toEqual(perRow);
    expect(small.batches).toBeGreaterThan(1);
    const large = await decide(f, 5002);
    expect(large.decision.columns[0]).toMatchObject({ order: 'dmy', basis: 'conflict' });
    expect(large.items).toEqual(perRow);
  });

  it('decides on an empty file and on a file shorter than the sample', async () => {
    expect((await decide(file([]))).decision.orders).toEqual({ dose_date: 'dmy', birth_date: 'dmy' });
    const items: CsvItem<DoseField>[] = [];
    let decision: DateOrderDecision<DateColumn> | null = null;
    for await (const it of withDateOrder(
      readCsvBatches<DoseField>(file([row(1, '1990', '8/24/2021')]), DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS),
      COLUMNS,
      (d) => (decision = d),
    ))
      items.push(it);
    expect(items).toHaveLength(1);
    expect(decision!.orders.dose_date).toBe('mdy');
  });
});
