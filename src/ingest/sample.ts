// Per-file decisions taken from the first rows (legacy font of the names, day/month order of the dates...):
// hold back a sample window of a file's batches, decide from it, then replay every row in order.

import type { CsvItem } from './csv-reader.js';

/**
 * Yields the same items in the same order as `batches`, once `decide` has seen the first `sampleRows` items
 * (or all of them, for a shorter file): nothing is consumed before the decision is made.
 */
export async function* decideFromSample<F extends string>(
  batches: AsyncIterable<CsvItem<F>[]>,
  sampleRows: number,
  decide: (sample: readonly CsvItem<F>[]) => void,
): AsyncGenerator<CsvItem<F>[]> {
  const buffer: CsvItem<F>[] = [];
  let decided = false;
  for await (const batch of batches) {
    if (decided) {
      yield batch;
      continue;
    }
    let i = 0;
    while (i < batch.length && buffer.length < sampleRows) buffer.push(batch[i++]!);
    if (buffer.length >= sampleRows) {
      decide(buffer);
      decided = true;
      const out = buffer.splice(0, buffer.length);
      for (; i < batch.length; i++) out.push(batch[i]!);
      yield out;
    }
  }
  if (!decided) {
    decide(buffer);
    if (buffer.length > 0) yield buffer;
  }
}
