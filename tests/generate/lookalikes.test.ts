// Look-alike IDs in the generator: a twin's or namesake's ID on the record, tagged, switchable, and never a stranger's.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/generate/index.js';

const root = mkdtempSync(join(tmpdir(), 'vaxrec-lookalike-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Row = Record<string, string>;
const rows = (dir: string, f: string): Row[] => parse(readFileSync(join(dir, f)), { columns: true }) as Row[];

interface Tagged {
  tag: string;
  typedId: string;
  truthId: string;
}

/** Rows of one tag: the ID typed and the person's own citizen ID, plus the registry by ID. */
function load(dir: string, files: string[]): { tagged: Tagged[]; registry: Map<string, Row> } {
  const registry = new Map(rows(dir, 'registry.csv').map((r) => [r.citizen_id, r]));
  const byLine = new Map<string, Row>();
  for (const f of files) {
    for (const [i, r] of rows(dir, f).entries()) byLine.set(`${f}:${i + 2}`, r);
  }
  const tagged: Tagged[] = [];
  for (const t of rows(dir, 'truth.csv')) {
    for (const tag of t.damage.split(';')) {
      if (tag === 'id_twin' || tag === 'id_namesake')
        tagged.push({ tag, typedId: byLine.get(`${t.file}:${t.line}`)!.citizen_id, truthId: t.citizen_id });
    }
  }
  return { tagged, registry };
}

const dir = join(root, 'on');
const off = join(root, 'off');
let files: string[] = [];
beforeAll(async () => {
  files = (await generateDataset({ persons: 6000, outDir: dir, seed: 5, rates: { id_twin: 1, id_namesake: 1 } })).files;
  await generateDataset({ persons: 6000, outDir: off, seed: 5, rates: { id_twin: 0, id_namesake: 0 } });
});

describe('look-alike IDs', () => {
  it("a twin's ID is the other twin's (who may be missing from the registry): same birth date, family name and commune", () => {
    const { tagged, registry } = load(dir, files);
    const twins = tagged.filter((t) => t.tag === 'id_twin');
    expect(twins.length).toBeGreaterThan(10);
    for (const t of twins) {
      expect(t.typedId).not.toBe(t.truthId);
      const owner = registry.get(t.typedId);
      const self = registry.get(t.truthId);
      if (owner && self) {
        expect(owner.birth_date).toBe(self.birth_date);
        expect(owner.full_name.split(' ')[0]).toBe(self.full_name.split(' ')[0]);
        expect(owner.commune_code).toBe(self.commune_code);
      }
    }
  });

  it("a namesake's ID belongs to another registry person with the same full name and birth date, elsewhere", () => {
    const { tagged, registry } = load(dir, files);
    const namesakes = tagged.filter((t) => t.tag === 'id_namesake');
    expect(namesakes.length).toBeGreaterThan(10);
    for (const t of namesakes) {
      const owner = registry.get(t.typedId)!;
      expect(owner).toBeDefined();
      expect(t.typedId).not.toBe(t.truthId);
      const self = registry.get(t.truthId);
      if (self) {
        // Either may hold the year only in the registry (the elderly).
        expect([owner.full_name, owner.birth_date.slice(-4)]).toEqual([self.full_name, self.birth_date.slice(-4)]);
        expect(owner.commune_code).not.toBe(self.commune_code);
      }
    }
  });

  it('switches off', () => {
    expect(load(off, files).tagged).toEqual([]);
  });
});
