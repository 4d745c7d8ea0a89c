// Per-file detection of a legacy Vietnamese encoding in the name column (TCVN3, VNI...): sample, decide, replay.

import { detectLegacyColumn, type LegacyColumn } from '../normalize/legacy.js';
import { normalizeConfig } from '../config/normalize.js';
import type { CsvItem } from './csv-reader.js';
import { decideFromSample } from './sample.js';

/** How many leading rows of a file are sampled to decide the name column's encoding. */
export const ENCODING_SAMPLE_ROWS = 2000;

/**
 * Buffer the first ENCODING_SAMPLE_ROWS items of a file (batches from readCsvBatches), decide the legacy
 * encoding of `nameField` from them, then yield every item in order, a batch at a time.
 */
export async function* withNameEncodingBatches<F extends string>(
  batches: AsyncIterable<CsvItem<F>[]>,
  nameField: NoInfer<F>,
  onDetect: (enc: LegacyColumn | null) => void,
): AsyncGenerator<CsvItem<F>[]> {
  yield* decideFromSample(batches, ENCODING_SAMPLE_ROWS, (sample) => {
    const names = sample.flatMap((it) => (it.kind === 'row' ? [it.row.values[nameField]] : []));
    onDetect(detectLegacyColumn(names, normalizeConfig.legacyDetection));
  });
}
