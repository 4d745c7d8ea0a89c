// The one entry point for rows of a dose or registry file, whatever its format: CSV text or an Excel workbook.

import { InputError } from '../errors.js';
import { readCsvBatches, type CsvFileInfo, type CsvItem } from './csv-reader.js';
import { isWorkbookFile, readXlsxBatches } from './xlsx-reader.js';

/** How to read the files of one command line. */
export interface ReadOptions {
  /** The sheet of each workbook to read (default: its first visible sheet); CSV files have none. */
  sheet?: string;
}

/** Row item batches of a file: a workbook (.xlsx, .xlsm) by its name, anything else as CSV. */
export async function* readTableBatches<F extends string>(
  file: string,
  aliases: Record<F, string[]>,
  required: readonly F[],
  onHeader?: (info: CsvFileInfo<F>) => void,
  opts: ReadOptions = {},
): AsyncGenerator<CsvItem<F>[]> {
  // Read as CSV, Excel 97's binary format would be refused as undecodable text: say what to do instead.
  if (/\.xls$/i.test(file)) {
    throw new InputError('is in the old Excel 97-2003 format (.xls), which is not read: save it as .xlsx or CSV', 'WORKBOOK_INVALID', file);
  }
  yield* isWorkbookFile(file)
    ? readXlsxBatches(file, aliases, required, onHeader, opts.sheet)
    : readCsvBatches(file, aliases, required, onHeader);
}

/** readTableBatches one item at a time (for callers off the hot path). */
export async function* readTable<F extends string>(
  file: string,
  aliases: Record<F, string[]>,
  required: readonly F[],
  onHeader?: (info: CsvFileInfo<F>) => void,
  opts: ReadOptions = {},
): AsyncGenerator<CsvItem<F>> {
  for await (const batch of readTableBatches(file, aliases, required, onHeader, opts)) yield* batch;
}
