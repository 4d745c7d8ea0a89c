// The string hashes (src/util/hash.ts): FNV-1a against its published test vectors, the key-hash steps against the
// formulas they replaced (the registry index and the person groups depend on the exact values), cyrb53's hex form.

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FNV_OFFSET, fnv32, fnvMix, fnvMixCode, hash53, hashInt, hashStart, hashString, hex53, sha256Hex } from '../../src/util/hash.js';

describe('fnv32', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('FNV-1a 32-bit of %j is the published value', (s, want) => {
    expect(fnv32(s)).toBe(want);
  });
});

describe('key-hash steps', () => {
  // The loops as written before they had one home (link/key-index.ts, dedupe/person-groups.ts).
  const P = 0x01000193;
  const oldString = (h: number, s: string): number => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), P);
    return Math.imul(h ^ 0x1f, P) >>> 0;
  };
  const oldInt = (h: number, n: number): number => {
    h = Math.imul(h ^ (n & 0xff), P);
    h = Math.imul(h ^ ((n >>> 8) & 0xff), P);
    h = Math.imul(h ^ ((n >>> 16) & 0xff), P);
    return Math.imul(h ^ 0x1e, P) >>> 0;
  };
  it('hashString and hashInt give the values of the loops they replaced (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 31 }), fc.string(), fc.nat({ max: 0xffffff }), (salt, s, n) => {
        const h = hashStart(salt);
        expect(hashString(h, s)).toBe(oldString(h, s));
        expect(hashInt(h, n)).toBe(oldInt(h, n));
      }),
    );
  });
  it('fnvMix then fnvMixCode is FNV-1a over the text and a separator', () => {
    expect(fnvMixCode(fnvMix(FNV_OFFSET, 'ab'), 1) >>> 0).not.toBe(fnvMixCode(fnvMix(FNV_OFFSET, 'a'), 1) >>> 0);
    expect(fnvMix(FNV_OFFSET, 'foobar') >>> 0).toBe(0xbf9cf968);
  });
});

describe('hash53', () => {
  it('is 14 hex digits, deterministic, and differs for different input', () => {
    expect(hash53('R1')).toMatch(/^[0-9a-f]{14}$/);
    expect(hash53('R1')).toBe(hash53('R1'));
    expect(hash53('R1')).not.toBe(hash53('R2'));
  });
});

describe('hex53', () => {
  it('agrees with Number#toString(16) on 53-bit integers (property)', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (h) => {
        expect(hex53(h)).toBe(h.toString(16).padStart(14, '0'));
      }),
    );
  });
});

describe('sha256Hex', () => {
  it('is SHA-256 (FIPS 180-2 test vector "abc", and a Vietnamese text as UTF-8)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('Nguyễn Thị Thủy')).toBe(createHash('sha256').update(Buffer.from('Nguyễn Thị Thủy', 'utf8')).digest('hex'));
  });
});
