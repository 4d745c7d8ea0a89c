// The registry as the linker reads it, stored by `registry import` beside the citizens table: the packed citizens
// (registry/citizens.ts) and the blocking index (link/blocking.ts), so that every run reads them instead of building
// them again (~8 s and ~1.2 GB of objects per million citizens, BENCHMARKS.md "Where a small night's fixed cost goes").
//
// What was stored is used only when it was built the way this vaxrec would build it: for the same admin-unit
// reading of commune codes, the same fallback block size, and the same key functions (the recipe: a small index
// built here and there from the same made-up citizens must come out byte for byte the same). Otherwise the run
// builds the index in memory as before, and says so in its log.

import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { AdminUnits } from '../normalize/communes.js';
import {
  buildRegistryIndex,
  registryIndexFromShared,
  shareRegistryIndex,
  type RegistryIndex,
  type SharedRegistryIndex,
} from '../link/blocking.js';
import { ArrayCitizens, CITIZENS_LAYOUT, PackedCitizens, type PackedParts, type PackedStrings } from './citizens.js';
import type { Citizen } from '../types.js';

export const PACKED_TABLE = 'CREATE TABLE packed (part TEXT PRIMARY KEY, data NOT NULL)';

/**
 * Bytes of index memory a row of the packed table holds (SQLite's values stop at 1 GB; 5 M citizens need ~0.6 GB).
 * Small enough that the buffer SQLite hands back for a row is taken from memory the process already has: glibc maps
 * every allocation above 32 MB afresh and returns it on free, and fresh pages are slow and uneven to fault in on these
 * virtual machines (the 604 MB index of 4.85 M citizens read in 1.0-4.6 s from 64 MB rows, 0.41-0.86 s from 4 MB rows;
 * BENCHMARKS.md "The registry index read in small rows").
 */
const PART_BYTES = 4 << 20;

/**
 * What a stored `layout` names: the citizens' layout (citizens.ts) and how the index is cut into rows. 2: citizens of
 * layout 2, the index in rows of 64 MB; 3: the same citizens, the index in rows of the meta's `partBytes`. A vaxrec
 * that reads only 2 takes a 3 for another layout and packs its own, rather than misread the rows.
 */
export const STORED_LAYOUT = 3;
const READ_LAYOUTS = new Set([2, STORED_LAYOUT]);
/** The index rows of a layout-2 database (its meta names no partBytes). */
const LAYOUT_2_PART_BYTES = 64 << 20;
if (CITIZENS_LAYOUT !== 2) throw new Error('a new layout of citizens needs a new STORED_LAYOUT');

/** How commune codes were read for the linker: the admin-unit dataset, or as entered. */
export function unitsKey(units: AdminUnits | null): string {
  return units === null ? 'as-entered' : units.effective;
}

interface PackedMeta {
  recipe: string;
  units: string;
  maxFallbackBlockSize: number;
  /** STORED_LAYOUT when stored (absent: layout 1, before names were stored once). */
  layout?: number;
  /** Chunk strings of the citizens' own fields. */
  chunks: number;
  /** Chunk strings of each shared column's values (layout 2). */
  shared?: Record<SharedName, number>;
  indexBytes: number;
  /** Index bytes a row holds (layout 3). */
  partBytes?: number;
  index: Omit<SharedRegistryIndex, 'buffer' | 'familyCounts' | 'givenCounts'> & {
    familyCounts: [string, number][];
    givenCounts: [string, number][];
  };
}

const SHARED = ['name', 'birth', 'commune'] as const;
type SharedName = (typeof SHARED)[number];

/** What stops a stored index from being used (null: nothing). */
export type PackedMiss =
  | 'none stored'
  | 'another layout of citizens'
  | 'another admin-unit reading'
  | 'another fallback block size'
  | 'another key recipe';

/** Store the packed citizens and their index (inside the caller's transaction); replaces whatever was stored. */
export function writePacked(
  db: Database.Database,
  citizens: PackedCitizens,
  index: RegistryIndex,
  units: string,
  maxFallbackBlockSize: number,
): void {
  const ins = db.prepare('INSERT INTO packed (part, data) VALUES (?, ?)');
  db.exec('DELETE FROM packed');
  const parts = citizens.parts();
  const blob = (a: Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const strings = (prefix: string, p: PackedStrings) => {
    for (const [k, c] of p.chunks.entries()) ins.run(`${prefix}/${k}`, c);
    ins.run(`${prefix}/ends`, blob(p.ends));
  };
  for (const col of SHARED) {
    strings(col, parts[col].values);
    ins.run(`${col}/of`, blob(parts[col].of));
  }
  strings('fields', parts.fields);
  const shared = shareRegistryIndex(index);
  const bytes = new Uint8Array(shared.buffer);
  for (let off = 0, k = 0; off < bytes.length; off += PART_BYTES, k++) {
    ins.run(`index/${k}`, Buffer.from(bytes.buffer, off, Math.min(PART_BYTES, bytes.length - off)));
  }
  const { buffer: _buffer, familyCounts, givenCounts, ...rest } = shared;
  const meta: PackedMeta = {
    recipe: indexRecipe(),
    units,
    maxFallbackBlockSize,
    layout: STORED_LAYOUT,
    chunks: parts.fields.chunks.length,
    shared: { name: parts.name.values.chunks.length, birth: parts.birth.values.chunks.length, commune: parts.commune.values.chunks.length },
    indexBytes: bytes.length,
    partBytes: PART_BYTES,
    index: { ...rest, familyCounts: [...familyCounts], givenCounts: [...givenCounts] },
  };
  ins.run('meta', JSON.stringify(meta));
}

function readMeta(db: Database.Database): PackedMeta | null {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'packed'").get() !== undefined;
  if (!hasTable) return null; // a database imported before the packed table
  const text = db.prepare("SELECT data FROM packed WHERE part = 'meta'").pluck().get() as string | undefined;
  return text === undefined ? null : (JSON.parse(text) as PackedMeta);
}

/** The stored packed citizens, when stored for this admin-unit reading, or why not. */
export function readPackedCitizens(db: Database.Database, units: string): PackedCitizens | PackedMiss {
  const meta = readMeta(db);
  if (meta === null) return 'none stored';
  if (!READ_LAYOUTS.has(meta.layout ?? 1)) return 'another layout of citizens';
  if (meta.units !== units) return 'another admin-unit reading';
  const part = db.prepare('SELECT data FROM packed WHERE part = ?').pluck();
  const ints = (name: string): Int32Array => {
    const b = part.get(name) as Buffer;
    const a = new Int32Array(b.byteLength / 4);
    new Uint8Array(a.buffer).set(b);
    return a;
  };
  const strings = (prefix: string, chunks: number): PackedStrings => ({
    chunks: Array.from({ length: chunks }, (_, k) => part.get(`${prefix}/${k}`) as string),
    ends: ints(`${prefix}/ends`),
  });
  const shared = (col: SharedName) => ({ values: strings(col, meta.shared?.[col] ?? 0), of: ints(`${col}/of`) });
  const parts: PackedParts = {
    name: shared('name'),
    birth: shared('birth'),
    commune: shared('commune'),
    fields: strings('fields', meta.chunks),
  };
  return new PackedCitizens(meta.index.size, parts);
}

/** The stored index over these (stored) citizens, when built as this vaxrec would build it, or why not. */
export function readPackedIndex(db: Database.Database, citizens: PackedCitizens, maxFallbackBlockSize: number): RegistryIndex | PackedMiss {
  const meta = readMeta(db);
  if (meta === null) return 'none stored';
  if (meta.maxFallbackBlockSize !== maxFallbackBlockSize) return 'another fallback block size';
  if (meta.recipe !== indexRecipe()) return 'another key recipe';
  const part = db.prepare('SELECT data FROM packed WHERE part = ?').pluck();
  // Into shared memory, so the link worker reads the same tables (see shareRegistryIndex).
  const buffer = new SharedArrayBuffer(meta.indexBytes);
  const bytes = new Uint8Array(buffer);
  if (!READ_LAYOUTS.has(meta.layout ?? 1)) return 'another layout of citizens';
  const step = meta.partBytes ?? LAYOUT_2_PART_BYTES;
  for (let off = 0, k = 0; off < meta.indexBytes; off += step, k++) bytes.set(part.get(`index/${k}`) as Buffer, off);
  const shared: SharedRegistryIndex = {
    ...meta.index,
    buffer,
    familyCounts: new Map(meta.index.familyCounts),
    givenCounts: new Map(meta.index.givenCounts),
  };
  return registryIndexFromShared(citizens, shared);
}

/** Made-up citizens whose index names the key functions in force (see the file comment). */
const RECIPE_CITIZENS: Citizen[] = [
  ['012345678901', '', 'Nguyễn Thị Thủy', 'nguyen thi thuy', 'NGAN THI THUY', 'nguyen', 'thi', 'thuy', '1990-03-04', 'F', '00001'],
  ['098765432109', '123456789', 'Trần Văn An', 'tran van an', 'TRAN VAN AN', 'tran', 'van', 'an', '1985', 'M', '00004'],
  ['001122334455', '', 'Lê Minh', 'le minh', 'LE MINH', 'le', '', 'minh', '', 'U', ''],
].map(([id, old, display, ascii, phonetic, family, middle, given, iso, gender, commune]) => ({
  citizenId: id!,
  oldId: old!,
  name: {
    display: display!,
    canonical: display!.toLowerCase(),
    toneless: ascii!,
    ascii: ascii!,
    phonetic: phonetic!,
    family: family!,
    middle: middle!,
    given: given!,
  },
  birth:
    iso === ''
      ? null
      : iso!.length === 4
        ? { iso: iso!, year: Number(iso), month: null, day: null, precision: 'year' as const, swapped: null }
        : { iso: iso!, year: Number(iso!.slice(0, 4)), month: 3, day: 4, precision: 'day' as const, swapped: '1990-04-03' },
  gender: gender as Citizen['gender'],
  commune: commune!,
  communeKey: commune!,
  phone: '0912345678',
}));

let recipe: string | null = null;

/** The fingerprint of the index this vaxrec builds (see RECIPE_CITIZENS). */
export function indexRecipe(): string {
  if (recipe === null) {
    const ix = buildRegistryIndex(new ArrayCitizens(RECIPE_CITIZENS), { maxFallbackBlockSize: 2 });
    const s = shareRegistryIndex(ix);
    const h = createHash('sha256').update(new Uint8Array(s.buffer));
    h.update(JSON.stringify([s.tables, [...s.familyCounts], [...s.givenCounts], s.splitCommunes]));
    recipe = h.digest('hex').slice(0, 16);
  }
  return recipe;
}
