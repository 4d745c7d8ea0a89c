// What the link worker relies on, on one thread: decisions survive encode -> structured clone -> decode, link inputs
// survive the wire format, and an index read from shared memory answers like the one that built it.

import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { useLinkWorker } from '../../src/pipeline.js';
import { linkConfig } from '../../src/config/link.js';
import { buildRegistryIndex, createLinkStats, linkDose, plainDecision, trainModel } from '../../src/link/index.js';
import { registryIndexFromShared, shareRegistryIndex } from '../../src/link/blocking.js';
import { isDecision, linkByCandidates, linkById } from '../../src/link/decide.js';
import { decodeDecision, encodeDecision } from '../../src/link/decision.js';
import { decodeLinkInputs, encodeLinkInputs } from '../../src/link/wire.js';
import type { LinkInput } from '../../src/types.js';
import { dose } from './fixtures.js';
import { makePopulation } from './synth.js';

const pop = makePopulation(3000, 7);
const index = buildRegistryIndex(pop.citizens);
const model = trainModel(pop.doses, index, linkConfig);
// Every dose of the population, plus hand-made ones for the statuses noise rarely gives (passport, no name).
const doses: LinkInput[] = [
  ...pop.doses,
  dose({ id: 'B1234567', name: 'John Smith', dob: '01/01/1980', gender: 'M' }),
  dose({ id: '', name: 'Đinh Công Tráng', dob: '05/05/1950', gender: 'M' }),
  dose({ id: '0012', name: 'Lê Thị Hoa', dob: '', gender: 'U' }),
];
const sequential = doses.map((d) => linkDose(d, index, model, linkConfig));
const plain = (d: Parameters<typeof plainDecision>[0]) => JSON.parse(JSON.stringify(plainDecision(d)));

describe('decisions cross threads encoded', () => {
  it('covers every status', () => {
    expect(new Set(sequential.map((d) => d.status))).toEqual(
      new Set(['verified', 'verified_with_discrepancy', 'corrected', 'review', 'unmatched']),
    );
  });

  it('decode(structuredClone(encode(d))) reads exactly like d: candidates, comparisons, explanation, problems', () => {
    for (let i = 0; i < doses.length; i++) {
      const e = structuredClone(encodeDecision(sequential[i]!));
      expect(plain(decodeDecision(e, doses[i]!, index, model)), `dose ${i}`).toEqual(plain(sequential[i]!));
    }
  });

  it('linkById then linkByCandidates is linkDose, and counts the same statistics', () => {
    const a = createLinkStats();
    const b = createLinkStats();
    for (let i = 0; i < doses.length; i++) {
      const d = doses[i]!;
      const whole = linkDose(d, index, model, linkConfig, a);
      const fast = linkById(d, index, model, linkConfig, b);
      const split = isDecision(fast) ? fast : linkByCandidates(d, index, model, linkConfig, fast, b);
      expect(plain(split)).toEqual(plain(whole));
    }
    expect(b).toEqual(a);
  });
});

describe('link inputs on the wire', () => {
  it('decode(structuredClone(encode(inputs))) links exactly like the inputs', () => {
    const wire = structuredClone(encodeLinkInputs(doses));
    const back = decodeLinkInputs(wire);
    expect(back).toHaveLength(doses.length);
    for (let i = 0; i < doses.length; i++) {
      const d = doses[i]!;
      expect(back[i]!.name).toEqual(d.name);
      expect(back[i]!.birth).toEqual(d.birth);
      expect(back[i]!.id).toEqual(JSON.parse(JSON.stringify(d.id)));
      expect([back[i]!.gender, back[i]!.facility, back[i]!.commune, back[i]!.communeKey, back[i]!.phone, back[i]!.raw?.citizen_id]).toEqual(
        [d.gender, d.facility, d.commune, d.communeKey, d.phone, d.raw?.citizen_id],
      );
      expect(plain(linkDose(back[i]!, index, model, linkConfig))).toEqual(plain(sequential[i]!));
    }
  });
});

describe('the registry index in shared memory', () => {
  it('a copy of the citizens over the shared tables links every dose the same way', () => {
    const shared = structuredClone(shareRegistryIndex(index));
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
    const other = registryIndexFromShared(structuredClone(pop.citizens), shared);
    for (let i = 0; i < doses.length; i++) expect(plain(linkDose(doses[i]!, other, model, linkConfig))).toEqual(plain(sequential[i]!));
  });

  it('refuses a different registry', () => {
    const shared = shareRegistryIndex(index);
    expect(() => registryIndexFromShared(pop.citizens.slice(1), shared)).toThrow(/not the one the index was built from/);
    expect(() => registryIndexFromShared([...pop.citizens].reverse(), shared)).toThrow(/not the one/);
  });
});

describe('when the link stage uses a worker thread', () => {
  const file = fileURLToPath(new URL('../../fixtures/demo/doses_01.csv', import.meta.url));
  const cfg = { parallelMinInputBytes: 1, parallelMinCores: 4 };

  it('--threads 1 and 2 decide whatever the machine', () => {
    expect(useLinkWorker(1, [file], cfg, 64)).toBe(false);
    expect(useLinkWorker(2, [file], cfg, 1)).toBe(true);
  });

  it('auto: only for large inputs on a machine with enough cores', () => {
    expect(useLinkWorker('auto', [file], cfg, 4)).toBe(true);
    expect(useLinkWorker('auto', [file], cfg, 2)).toBe(false);
    expect(useLinkWorker('auto', [file], { ...cfg, parallelMinInputBytes: 1e9 }, 8)).toBe(false);
    expect(useLinkWorker('auto', ['/no/such/file.csv'], cfg, 8)).toBe(false);
  });
});
