// Model: EM recovers known m from simulated comparison vectors, term-frequency adjustment, JSON round trip, validation.

import { describe, expect, it } from 'vitest';
import { linkConfig } from '../../src/config/link.js';
import { buildRegistryIndex, linkDose, trainModel, validateModel } from '../../src/link/index.js';
import { compileModel, scoreLevels, tfAdjustment } from '../../src/link/model.js';
import { type PatternCounts, catchmentEvidence, estimateM, facilityCatchment, seededRandom } from '../../src/link/train.js';
import { COMMUNE, FIELD_INDEX, NAME } from '../../src/link/compare.js';
import { type PersonSpec, citizen, dose, keys } from './fixtures.js';
import { makePopulation } from './synth.js';

describe('estimateM (EM with u fixed)', () => {
  // Three fields; level 0 = missing, then levels 1.. with known m and u.
  const trueM = [
    [1, 0.9, 0.07, 0.03],
    [1, 0.85, 0.15],
    [1, 0.6, 0.3, 0.1],
  ];
  const trueU = [
    [1, 0.01, 0.09, 0.9],
    [1, 0.05, 0.95],
    [1, 0.2, 0.3, 0.5],
  ];
  const lambda = 0.3;
  const levelsPerField = [4, 3, 4];

  function simulate(n: number, seed: number): PatternCounts {
    const r = seededRandom(seed);
    const acc = new Map<string, { levels: Uint8Array; count: number }>();
    const draw = (p: number[]): number => {
      let x = r();
      for (let l = 1; l < p.length; l++) if ((x -= p[l]) < 0) return l;
      return p.length - 1;
    };
    for (let i = 0; i < n; i++) {
      const match = r() < lambda;
      const lv = Uint8Array.from(levelsPerField.map((_, f) => (r() < 0.05 ? 0 : draw(match ? trueM[f] : trueU[f]))));
      const k = lv.join(',');
      const e = acc.get(k);
      if (e) e.count++;
      else acc.set(k, { levels: lv, count: 1 });
    }
    const es = [...acc.values()];
    return { patterns: es.map((e) => e.levels), counts: es.map((e) => e.count) };
  }

  it('recovers m, u and lambda within 0.02 (u re-estimated from a rough start)', () => {
    const roughU = levelsPerField.map((L) => [1, ...Array.from({ length: L - 1 }, () => 1 / (L - 1))]);
    const res = estimateM(simulate(200_000, 4), roughU, levelsPerField, {
      maxIterations: 1000,
      tolerance: 1e-9,
      pseudoCount: 0.5,
      estimateU: true,
    });
    expect(res.converged).toBe(true);
    expect(Math.abs(res.lambda - lambda)).toBeLessThan(0.02);
    for (let f = 0; f < trueM.length; f++) {
      for (let l = 1; l < trueM[f].length; l++) {
        expect(Math.abs(res.m[f][l] - trueM[f][l])).toBeLessThan(0.02);
        expect(Math.abs(res.u[f][l] - trueU[f][l])).toBeLessThan(0.02);
      }
    }
  });

  it('recovers m and lambda within 0.02 with u fixed', () => {
    const res = estimateM(simulate(200_000, 3), trueU, levelsPerField, { maxIterations: 500, tolerance: 1e-8, pseudoCount: 0.5 });
    expect(res.converged).toBe(true);
    expect(res.lambda).toBeCloseTo(lambda, 1);
    expect(Math.abs(res.lambda - lambda)).toBeLessThan(0.02);
    for (let f = 0; f < trueM.length; f++) {
      for (let l = 1; l < trueM[f].length; l++) expect(Math.abs(res.m[f][l] - trueM[f][l])).toBeLessThan(0.02);
    }
  });

  it('is deterministic', () => {
    const d = simulate(20_000, 9);
    const opts = { maxIterations: 100, tolerance: 1e-8, pseudoCount: 0.5 };
    expect(estimateM(d, trueU, levelsPerField, opts)).toEqual(estimateM(d, trueU, levelsPerField, opts));
  });
});

describe('trained model', () => {
  const pop = makePopulation(6000, 5);
  const index = buildRegistryIndex(pop.citizens);
  const model = trainModel(pop.doses, index, linkConfig);

  it('orders the name ladder: exact agreement outweighs fuzzy outweighs else', () => {
    const w = model.fields[0].levels.map((l) => Math.log2(l.m / l.u));
    expect(w[NAME.canonical]).toBeGreaterThan(w[NAME.jwHigh]);
    expect(w[NAME.jwHigh]).toBeGreaterThan(w[NAME.else]);
    expect(w[NAME.else]).toBeLessThan(0);
  });

  it('gives agreement on a rare family name more weight than agreement on Nguyễn', () => {
    const cm = compileModel(model);
    const nguyen = tfAdjustment(cm.family, 'nguyen', cm.tfMin, cm.tfMax);
    const rare = tfAdjustment(cm.family, 'khong', cm.tfMin, cm.tfMax);
    expect(nguyen).toBeLessThan(0);
    expect(rare).toBeGreaterThan(2);
    const levels = Uint8Array.from([NAME.canonical, 1, 1, 0, 0, 0]);
    const sNguyen = scoreLevels(cm, levels, keys('Nguyễn Văn An'), false).total;
    const sRare = scoreLevels(cm, levels, keys('Khổng Văn An'), false).total;
    expect(sRare - sNguyen).toBeGreaterThan(3);
  });

  it('counts a commune in full only beside a full name with all its marks (relatives share a commune, not a name)', () => {
    // A registry of many communes: agreement is worth about 10 bits, above the cap.
    const wide = structuredClone(model);
    wide.fields[FIELD_INDEX.commune].levels[COMMUNE.exact] = { level: 'exact', m: 0.9, u: 0.0009 };
    const cm = compileModel(wide);
    const communeOf = (name: number): number =>
      scoreLevels(cm, Uint8Array.from([name, 0, 1, 0, COMMUNE.exact, 0]), keys('Nguyễn Văn An'), true).comparisons!.find(
        (c) => c.field === 'commune',
      )!.weight;
    expect(communeOf(NAME.canonical)).toBeCloseTo(Math.log2(0.9 / 0.0009), 9);
    for (const lv of [NAME.toneless, NAME.ascii, NAME.jwHigh, NAME.else]) expect(communeOf(lv)).toBe(linkConfig.weightCaps.commune);
  });

  it('adjusts a name written in reverse order by its real family and given names', () => {
    const cm = compileModel(model);
    const reversed = Uint8Array.from([NAME.reversed, 1, 1, 0, 0, 0]);
    const straight = Uint8Array.from([NAME.canonical, 1, 1, 0, 0, 0]);
    const r = scoreLevels(cm, reversed, keys('An Nguyễn'), true);
    const s = scoreLevels(cm, straight, keys('Nguyễn An'), true);
    expect(r.comparisons!.filter((c) => c.field.startsWith('tf_'))).toEqual(s.comparisons!.filter((c) => c.field.startsWith('tf_')));
    expect(r.comparisons!.find((c) => c.field === 'tf_family')!.level).toBe('nguyen');
    expect(r.total - s.total).toBeCloseTo(cm.weights[0]![NAME.reversed]! - cm.weights[0]![NAME.canonical]!, 9);
  });

  it('is trained deterministically (same seed, same model)', () => {
    expect(JSON.stringify(trainModel(pop.doses, index, linkConfig))).toBe(JSON.stringify(model));
  });

  it('gives identical decisions after a JSON round trip', () => {
    const reloaded = validateModel(JSON.parse(JSON.stringify(model)));
    const a = pop.doses.slice(0, 3000).map((d) => linkDose(d, index, model, linkConfig));
    const b = pop.doses.slice(0, 3000).map((d) => linkDose(d, index, reloaded, linkConfig));
    expect(b).toEqual(a);
  });

  it('rejects a broken model file with every problem listed', () => {
    const bad = JSON.parse(JSON.stringify(model));
    bad.version = 99;
    bad.fields[1].levels[1].m = 0;
    delete bad.tf;
    expect(() => validateModel(bad)).toThrow(/version[\s\S]*birth\.exact[\s\S]*tf/);
    expect(() => validateModel('nonsense')).toThrow(/JSON object/);
    expect(() => validateModel({ ...model, fields: model.fields.slice(1) })).toThrow(/fields/);
    expect(() => validateModel({ ...model, catchment: { F1: { '00001': 'three' } } })).toThrow(/catchment/);
    expect(() => validateModel({ ...model, catchmentBits: { F1: -1 } })).toThrow(/catchmentBits/);
  });

  it("carries the facilities' catchment, and a model without one (trained before it) is still valid", () => {
    expect(Object.keys(model.catchment ?? {}).length).toBeGreaterThan(0);
    const { catchment: _, ...before } = JSON.parse(JSON.stringify(model));
    expect(validateModel(before).catchment).toBeUndefined();
  });
});

describe('facilityCatchment (issue 14)', () => {
  const A: PersonSpec = { id: '001090111001', name: 'Nguyễn Văn An', dob: '12/05/1990', gender: 'M', commune: '00001' };
  const B: PersonSpec = { id: '001091111002', name: 'Trần Thị Bình', dob: '01/02/1991', gender: 'F', commune: '00002' };
  // C has a same-day namesake in another commune: their doses are what the catchment must tell apart, never its evidence.
  const C: PersonSpec = { id: '001085111003', name: 'Lê Văn Cường', dob: '03/03/1985', gender: 'M', commune: '00003' };
  const C2: PersonSpec = { ...C, id: '079085111004', commune: '26734' };
  const ix = buildRegistryIndex([A, B, C, C2].map(citizen));
  const at = (p: PersonSpec, facility: string) => ({ ...dose(p), facility });

  it("counts a facility's doses by the ID owner's commune, only where the owner is plainly the record's person", () => {
    const doses = [
      at(A, 'F2'),
      at(A, 'F1'),
      at(A, 'F1'),
      at(B, 'F1'),
      at({ ...B, name: 'Trần Thị Bích' }, 'F1'), // another name on B's ID
      at({ ...A, dob: '1990' }, 'F1'), // a year-only birth date
      at({ ...A, id: '' }, 'F1'), // no ID
      at(C, 'F1'), // an owner with a namesake
      at(A, ''), // no facility
    ];
    const c = facilityCatchment(doses, ix);
    expect(c).toEqual({ F1: { '00001': 2, '00002': 1 }, F2: { '00001': 1 } });
    expect(Object.keys(c)).toEqual(['F1', 'F2']);
  });
});

describe('catchmentEvidence (issue 14)', () => {
  it("is log2(share of the facility's doses from its communes / share of the registry living there)", () => {
    // F1: 9 of 10 doses from commune A (B seen once, under 3); A holds 99 of 999 random draws (+ half a draw).
    const bits = catchmentEvidence(
      { F1: { A: 9, B: 1 }, F2: { B: 2 } },
      new Map([
        ['A', 99],
        ['B', 900],
      ]),
      999,
      3,
    );
    expect(Object.keys(bits)).toEqual(['F1']);
    expect(bits.F1).toBeCloseTo(Math.log2(0.9 / (99.5 / 1000)), 9);
  });

  it('leaves out a facility whose communes hold more of the registry than of its doses', () => {
    // 3 of 5 doses from A (B's 2 are under 3), and A holds 70 % of the registry.
    expect(catchmentEvidence({ F1: { A: 3, B: 2 } }, new Map([['A', 700]]), 999, 3)).toEqual({});
  });
});
