// String similarity and the typed-array key index.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOneEditOrTransposition, jaro, jaroWinkler, levenshtein, sameLastToken, samePrefix } from '../../src/link/similarity.js';
import { KeyIndex } from '../../src/link/key-index.js';
import { hashFinish, hashStart, hashString } from '../../src/util/hash.js';

describe('jaroWinkler', () => {
  // Reference values from Winkler (1990) / the usual textbook examples.
  it.each([
    ['martha', 'marhta', 0.9611],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.8133],
    ['abc', 'abc', 1],
    ['abc', 'xyz', 0],
    ['', 'abc', 0],
  ])('%s vs %s = %d', (a, b, want) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(want, 3);
  });
  it('is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (a, b) => {
        const x = jaroWinkler(a, b);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        expect(Math.abs(x - jaroWinkler(b, a))).toBeLessThan(1e-12);
        expect(jaro(a, b)).toBeLessThanOrEqual(x + 1e-12);
      }),
    );
  });
});

describe('isOneEditOrTransposition', () => {
  it.each([
    ['079090123456', '079090123456', false],
    ['079090123456', '079090123465', true],
    ['079090123456', '079090128456', true],
    ['079090123456', '07909012345', true],
    ['079090123456', '079090213465', false],
    ['079090123456', '089090123465', false],
    ['123', '1234', true],
    ['123', '12345', false],
  ])('%s vs %s -> %s', (a, b, want) => {
    expect(isOneEditOrTransposition(a, b)).toBe(want);
    expect(isOneEditOrTransposition(b, a)).toBe(want);
  });
  it('agrees with Levenshtein for edits that are not transpositions', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-3]{0,8}$/), fc.stringMatching(/^[0-3]{0,8}$/), (a, b) => {
        if (levenshtein(a, b) === 1) expect(isOneEditOrTransposition(a, b)).toBe(true);
        if (isOneEditOrTransposition(a, b)) expect(levenshtein(a, b)).toBeLessThanOrEqual(2);
      }),
    );
  });
});

describe('samePrefix and sameLastToken', () => {
  it.each([
    ['079090123456', '079090654321', 6, true],
    ['079090123456', '079190123456', 6, false],
    ['0790', '079090', 6, false],
  ] as const)('samePrefix(%s, %s, %d) = %s', (a, b, n, want) => expect(samePrefix(a, b, n)).toBe(want));
  it.each([
    ['fam an', 'lam an', true],
    ['fam an', 'fam ban', false],
    ['an', 'an', true],
    ['nuyen van an', 'an', true],
    ['ban', 'an', false],
    ['a b', 'b', true],
  ] as const)('sameLastToken(%s, %s) = %s', (a, b, want) => {
    expect(sameLastToken(a, b)).toBe(want);
    expect(sameLastToken(b, a)).toBe(want);
  });
  it('agrees with splitting (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[ab ]{0,8}$/), fc.stringMatching(/^[ab ]{0,8}$/), (a, b) => {
        expect(sameLastToken(a, b)).toBe(a.slice(a.lastIndexOf(' ') + 1) === b.slice(b.lastIndexOf(' ') + 1));
      }),
    );
  });
});

describe('KeyIndex', () => {
  const key = (s: string): number => hashFinish(hashString(hashStart(1), s));
  it('returns every value stored under a key, in insertion order, and nothing else', () => {
    const hashes = Uint32Array.from({ length: 1000 }, (_, i) => key(`k${i % 100}`));
    const ix = new KeyIndex(hashes, null);
    const out: number[] = [];
    expect(ix.lookup(key('k7'), out, 1000)).toBe(10);
    expect(out).toEqual([7, 107, 207, 307, 407, 507, 607, 707, 807, 907]);
    out.length = 0;
    expect(ix.lookup(key('absent'), out, 10)).toBe(0);
    expect(out).toEqual([]);
    expect(ix.distinct).toBe(100);
  });
  it('skips zero hashes ("no key") and maps to the given values', () => {
    const hashes = Uint32Array.from([key('a'), 0, key('a'), key('b')]);
    const ix = new KeyIndex(hashes, Int32Array.from([10, 11, 12, 13]));
    const out: number[] = [];
    ix.lookup(key('a'), out, 10);
    expect(out).toEqual([10, 12]);
    expect(ix.size).toBe(3);
  });
  it('reports the full count when the limit truncates', () => {
    const ix = new KeyIndex(new Uint32Array(50).fill(key('same')), null);
    const out: number[] = [];
    expect(ix.lookup(key('same'), out, 5)).toBe(50);
    expect(out).toEqual([0, 1, 2, 3, 4]);
  });
  it('finds every key of a large random table (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 2000 }), (ks) => {
        const ix = new KeyIndex(
          Uint32Array.from(ks, (k) => key(String(k))),
          null,
        );
        for (const k of new Set(ks)) {
          const out: number[] = [];
          ix.lookup(key(String(k)), out, 1e9);
          expect(out).toEqual(ks.flatMap((x, i) => (x === k ? [i] : [])));
        }
      }),
      { numRuns: 30 },
    );
  });
  it('sizes its directory by distinct keys: many people under few keys take little room', () => {
    const hashes = Uint32Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? 0 : key(`k${i % 10}`)));
    expect(KeyIndex.countKeys(hashes)).toEqual({ keys: 666, distinct: 10 });
    // 10 distinct keys: the minimum 16 buckets (and an end), two integers a key (and an end), one a value.
    expect(KeyIndex.sizeFor(666, 10)).toBe(17 + 22 + 666);
    const ix = new KeyIndex(hashes, null);
    expect(ix.layout()).toMatchObject({ bucketBits: 4, size: 666, distinct: 10 });
    // Two million distinct keys take about a million buckets, not a slot table of four million.
    expect(KeyIndex.sizeFor(3_000_000, 2_000_000)).toBe((1 << 20) + 1 + 4_000_002 + 3_000_000);
  });
  it('keeps insertion order within a key when its bucket is large and mixed with other keys', () => {
    // One key held by 500 people, interleaved with 50 others: the large bucket takes the stable-sort path.
    const ks = Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? 'common' : `k${i % 50}`));
    const ix = new KeyIndex(Uint32Array.from(ks, key), null);
    const out: number[] = [];
    expect(ix.lookup(key('common'), out, 1e9)).toBe(500);
    expect(out).toEqual(Array.from({ length: 500 }, (_, i) => 2 * i));
    for (const k of ['k1', 'k49']) {
      const o: number[] = [];
      ix.lookup(key(k), o, 1e9);
      expect(o).toEqual(ks.flatMap((x, i) => (x === k ? [i] : [])));
    }
  });
  it('separates keys with the same characters split differently', () => {
    expect(hashString(hashString(hashStart(1), 'ab'), 'c')).not.toBe(hashString(hashString(hashStart(1), 'a'), 'bc'));
  });
});
