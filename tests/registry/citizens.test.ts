import { describe, expect, it } from 'vitest';
import { ArrayCitizens, PackedCitizens, PackedCitizensBuilder, eachCitizen } from '../../src/registry/citizens.js';
import type { Citizen } from '../../src/types.js';
import { makePopulation } from '../link/synth.js';

const base = makePopulation(400, 3).citizens;

/** Edge shapes the packing must keep: no birth date, a year only, a swapped date, an old ID, a resolved commune. */
const edges: Citizen[] = [
  { ...base[0]!, birth: null, phone: '', oldId: '' },
  { ...base[1]!, birth: { iso: '1990', year: 1990, month: null, day: null, precision: 'year', swapped: null } },
  { ...base[2]!, birth: { iso: '1990-03-04', year: 1990, month: 3, day: 4, precision: 'day', swapped: '1990-04-03' } },
  { ...base[3]!, oldId: '123456789', commune: '00004', communeKey: '00001' },
  { ...base[4]!, name: { ...base[4]!.name, middle: '', display: 'Lê Ánh', canonical: 'lê ánh', toneless: 'lê anh' } },
];

describe('PackedCitizens', () => {
  it('gives back every field of every citizen, across chunk boundaries', () => {
    // 70,000 citizens: three chunks of 32,768, so first and last positions of a chunk are both read.
    const many: Citizen[] = [];
    for (let i = 0; i < 70_000; i++) {
      const c = base[i % base.length]!;
      many.push({ ...c, citizenId: String(100_000_000_000 + i) });
    }
    const all = [...edges, ...many];
    const packed = PackedCitizens.from(all);
    expect(packed.length).toBe(all.length);
    for (const i of [0, 1, 4, 5, 32_767, 32_768, 32_769, 65_535, 65_536, all.length - 1]) expect(packed.get(i)).toEqual(all[i]);
    expect([...eachCitizen(packed)]).toEqual(all);
  });

  it('stores each distinct name, birth date and commune once; citizens sharing one share its object', () => {
    const alike = base
      .slice(0, 50)
      .map((c, i) => ({ ...c, name: base[i % 5]!.name, birth: base[i % 7]!.birth, commune: base[i % 3]!.commune }));
    const packed = PackedCitizens.from(alike);
    const distinct = (f: (c: Citizen) => unknown) => new Set(alike.map((c) => JSON.stringify(f(c)))).size;
    const parts = packed.parts();
    expect(parts.name.values.ends.length).toBe(distinct((c) => c.name));
    expect(parts.birth.values.ends.length).toBe(distinct((c) => c.birth));
    expect(parts.commune.values.ends.length).toBe(distinct((c) => [c.commune, c.communeKey]));
    expect([...eachCitizen(packed)]).toEqual(alike);
    expect(packed.get(0).name).toBe(packed.get(5).name);
    expect(packed.get(0).birth).toBe(packed.get(7).birth);
  });

  it("gives a citizen's IDs without building it, as the table built in memory does", () => {
    const packed = PackedCitizens.from(edges);
    const plain = new ArrayCitizens(edges);
    for (let i = 0; i < edges.length; i++) expect(packed.ids(i)).toEqual(plain.ids(i));
    expect(packed.ids(3)).toEqual([edges[3]!.citizenId, '123456789']);
    expect(() => packed.ids(edges.length)).toThrow(RangeError);
  });

  it('returns the same object for repeated asks, and refuses a position out of range', () => {
    const packed = PackedCitizens.from(edges);
    expect(packed.get(2)).toBe(packed.get(2));
    expect(() => packed.get(edges.length)).toThrow(RangeError);
    expect(() => packed.get(-1)).toThrow(RangeError);
    expect(() => new ArrayCitizens(edges).get(edges.length)).toThrow(RangeError);
  });

  it('refuses a field holding its separator rather than shifting the fields after it', () => {
    const bad = { ...edges[0]!, phone: '09\u001f12' };
    expect(() => PackedCitizens.from([bad])).toThrow(/control character/);
    expect(() => new PackedCitizensBuilder().add('a\u001fb\u001fc', '', '', 'x')).toThrow(/citizen 1 /);
  });
});
