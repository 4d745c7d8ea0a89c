import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminUnitsFor } from '../../src/admin-units/load.js';
import { buildRegistryIndex, shareRegistryIndex } from '../../src/link/blocking.js';
import { linkConfig } from '../../src/config/link.js';
import { eachCitizen } from '../../src/registry/citizens.js';
import { importRegistry, loadCitizens, loadRegistry } from '../../src/registry/store.js';
import { indexRecipe, STORED_LAYOUT } from '../../src/registry/packed.js';
import { normalizeContext, runStages } from '../../src/pipeline.js';
import { silentLogger } from '../../src/log.js';
import { plainDecision } from '../../src/link/index.js';
import { defaultConfig } from '../../src/config/index.js';
import { scratch } from '../helpers/tmp.js';

const REGISTRY = fileURLToPath(new URL('../../fixtures/demo/registry.csv', import.meta.url));
const units = adminUnitsFor('2025');
const limit = linkConfig.maxFallbackBlockSize;

const bytesOf = (ix: ReturnType<typeof buildRegistryIndex>) => {
  const s = shareRegistryIndex(ix);
  // The last `size` integers are the index's scratch marks, not part of what it stores.
  return {
    tables: s.tables,
    memory: createHash('sha256')
      .update(new Uint8Array(s.buffer, 0, s.buffer.byteLength - 4 * s.size))
      .digest('hex'),
    counts: [[...s.familyCounts], [...s.givenCounts]],
  };
};

describe('the registry as the linker reads it, stored at import', () => {
  const tmp = scratch();
  const db = join(tmp.dir, 'registry.sqlite');
  const plain = join(tmp.dir, 'plain.sqlite');

  it('is read back exactly as a run would build it', async () => {
    await importRegistry([REGISTRY], db, normalizeContext(defaultConfig), { packFor: units });
    const got = loadRegistry(db, units, limit);
    expect(got.miss).toBeNull();
    expect(got.index).not.toBeNull();
    // The same citizens as packed from the rows, and the same tables as an index built from them in memory.
    await importRegistry([REGISTRY], plain, normalizeContext(defaultConfig));
    const fromRows = loadCitizens(plain, units);
    expect([...eachCitizen(got.citizens)]).toEqual([...eachCitizen(fromRows)]);
    expect(bytesOf(got.index!)).toEqual(bytesOf(buildRegistryIndex(fromRows, linkConfig)));
    expect(got.index!.splitCommunes).toBe(buildRegistryIndex(fromRows, linkConfig).splitCommunes);
  });

  it('is not used for another reading of commune codes, another block size or other key functions', () => {
    expect(loadRegistry(db, null, limit)).toMatchObject({ index: null, miss: 'another admin-unit reading' });
    expect(loadRegistry(db, units, limit + 1)).toMatchObject({ index: null, miss: 'another fallback block size' });
    const w = new Database(db);
    const meta = JSON.parse(w.prepare("SELECT data FROM packed WHERE part = 'meta'").pluck().get() as string);
    expect(meta.recipe).toBe(indexRecipe());
    w.prepare("UPDATE packed SET data = ? WHERE part = 'meta'").run(JSON.stringify({ ...meta, recipe: 'older' }));
    w.close();
    const stale = loadRegistry(db, units, limit);
    expect(stale).toMatchObject({ index: null, miss: 'another key recipe' });
    // The citizens stored for this reading are still good: only the index is built again.
    expect(stale.citizens.length).toBe(meta.index.size);
  });

  it('is not read when its citizens were laid out by another vaxrec (an import before names were stored once)', async () => {
    const older = join(tmp.dir, 'layout1.sqlite');
    await importRegistry([REGISTRY], older, normalizeContext(defaultConfig), { packFor: units });
    const w = new Database(older);
    const { layout, ...meta } = JSON.parse(w.prepare("SELECT data FROM packed WHERE part = 'meta'").pluck().get() as string);
    expect(layout).toBe(STORED_LAYOUT);
    w.prepare("UPDATE packed SET data = ? WHERE part = 'meta'").run(JSON.stringify(meta));
    w.close();
    const got = loadRegistry(older, units, limit);
    expect(got).toMatchObject({ index: null, miss: 'another layout of citizens' });
    // Packed again from the rows: the same citizens.
    expect([...eachCitizen(got.citizens)]).toEqual([...eachCitizen(loadCitizens(plain, units))]);
  });

  it('reads the index from rows of the size its meta names, and from 64 MB rows in a database of layout 2', async () => {
    const cut = join(tmp.dir, 'rows.sqlite');
    await importRegistry([REGISTRY], cut, normalizeContext(defaultConfig), { packFor: units });
    const want = bytesOf(loadRegistry(cut, units, limit).index!);
    // Layout 3 names the size of its rows; layout 2 (stored before) cut the index into rows of 64 MB.
    const rewrite = (partBytes: number | undefined) => {
      const w = new Database(cut);
      const meta = JSON.parse(w.prepare("SELECT data FROM packed WHERE part = 'meta'").pluck().get() as string);
      const rows = w.prepare("SELECT part, data FROM packed WHERE part LIKE 'index/%'").all() as { part: string; data: Buffer }[];
      const whole = Buffer.concat(rows.sort((a, b) => Number(a.part.slice(6)) - Number(b.part.slice(6))).map((r) => r.data));
      expect(whole.length).toBe(meta.indexBytes);
      w.exec("DELETE FROM packed WHERE part LIKE 'index/%'");
      const step = partBytes ?? whole.length;
      for (let off = 0, k = 0; off < whole.length; off += step, k++)
        w.prepare('INSERT INTO packed (part, data) VALUES (?, ?)').run(`index/${k}`, whole.subarray(off, off + step));
      const { partBytes: _, ...rest } = meta;
      const next = partBytes === undefined ? { ...rest, layout: 2 } : { ...rest, layout: 3, partBytes };
      w.prepare("UPDATE packed SET data = ? WHERE part = 'meta'").run(JSON.stringify(next));
      w.close();
      return Math.ceil(whole.length / step);
    };
    expect(rewrite(1000)).toBeGreaterThan(2);
    expect(bytesOf(loadRegistry(cut, units, limit).index!)).toEqual(want);
    expect(rewrite(undefined)).toBe(1);
    expect(bytesOf(loadRegistry(cut, units, limit).index!)).toEqual(want);
  });

  it('skips a row repeating a citizen with the same details, and rejects one with other details (the first is kept)', async () => {
    const rows = [
      'citizen_id,old_id,full_name,birth_date,gender,commune_code,phone',
      '001204387897,,Đào Thanh Đức,25/11/2004,Nam,00097,',
      '001304254210,,Hoàng Huyền,07/05/2004,Nữ,00097,0944241282',
      '001204387897,,Đào Thanh Đức,25/11/2004,Nam,00097,',
      '001304254210,,Hoàng Huyền,07/05/2004,Nữ,00097,0944241283',
    ];
    const csv = tmp.write('repeats.csv', `${rows.join('\n')}\n`);
    const out = join(tmp.dir, 'repeats.sqlite');
    const r = await importRegistry([csv], out, normalizeContext(defaultConfig), { packFor: units });
    expect([r.loaded, r.repeated, r.rejected, r.rejectsByReason]).toEqual([2, 1, 1, { REGISTRY_ID_DUPLICATE: 1 }]);
    const kept = [...eachCitizen(loadRegistry(out, units, limit).citizens)].find((c) => c.citizenId === '001304254210');
    expect(kept?.phone).toBe('0944241282');
  });

  it('is built in memory for a database without it (an import without packing, or one made before it)', () => {
    expect(loadRegistry(plain, units, limit)).toMatchObject({ index: null, miss: 'none stored' });
    const w = new Database(plain);
    w.exec('DROP TABLE packed');
    w.close();
    const old = loadRegistry(plain, units, limit);
    expect(old).toMatchObject({ index: null, miss: 'none stored' });
    expect(old.citizens.length).toBeGreaterThan(0);
  });

  it('links the same whether the citizens are built once for the run or one by one as asked for', async () => {
    const demo = (f: string) => fileURLToPath(new URL(`../../fixtures/demo/${f}`, import.meta.url));
    const run = (allCitizensAtDosesPerCitizen: number) =>
      runStages({
        registry: db,
        doses: ['doses_01.csv', 'doses_02.csv', 'doses_03.csv'].map(demo),
        out: join(tmp.dir, 'unused'),
        excel: false,
        fileMode: 0o600,
        dirMode: 0o700,
        version: 'test',
        lang: 'en',
        dateRange: {},
        dailyByCommune: false,
        threads: 1,
        logger: silentLogger(),
        config: { ...defaultConfig, link: { ...defaultConfig.link, allCitizensAtDosesPerCitizen } },
      });
    const [packed, built] = [await run(Number.POSITIVE_INFINITY), await run(0)];
    expect(built.decisions.map(plainDecision)).toEqual(packed.decisions.map(plainDecision));
    expect(built.model).toEqual(packed.model);
    const id = packed.decisions.find((d) => d.citizenId !== '')!.citizenId;
    expect(built.citizen(id)).toEqual(packed.citizen(id));
  });
});
