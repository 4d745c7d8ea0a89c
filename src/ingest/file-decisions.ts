// The decisions vaxrec makes about a whole input file from its first rows, before any row is normalised: the legacy
// font of the name column, what numeric gender codes mean, and the day/month order of each date column. One home, so
// that reconcile, validate and registry import read every file the same way.

import type { Logger } from '../log.js';
import type { LegacyColumn } from '../normalize/legacy.js';
import { DAY_FIRST, type NormalizeContext } from '../normalize/dose.js';
import type { CsvItem } from './csv-reader.js';
import { withDateOrderBatches, type DateOrderDecision } from './date-order.js';
import { describeGenderCodes, withGenderCodeBatches, type GenderCodeDecision } from './gender-codes.js';
import { withNameEncodingBatches } from './name-encoding.js';

/** The date columns each kind of file holds. */
export const DATE_COLUMNS = {
  doses: ['dose_date', 'birth_date'],
  registry: ['birth_date'],
} as const;

export interface FileDecisions<C extends string> {
  /** The name column's legacy encoding (TCVN3, VNI...), or null for Unicode. */
  nameEncoding: LegacyColumn | null;
  genderCodes: GenderCodeDecision;
  dateOrders: DateOrderDecision<C>;
}

/**
 * The file's batches in order, with `onDecide` called once, before the first batch comes out (for an empty file, at
 * its end). Each decision samples the file's first rows (ingest/sample.ts); nothing is normalised before all are made.
 */
export async function* withFileDecisions<F extends string, C extends F>(
  batches: AsyncIterable<CsvItem<F>[]>,
  dateColumns: readonly C[],
  onDecide: (d: FileDecisions<C>) => void,
): AsyncGenerator<CsvItem<F>[]> {
  let nameEncoding: LegacyColumn | null = null;
  let genderCodes: GenderCodeDecision | null = null;
  let dateOrders: DateOrderDecision<C> | null = null;
  const withEncoding = withNameEncodingBatches(batches, 'full_name' as F, (e) => {
    nameEncoding = e;
  });
  const withGender = withGenderCodeBatches(withEncoding, (g) => {
    genderCodes = g;
  });
  const chain = withDateOrderBatches(withGender, dateColumns, (d) => {
    dateOrders = d;
  });
  let told = false;
  const tell = (): void => {
    told = true;
    onDecide({ nameEncoding, genderCodes: genderCodes!, dateOrders: dateOrders! });
  };
  for await (const batch of chain) {
    if (!told) tell();
    yield batch;
  }
  if (!told) tell();
}

/** The normalisers' context for the rows of a file with these decisions. */
export function fileContext<C extends string>(base: Omit<NormalizeContext, 'nameEncoding'>, d: FileDecisions<C>): NormalizeContext {
  return {
    ...base,
    nameEncoding: d.nameEncoding,
    dateOrder: { ...DAY_FIRST, ...d.dateOrders.orders },
    genderCodes: d.genderCodes.codes,
  };
}

/**
 * The decisions a user should hear of, as log warnings (no personal data: counts and codes only): numeric gender codes
 * read or refused, and a date column read month-first or holding both orders. `file` is the file's base name.
 */
export function logFileDecisions<C extends string>(logger: Logger, file: string, d: FileDecisions<C>): void {
  const g = d.genderCodes;
  if (g.codes !== null)
    logger.warn({ file, genderCodes: g.codes, rows: g.rows, digits: g.digits }, `numeric gender codes read as ${describeGenderCodes(g)}`);
  else if (g.basis === 'inconsistent' || g.basis === 'one-gender')
    logger.warn({ file, basis: g.basis, digits: g.digits }, describeGenderCodes(g));
  for (const c of d.dateOrders.columns) {
    if (c.order !== 'mdy' && c.basis !== 'conflict') continue;
    logger.warn(
      { file, column: c.column, order: c.order, basis: c.basis, dayFirst: c.dayFirst, monthFirst: c.monthFirst },
      c.basis === 'conflict'
        ? 'date column holds both day-first and month-first values; read day-first'
        : 'date column read month-first (US order)',
    );
  }
}
