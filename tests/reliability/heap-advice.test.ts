// The warning before a run outgrows node's heap (heapAdvice in pipeline.ts): node stops such a run with "heap out of
// memory" and a stack trace after minutes of work (bench:accuracy at 1 M persons, 2.25 M doses, did at the default
// 4 GB limit), so the user hears first what to do, in numbers only.

import { describe, expect, it } from 'vitest';
import { HEAP_PER_DOSE_AFTER_INGEST, heapAdvice } from '../../src/pipeline.js';

const MB = 1048576;

describe('heapAdvice', () => {
  it('says nothing while the estimate fits with a tenth to spare', () => {
    expect(heapAdvice(200 * MB, 1_000, 4144 * MB)).toBeNull();
    // 2.5 GB in use after ingest and 1 M doses: 2.5 GB + 1.2 KB each is about 3.6 GB, under 0.9 x 4,144 MB.
    expect(heapAdvice(2500 * MB, 1_000_000, 4144 * MB)).toBeNull();
  });

  it('warns when the heap in use and the doses still to link outgrow the limit, with a limit to set', () => {
    const a = heapAdvice(3000 * MB, 2_250_000, 4144 * MB);
    expect(a).not.toBeNull();
    const need = Math.ceil((3000 * MB + 2_250_000 * HEAP_PER_DOSE_AFTER_INGEST) / MB);
    expect(a!.neededMb).toBe(need);
    expect(a!.limitMb).toBe(4144);
    expect(a!.message).toContain(`about ${need} MB`);
    // 1.3 x the need, rounded up to a whole GB, and the store as the way to bound memory.
    expect(a!.message).toContain(`--max-old-space-size=${Math.ceil((need * 1.3) / 1024) * 1024}`);
    expect(a!.message).toContain('--store');
  });
});
