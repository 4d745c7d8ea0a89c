// The only SQL in vaxrec: import the citizen registry into SQLite atomically, and load it back for linking.

import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { REGISTRY_COLUMN_ALIASES } from '../config/ingest.js';
import { REQUIRED_REGISTRY_FIELDS, type Citizen, type RegistryField } from '../types.js';
import { BIRTH_FIELDS, CITIZEN_FIELDS, NAME_FIELDS, PackedCitizensBuilder, packFields, type PackedCitizens } from './citizens.js';
import { PACKED_TABLE, readPackedCitizens, readPackedIndex, unitsKey, writePacked, type PackedMiss } from './packed.js';
import { buildRegistryIndex, type RegistryIndex } from '../link/blocking.js';
import { linkConfig } from '../config/link.js';
import { readTableBatches, type ReadOptions } from '../ingest/table-reader.js';
import { normalizeCitizen, type NormalizeContext } from '../normalize/dose.js';
import { DATE_COLUMNS, fileContext, logFileDecisions, withFileDecisions } from '../ingest/file-decisions.js';
import type { Logger } from '../log.js';
import type { ProblemCode } from '../codes.js';
import { communeKeyOf, resolveCommune, type AdminUnits } from '../normalize/communes.js';

/** Bump when the table layout or the stored match keys change: old databases must be re-imported. */
export const SCHEMA_VERSION = '1';

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE citizens (
  id INTEGER PRIMARY KEY,
  citizen_id TEXT NOT NULL,
  old_id TEXT NOT NULL,
  display TEXT NOT NULL, canonical TEXT NOT NULL, toneless TEXT NOT NULL, ascii TEXT NOT NULL,
  phonetic TEXT NOT NULL, family TEXT NOT NULL, middle TEXT NOT NULL, given TEXT NOT NULL,
  birth_iso TEXT NOT NULL, birth_precision TEXT NOT NULL, birth_swapped TEXT NOT NULL,
  gender TEXT NOT NULL, commune_code TEXT NOT NULL, phone TEXT NOT NULL
);
CREATE TABLE rejects (source_file TEXT NOT NULL, line INTEGER NOT NULL, reason TEXT NOT NULL, detail TEXT NOT NULL);
`;

export interface RegistryRejectRow {
  source_file: string;
  line: number;
  reason: string;
  detail: string;
}

export interface ImportReport {
  db: string;
  files: { file: string; rows: number }[];
  loaded: number;
  rejected: number;
  /** Rows repeating an already-loaded citizen with identical details (harmless, skipped). */
  repeated: number;
  rejectsByReason: Record<string, number>;
  /** Citizens loaded with a flagged ID, by code (REGISTRY_ID_UNCHECKED: 12 digits vaxrec's tables do not know). */
  flaggedByCode: Record<string, number>;
  ms: number;
}

/** The details that make two rows of one citizen_id the same citizen (a repeated row), as stored in the citizens table. */
const DETAILS_SQL =
  'old_id || char(1) || canonical || char(1) || birth_iso || char(1) || gender || char(1) || commune_code || char(1) || phone';

function detailsKey(c: Citizen): string {
  return [c.oldId, c.name.canonical, c.birth?.iso ?? '', c.gender, c.commune, c.phone].join('\u0001');
}

/**
 * Import registry files (CSV or workbooks) into a new SQLite database (created with `fileMode`) and atomically replace
 * `dbPath` with it. A failed import leaves the previous database untouched.
 */
export async function importRegistry(
  files: readonly string[],
  dbPath: string,
  ctx: Omit<NormalizeContext, 'nameEncoding'>,
  opts: { fileMode?: number; read?: ReadOptions; logger?: Logger; packFor?: AdminUnits | null } = {},
): Promise<ImportReport> {
  const { fileMode = 0o600, read = {}, logger, packFor } = opts;
  const started = performance.now();
  const tmpPath = join(dirname(dbPath), `.${basename(dbPath)}.importing-${process.pid}`);
  rmSync(tmpPath, { force: true });
  const db = new Database(tmpPath);
  // The registry is personal data: owner-only unless --umask says otherwise, set before any row is written.
  chmodSync(tmpPath, fileMode);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(SCHEMA);
    const insert = db.prepare(
      `INSERT INTO citizens (citizen_id, old_id, display, canonical, toneless, ascii, phonetic, family, middle, given,
        birth_iso, birth_precision, birth_swapped, gender, commune_code, phone) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    const insertReject = db.prepare('INSERT INTO rejects (source_file, line, reason, detail) VALUES (?,?,?,?)');
    // Each citizen_id loaded, with its row id: a later row of the same ID is compared with the stored row (rare), so
    // the details of a million citizens are not kept in memory to spot it (they cost the import ~1 s of garbage
    // collection at a million, and the index build far more at 5 M: see the note at seen.clear below).
    const seen = new Map<string, number>();
    const detailsOf = db.prepare(`SELECT ${DETAILS_SQL} FROM citizens WHERE id = ?`).pluck();
    // The linker's view of the registry, packed as the rows go in and indexed at the end (registry/packed.ts).
    const packer = packFor === undefined ? null : new PackedCitizensBuilder();
    const keyOf = communeKeys(packFor ?? null);
    const report: ImportReport = {
      db: dbPath,
      files: [],
      loaded: 0,
      rejected: 0,
      repeated: 0,
      rejectsByReason: {},
      flaggedByCode: {},
      ms: 0,
    };
    const reject = (file: string, line: number, reason: ProblemCode, detail: string) => {
      insertReject.run(file, line, reason, detail);
      report.rejected++;
      report.rejectsByReason[reason] = (report.rejectsByReason[reason] ?? 0) + 1;
    };
    db.exec('BEGIN');
    for (const file of files) {
      let rows = 0;
      // One context per file: the per-file decisions are made before the first row comes out.
      let fileCtx: NormalizeContext = { ...ctx, nameEncoding: null };
      const source = readTableBatches<RegistryField>(file, REGISTRY_COLUMN_ALIASES, REQUIRED_REGISTRY_FIELDS, undefined, read);
      const batches = withFileDecisions(source, DATE_COLUMNS.registry, (d) => {
        fileCtx = fileContext(ctx, d);
        if (logger !== undefined) logFileDecisions(logger, basename(file), d);
      });
      for await (const batch of batches)
        for (const it of batch) {
          rows++;
          if (it.kind === 'bad') {
            reject(it.bad.source.file, it.bad.source.line, it.bad.code, it.bad.detail);
            continue;
          }
          const res = normalizeCitizen(it.row, fileCtx);
          if (!res.ok) {
            reject(it.row.source.file, it.row.source.line, res.reject.code, res.reject.detail);
            continue;
          }
          const c = res.citizen;
          const prev = seen.get(c.citizenId);
          if (prev !== undefined) {
            if (detailsOf.get(prev) === detailsKey(c)) report.repeated++;
            else {
              const { file: at, line } = it.row.source;
              reject(at, line, 'REGISTRY_ID_DUPLICATE', 'citizen_id already loaded with different details; the first row is kept');
            }
            continue;
          }
          for (const p of res.problems) {
            if (p.code === 'REGISTRY_ID_UNCHECKED') report.flaggedByCode[p.code] = (report.flaggedByCode[p.code] ?? 0) + 1;
          }
          const b = c.birth;
          const row = insert.run(
            c.citizenId,
            c.oldId,
            c.name.display,
            c.name.canonical,
            c.name.toneless,
            c.name.ascii,
            c.name.phonetic,
            c.name.family,
            c.name.middle,
            c.name.given,
            b?.iso ?? '',
            b?.precision ?? '',
            b?.swapped ?? '',
            c.gender,
            c.commune,
            c.phone,
          );
          seen.set(c.citizenId, Number(row.lastInsertRowid));
          if (packer !== null) packer.add(...packFields(c, keyOf(c.commune) || c.commune));
          report.loaded++;
        }
      report.files.push({ file, rows });
    }
    db.exec('CREATE UNIQUE INDEX citizens_citizen_id ON citizens (citizen_id)');
    db.exec("CREATE INDEX citizens_old_id ON citizens (old_id) WHERE old_id <> ''");
    db.exec(PACKED_TABLE);
    // The linker's view of the registry, built once here rather than by every run (registry/packed.ts).
    if (packFor !== undefined) {
      // The citizen IDs kept to spot repeated rows are garbage from here (when each kept its details too, they made the
      // index build at 5 M citizens collect a multi-gigabyte heap again and again: 72 s instead of 40 s).
      seen.clear();
      const t0 = performance.now();
      const citizens = packer!.finish();
      const index = buildRegistryIndex(citizens, linkConfig);
      const t1 = performance.now();
      writePacked(db, citizens, index, unitsKey(packFor), linkConfig.maxFallbackBlockSize);
      const ms = (t: number) => Math.round(performance.now() - t);
      logger?.info({ stage: 'registry_pack', rows: citizens.length, indexMs: Math.round(t1 - t0), writeMs: ms(t1) }, 'stage');
    }
    const setMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    setMeta.run('schema_version', SCHEMA_VERSION);
    setMeta.run('citizens', String(report.loaded));
    setMeta.run('source_files', JSON.stringify(report.files));
    // Names this import: a database is replaced whole by the next import, so the same id means the same citizens.
    setMeta.run('import_id', randomUUID());
    db.exec('COMMIT');
    db.close();
    renameSync(tmpPath, dbPath);
    report.ms = performance.now() - started;
    return report;
  } catch (e) {
    if (db.open) db.close();
    rmSync(tmpPath, { force: true });
    throw e;
  }
}

/** The id registry import gave this database (null for a database made before import ids). */
export function registryImportId(dbPath: string): string | null {
  const db = openReadOnly(dbPath);
  try {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'import_id'").get() as { value: string } | undefined;
    return row?.value ?? null;
  } finally {
    db.close();
  }
}

function openReadOnly(dbPath: string): Database.Database {
  if (!existsSync(dbPath) || !statSync(dbPath).isFile()) {
    throw new UsageError(`registry database ${dbPath} not found; create it with: vaxrec registry import <registry.csv> --db ${dbPath}`);
  }
  let db: Database.Database;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
    const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
    if (!row) throw new Error('no schema version');
    if (row.value !== SCHEMA_VERSION) {
      db.close();
      throw new InputError(
        `registry database has schema version ${row.value}, this vaxrec needs ${SCHEMA_VERSION}: re-import it with vaxrec registry import`,
        'REGISTRY_SCHEMA',
        dbPath,
      );
    }
    return db;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`not a vaxrec registry database (${(e as Error).message})`, 'REGISTRY_CORRUPT', dbPath);
  }
}

/**
 * Every citizen, packed (ordered by row id, so the order is the import order). `units`: read each commune code as
 * today's unit for the linker (the registry carries today's codes); null: compared as entered.
 */
function packCitizens(db: Database.Database, units: AdminUnits | null): PackedCitizens {
  // SQLite joins each citizen's name, birth date and own fields into the strings the packed table keeps.
  const joined = (cols: readonly string[]) => cols.join(' || char(31) || ');
  const stmt = db
    .prepare(`SELECT ${joined(NAME_FIELDS)}, ${joined(BIRTH_FIELDS)}, commune_code, ${joined(CITIZEN_FIELDS)} FROM citizens ORDER BY id`)
    .raw(true);
  const keyOf = communeKeys(units);
  const packed = new PackedCitizensBuilder();
  for (const r of stmt.iterate() as IterableIterator<[string, string, string, string]>) {
    packed.add(r[0], r[1], `${r[2]}\u001f${keyOf(r[2])}`, r[3]);
  }
  return packed.finish();
}

/**
 * A commune code as the linker compares it ('' when that is the code itself): read as today's unit with `units`.
 * Most citizens of a commune share its code: each code is resolved once.
 */
function communeKeys(units: AdminUnits | null): (code: string) => string {
  const keys = new Map<string, string>();
  return (code) => {
    if (units === null || code === '') return '';
    let k = keys.get(code);
    if (k === undefined) {
      k = communeKeyOf(resolveCommune(units, code, 'new'));
      keys.set(code, (k = k === code ? '' : k));
    }
    return k;
  };
}

/** Every citizen, packed: as stored at import when stored for this admin-unit reading, else packed from the rows. */
export function loadCitizens(dbPath: string, units: AdminUnits | null = null): PackedCitizens {
  return withRegistry(dbPath, (db) => {
    const stored = readPackedCitizens(db, unitsKey(units));
    return typeof stored === 'string' ? packCitizens(db, units) : stored;
  });
}

export interface LoadedRegistry {
  citizens: PackedCitizens;
  /** The index stored at import, or null when it has to be built (see `miss`). */
  index: RegistryIndex | null;
  miss: PackedMiss | null;
}

/** The citizens and blocking index stored at import when they fit this run (registry/packed.ts), else the citizens alone. */
export function loadRegistry(dbPath: string, units: AdminUnits | null, maxFallbackBlockSize: number): LoadedRegistry {
  return withRegistry(dbPath, (db) => {
    const stored = readPackedCitizens(db, unitsKey(units));
    if (typeof stored === 'string') return { citizens: packCitizens(db, units), index: null, miss: stored };
    const index = readPackedIndex(db, stored, maxFallbackBlockSize);
    return typeof index === 'string' ? { citizens: stored, index: null, miss: index } : { citizens: stored, index, miss: null };
  });
}

function withRegistry<T>(dbPath: string, read: (db: Database.Database) => T): T {
  const db = openReadOnly(dbPath);
  try {
    return read(db);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read the registry database (${(e as Error).message})`, 'REGISTRY_CORRUPT', dbPath);
  } finally {
    db.close();
  }
}

export function readRegistryRejects(dbPath: string): RegistryRejectRow[] {
  const db = openReadOnly(dbPath);
  try {
    return db.prepare('SELECT source_file, line, reason, detail FROM rejects ORDER BY rowid').all() as RegistryRejectRow[];
  } finally {
    db.close();
  }
}
