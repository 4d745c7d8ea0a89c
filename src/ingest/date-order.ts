// Per-file decision of each date column's day/month order (dd/mm or US-Excel mm/dd): sample, decide, replay.

import { dateOrderEvidence, type DateOrder } from '../normalize/dates.js';
import { normalizeConfig } from '../config/normalize.js';
import type { CsvItem } from './csv-reader.js';
import { decideFromSample } from './sample.js';

/** Why a column got its order. */
export type DateOrderBasis =
  /** Its own sampled values prove it (only one order seen). */
  | 'column'
  /** No proof in the column: month-first like the file's other date columns, which prove it and nothing else. */
  | 'file'
  /** No proof anywhere: day-first, the Vietnamese convention. */
  | 'default'
  /** Both orders seen: day-first kept, and the conflict reported. */
  | 'conflict';

export interface ColumnDateOrder<C extends string> {
  column: C;
  order: DateOrder;
  basis: DateOrderBasis;
  /** Sampled values whose first part is over 12 (24/8/2021). */
  dayFirst: number;
  /** Sampled values whose second part is over 12 (8/24/2021). */
  monthFirst: number;
}

export interface DateOrderDecision<C extends string> {
  /** The order per column, as NormalizeContext.dateOrder takes it. */
  orders: Record<C, DateOrder>;
  /** The evidence behind each order, for the run summary and the log. */
  columns: ColumnDateOrder<C>[];
}

/** Evidence counts per column, from values sampled in file order. */
export function countDateOrderEvidence<C extends string>(
  values: Iterable<Record<C, string>>,
  columns: readonly C[],
): Map<C, { dayFirst: number; monthFirst: number }> {
  const counts = new Map(columns.map((c) => [c, { dayFirst: 0, monthFirst: 0 }]));
  for (const row of values) {
    for (const c of columns) {
      const e = dateOrderEvidence(row[c] ?? '');
      if (e === 'dmy') counts.get(c)!.dayFirst++;
      else if (e === 'mdy') counts.get(c)!.monthFirst++;
    }
  }
  return counts;
}

/**
 * Month-first only where values prove it and none prove day-first: one 24/8/2021 is enough to keep a column day-first,
 * because reading a Vietnamese column month-first would move every ambiguous date, while missing a US column's order
 * only leaves its ambiguous dates as they were read before. A column without any proof (small files, year-only or ISO
 * columns) follows the file's other columns when they prove month-first and nothing proves day-first anywhere: one
 * program wrote the file, and in a sample of any size a real birth-date column proves its order by itself.
 */
export function decideDateOrders<C extends string>(counts: ReadonlyMap<C, { dayFirst: number; monthFirst: number }>): DateOrderDecision<C> {
  const columns: ColumnDateOrder<C>[] = [];
  for (const [column, { dayFirst, monthFirst }] of counts) {
    const basis: DateOrderBasis = dayFirst > 0 && monthFirst > 0 ? 'conflict' : dayFirst > 0 || monthFirst > 0 ? 'column' : 'default';
    columns.push({ column, order: basis === 'column' && monthFirst > 0 ? 'mdy' : 'dmy', basis, dayFirst, monthFirst });
  }
  const fileMonthFirst = columns.some((c) => c.order === 'mdy') && columns.every((c) => c.dayFirst === 0);
  for (const c of columns) {
    if (c.basis === 'default' && fileMonthFirst) {
      c.order = 'mdy';
      c.basis = 'file';
    }
  }
  const orders = Object.fromEntries(columns.map((c) => [c.column, c.order])) as Record<C, DateOrder>;
  return { orders, columns };
}

/**
 * Buffer the first normalizeConfig.dateOrderSampleRows items of a file (batches from readCsvBatches), decide the order
 * of each date column from them, then yield every item in order, a batch at a time. Values past the sample still
 * prove their own order (a second part over 12 is always read month-first).
 */
export async function* withDateOrderBatches<F extends string, C extends F>(
  batches: AsyncIterable<CsvItem<F>[]>,
  columns: readonly C[],
  onDecide: (decision: DateOrderDecision<C>) => void,
  sampleRows: number = normalizeConfig.dateOrderSampleRows,
): AsyncGenerator<CsvItem<F>[]> {
  yield* decideFromSample(batches, sampleRows, (sample) => {
    const rows = sample.flatMap((it) => (it.kind === 'row' ? [it.row.values] : []));
    onDecide(decideDateOrders(countDateOrderEvidence(rows, columns)));
  });
}

/** withDateOrderBatches, one item at a time (for callers that are not on a hot path: validate, registry import). */
export async function* withDateOrder<F extends string, C extends F>(
  batches: AsyncIterable<CsvItem<F>[]>,
  columns: readonly C[],
  onDecide: (decision: DateOrderDecision<C>) => void,
): AsyncGenerator<CsvItem<F>> {
  for await (const batch of withDateOrderBatches(batches, columns, onDecide)) yield* batch;
}
