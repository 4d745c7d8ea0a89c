import { describe, expect, it } from 'vitest';
import { validateDedupeConfig } from '../../src/dedupe/validate-config.js';
import { cfg } from './helpers.js';

describe('validateDedupeConfig', () => {
  it('accepts the defaults', () => {
    expect(validateDedupeConfig(cfg)).toEqual([]);
  });

  it('reports every problem at once', () => {
    const errors = validateDedupeConfig({
      ...cfg,
      samePersonThreshold: 0.4,
      samePersonFloor: 1.5,
      followMinLeadBits: -1,
      windowDaysByProduct: { PFIZER: 0 },
      maxWindowFractionOfInterval: 1,
      maxDosesPerPerson: 0,
    });
    expect(errors).toEqual([
      'dedupe.samePersonFloor must be a probability from 0 to 1, got 1.5',
      'dedupe.samePersonFloor (1.5) must not exceed dedupe.samePersonThreshold (0.4)',
      'dedupe.followMinLeadBits must be 0 or more bits, got -1',
      'dedupe.windowDaysByProduct.PFIZER must be a whole number of at least 1, got 0',
      'dedupe.maxWindowFractionOfInterval must be above 0 and below 1 (a window must stay under the real interval), got 1',
      'dedupe.maxDosesPerPerson must be a whole number of at least 1, got 0',
    ]);
  });
});
