// Per-file detection of a legacy Vietnamese encoding in the name column (TCVN3, VNI...): sample, decide, replay.

import { detectLegacyColumn, type LegacyColumn } from '../normalize/legacy.js';
import { normalizeConfig } from '../config/normalize.js';
import type { CsvItem } from './csv-reader.js';

/** How many leading rows of a file are sampled to decide the name column's encoding. */
export const ENCODING_SAMPLE_ROWS = 2000;

/** Buffer the first rows of a file, decide the legacy encoding of `nameField`, then yield every row in order. */
export async function* withNameEncoding<F extends string>(
  items: AsyncIterable<CsvItem<F>>,
  nameField: NoInfer<F>,
  onDetect: (enc: LegacyColumn | null) => void,
): AsyncGenerator<CsvItem<F>> {
  const buffer: CsvItem<F>[] = [];
  let decided = false;
  const decide = () => {
    const names = buffer.flatMap((it) => (it.kind === 'row' ? [it.row.values[nameField]] : []));
    onDetect(detectLegacyColumn(names, normalizeConfig.legacyDetection));
    decided = true;
  };
  for await (const it of items) {
    if (decided) {
      yield it;
      continue;
    }
    buffer.push(it);
    if (buffer.length >= ENCODING_SAMPLE_ROWS) {
      decide();
      yield* buffer;
      buffer.length = 0;
    }
  }
  if (!decided) {
    decide();
    yield* buffer;
  }
}

/** withNameEncoding over arrays of items (see readCsvBatches): same decision, same order, one hop per batch. */
export async function* withNameEncodingBatches<F extends string>(
  batches: AsyncIterable<CsvItem<F>[]>,
  nameField: NoInfer<F>,
  onDetect: (enc: LegacyColumn | null) => void,
): AsyncGenerator<CsvItem<F>[]> {
  const buffer: CsvItem<F>[] = [];
  let decided = false;
  const decide = () => {
    const names = buffer.flatMap((it) => (it.kind === 'row' ? [it.row.values[nameField]] : []));
    onDetect(detectLegacyColumn(names, normalizeConfig.legacyDetection));
    decided = true;
  };
  for await (const batch of batches) {
    if (decided) {
      yield batch;
      continue;
    }
    // The decision sees exactly the first ENCODING_SAMPLE_ROWS items, as withNameEncoding does.
    let i = 0;
    while (i < batch.length && buffer.length < ENCODING_SAMPLE_ROWS) buffer.push(batch[i++]!);
    if (buffer.length >= ENCODING_SAMPLE_ROWS) {
      decide();
      const out = buffer.splice(0, buffer.length);
      for (; i < batch.length; i++) out.push(batch[i]!);
      yield out;
    }
  }
  if (!decided) {
    decide();
    if (buffer.length > 0) yield buffer;
  }
}
