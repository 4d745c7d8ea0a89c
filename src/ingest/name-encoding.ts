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
