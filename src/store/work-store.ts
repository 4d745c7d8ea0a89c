// The work store: the only SQL of the nightly runs. One SQLite file (WAL) holding every record version ever ingested,
// its normalised form, link decision, person and dose-cluster state, the pinned model and the history of changes.

import Database from 'better-sqlite3';
import { chmodSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { InputError, UsageError } from '../errors.js';
import type { LinkModel } from '../link/index.js';
import type { KnownRecord, RecordLedger } from '../ingest/record-identity.js';
import { LINKED_STATUSES, type LinkDecision, type NormalizedDose, type Problem, type SourceRef } from '../types.js';
import type { DoseField } from '../types.js';
import type { StoredReviewDecision } from '../review/decisions.js';
import type { NameKeys } from '../types.js';
import { ModelCache, decisionCitizens, decodeDecision, decodeDose, doseCellSql, encodeDecision, encodeDose } from './record-codec.js';

const SQLITE_MODULE = createRequire(import.meta.url).resolve('better-sqlite3');

/** See WorkStore.checkpointAside. Plain JavaScript: a worker evaluates it (the module path resolved by the caller). */
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
let error = null;
try {
  const db = new Database(workerData.path, { fileMustExist: true });
  try { db.pragma('wal_checkpoint(PASSIVE)'); } finally { db.close(); }
} catch (e) { error = String(e && e.message); }
parentPort.postMessage(error);
`;

/**
 * The schema, as the steps that build it: a new store runs them all, an older one the steps it lacks, each
 * inside one transaction with the version bump. Never edit a released step: add one. A step is SQL, or a function
 * for one that rewrites data.
 */
const MIGRATIONS: readonly (string | ((db: Database.Database) => void))[] = [
  // 1: the records, their versions and everything the runs decided.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE runs (
    run_id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, tool_version TEXT NOT NULL,
    registry_hash TEXT NOT NULL, model_id INTEGER, summary TEXT
  );
  CREATE TABLE files (
    file_id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE,
    rows INTEGER NOT NULL, ingested TEXT NOT NULL, encoding TEXT NOT NULL, delimiter TEXT NOT NULL, name_encoding TEXT
  );
  CREATE TABLE extra_columns (pos INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE records (
    record_key TEXT NOT NULL, version INTEGER NOT NULL, ordinal INTEGER NOT NULL, row_seq INTEGER NOT NULL,
    state TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL, content_hash TEXT NOT NULL, run_id INTEGER NOT NULL,
    by_file TEXT, by_line INTEGER,
    dose TEXT NOT NULL, extra TEXT NOT NULL, decision TEXT, citizen_id TEXT NOT NULL DEFAULT '', status TEXT,
    person_key TEXT, kept_key TEXT, dup_rule TEXT, dup_detail TEXT, dose_seq INTEGER, filled TEXT, history TEXT,
    changed_run INTEGER
  );
  CREATE UNIQUE INDEX records_version ON records (record_key, version);
  CREATE INDEX records_current ON records (ordinal) WHERE state = 'current';
  CREATE INDEX records_citizen ON records (citizen_id) WHERE state = 'current' AND citizen_id <> '';
  CREATE INDEX records_person ON records (person_key) WHERE state = 'current';
  CREATE TABLE sightings (
    row_seq INTEGER PRIMARY KEY, record_key TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL,
    same_file TEXT NOT NULL, same_line INTEGER NOT NULL, run_id INTEGER NOT NULL
  );
  CREATE TABLE rejects (
    row_seq INTEGER PRIMARY KEY, record_key TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL,
    reason TEXT NOT NULL, detail TEXT NOT NULL, cells TEXT NOT NULL, place TEXT, run_id INTEGER NOT NULL
  );
  CREATE TABLE unlinked_keys (key_hash INTEGER NOT NULL, record_key TEXT NOT NULL);
  CREATE INDEX unlinked_keys_hash ON unlinked_keys (key_hash);
  CREATE INDEX unlinked_keys_record ON unlinked_keys (record_key);
  CREATE TABLE models (model_id INTEGER PRIMARY KEY, run_id INTEGER, created TEXT NOT NULL, source TEXT NOT NULL, json TEXT NOT NULL);
  CREATE TABLE registry_citizens (
    citizen_id TEXT PRIMARY KEY, details_hash TEXT NOT NULL, display TEXT NOT NULL, birth_iso TEXT NOT NULL, gender TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE changes (
    run_id INTEGER NOT NULL, seq INTEGER NOT NULL, record_key TEXT NOT NULL, change TEXT NOT NULL,
    before TEXT NOT NULL, after TEXT NOT NULL, reason TEXT NOT NULL
  );
  CREATE INDEX changes_run ON changes (run_id, seq);
  `,
  // 2: who decided a record's link (the model, or an analyst's verdict in a later version).
  `ALTER TABLE records ADD COLUMN decided_by TEXT NOT NULL DEFAULT 'model';`,
  // 3: the analysts' decisions (vaxrec review apply), by record key and citizen ID, never by row position.
  `
  CREATE TABLE review_decisions (
    decision_id INTEGER PRIMARY KEY, record_key TEXT NOT NULL, decision TEXT NOT NULL, citizen_id TEXT NOT NULL DEFAULT '',
    other_key TEXT NOT NULL DEFAULT '', content_hash TEXT NOT NULL, before TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', source_file TEXT NOT NULL, source_row TEXT NOT NULL,
    decided TEXT NOT NULL, parent_id INTEGER, state TEXT NOT NULL DEFAULT 'active', state_changed TEXT,
    state_reason TEXT NOT NULL DEFAULT '',
    applied_run INTEGER, undo_applied_run INTEGER
  );
  CREATE INDEX review_decisions_record ON review_decisions (record_key);
  CREATE INDEX review_decisions_other ON review_decisions (other_key) WHERE other_key <> '';
  CREATE TABLE review_pending (record_key TEXT PRIMARY KEY) WITHOUT ROWID;
  CREATE INDEX records_queue ON records (ordinal)
    WHERE state = 'current' AND kept_key = ''
      AND (status = 'review' OR history LIKE '%DOSE_INTERVAL_TOO_SHORT%' OR history LIKE '%DOSE_POSSIBLE_DUPLICATE%');
  `,
  // 4: records' doses and decisions as compact arrays (record-codec.ts) instead of whole JSON objects (~2.1 KB a record).
  (db) => compactRecords(db),
  // 5: the doses folded into a kept one, found by index (review apply carries a forced link to each): it scanned the store.
  `CREATE INDEX records_folded ON records (kept_key) WHERE state = 'current' AND kept_key <> '';`,
  // 6: the kept doses by status (every night's summary.json) from an index: the count read every current record from the
  // table, ~3 s a night at 3 M records (BENCHMARKS.md, "Nightly runs at 5 M citizens"). Partial, so that the planner
  // never prefers it to the narrower indexes of the other queries (a (state, kept_key, status) index was: it turned the
  // review queue's and a citizen's look-ups into scans of every kept dose).
  // And the last row number given, read by every night's ledger: max(row_seq) read the whole table (1.5 s at 3 M records).
  `CREATE INDEX records_status ON records (status) WHERE state = 'current' AND kept_key = '';
  CREATE INDEX records_row_seq ON records (row_seq);`,
  // 7: each review record's best candidate (issue 14): a review record that is a copy of a dose plainly linked to that
  // citizen is grouped with the citizen's doses (dedupe/person-groups.ts findFollowers), so a night that touches the
  // citizen gathers the records it leads; filled from the current review decisions.
  (db) => addReviewLeads(db),
];

/** The schema version whose step rewrote the records in the compact form. */
const COMPACT_RECORDS_STEP = 4;

/** The doses folded into one kept dose, in input order: states the partial index records_folded's condition, so uses it. */
export const FOLDED_INTO_SQL =
  "SELECT record_key FROM records WHERE kept_key = ? AND kept_key <> '' AND state = 'current' ORDER BY ordinal";

/** The kept doses by link status, as counted every night: reads the partial index records_status, not the table. */
export const COUNT_BY_STATUS_SQL =
  "SELECT status, count(*) AS n FROM records WHERE state = 'current' AND kept_key = '' GROUP BY status ORDER BY status";

/** The last row number given to a record, a re-exported row or a reject (each max from an index: records_row_seq, rowids). */
export const LAST_ROW_SEQ_SQL =
  'SELECT max(s) AS s FROM (SELECT max(row_seq) AS s FROM records UNION ALL SELECT max(row_seq) FROM sightings UNION ALL SELECT max(row_seq) FROM rejects)';

/** The schema version this vaxrec writes. */
export const STORE_SCHEMA_VERSION = MIGRATIONS.length;

/** Everything the store keeps of a record's current version. */
export interface StoredRecord {
  key: string;
  version: number;
  ordinal: number;
  rowSeq: number;
  contentHash: string;
  source: SourceRef;
  dose: NormalizedDose;
  extraByName: Record<string, string>;
  decision: LinkDecision;
  person: PersonState;
}

/** What the person stage decided for a record: its person, the dose it was folded into, its place in the history. */
export interface PersonState {
  personKey: string;
  /** The surviving record's key ('' when this record is the survivor). */
  keptKey: string;
  rule: string;
  detail: string;
  doseSeq: number;
  /** Survivor only: cells filled in from its duplicates. */
  filled: Partial<Record<DoseField, string>> | null;
  /** Survivor only: dose-history problems. */
  history: Problem[] | null;
}

export interface StoredFile {
  name: string;
  sha256: string;
  rows: number;
  ingested: string;
  encoding: string;
  delimiter: string;
  nameEncoding: string | null;
}

export interface StoredCitizen {
  citizenId: string;
  detailsHash: string;
  display: string;
  birthIso: string;
  gender: string;
}

export interface ChangeRow {
  recordKey: string;
  change: string;
  before: string;
  after: string;
  reason: string;
}

type Row = Record<string, unknown>;

/** A review decision as `review apply` stores it (the store sets its id and state). */
export type NewReviewDecision = Omit<
  StoredReviewDecision,
  'id' | 'state' | 'stateChanged' | 'stateReason' | 'appliedRun' | 'undoAppliedRun'
>;

/** What review export and apply read of a current record. */
export interface RecordState {
  version: number;
  contentHash: string;
  personKey: string;
  keptKey: string;
  decision: LinkDecision;
  runId: number;
}

/** Open (and create or migrate) a work store. Holds one connection; the caller takes the lock first. */
export class WorkStore {
  readonly db: Database.Database;

  private readonly statements = new Map<string, Database.Statement>();

  /** The pinned models, compiled, that stored decisions are rebuilt with (made on first use: after the migrations). */
  #models: ModelCache | null = null;

  /** The model new decisions are stored against: the last one pinned (undefined: not read yet). */
  private latestModel: number | null | undefined;

  private constructor(
    db: Database.Database,
    readonly path: string,
  ) {
    this.db = db;
  }

  private get models(): ModelCache {
    if (this.#models === null) this.#models = modelCacheOf(this.db);
    return this.#models;
  }

  /** A prepared statement, prepared once per store (the per-record calls run thousands of times a night). */
  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (st === undefined) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  /**
   * `create`: make the file when it does not exist (reconcile); otherwise a missing store is a usage error
   * (export, status). A newer schema is refused; an older one is migrated forward, one transaction per step.
   */
  static open(path: string, opts: { create: boolean; fileMode?: number; readonly?: boolean }): WorkStore {
    const exists = existsSync(path);
    if (!exists && !opts.create)
      throw new UsageError(`work store ${path} not found; a first run creates it: vaxrec reconcile --store ${path} ...`);
    let db: Database.Database;
    try {
      db = new Database(path, { readonly: opts.readonly === true && exists, fileMustExist: !opts.create });
      if (!exists) chmodSync(path, opts.fileMode ?? 0o600);
    } catch (e) {
      throw new InputError(`cannot open the work store (${(e as Error).message})`, 'STORE_CORRUPT', path);
    }
    const store = new WorkStore(db, path);
    try {
      // The version is read before anything is written: a newer store is refused untouched.
      const version = store.readVersion();
      if (!(opts.readonly && exists)) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        // No checkpoint inside a commit: a run copies its WAL into the file beside its outputs (checkpointAside), and
        // closing the last connection checkpoints whatever is left.
        db.pragma('wal_autocheckpoint = 0');
      }
      // 64 MB of SQLite page cache: the records a night reads are mostly read once, and the OS keeps the file's pages
      // anyway. 256 MB cost a night at 5 M citizens 150-200 MB of peak RSS for no measurable time (BENCHMARKS.md, "The
      // registry index read in small rows").
      db.pragma('cache_size = -65536');
      store.migrate(version, opts.readonly === true);
    } catch (e) {
      db.close();
      throw e;
    }
    return store;
  }

  private schemaVersion(): number {
    const hasMeta = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
    if (!hasMeta) {
      const tables = this.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
      if (tables.n > 0) throw new InputError('not a vaxrec work store (it holds other tables)', 'STORE_CORRUPT', this.path);
      return 0;
    }
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
    if (!row) throw new InputError('not a vaxrec work store (no schema version)', 'STORE_CORRUPT', this.path);
    return Number(row.value);
  }

  private readVersion(): number {
    let version: number;
    try {
      version = this.schemaVersion();
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`not a vaxrec work store (${(e as Error).message})`, 'STORE_CORRUPT', this.path);
    }
    if (version > STORE_SCHEMA_VERSION) {
      throw new InputError(
        `the work store has schema version ${version}, newer than this vaxrec's ${STORE_SCHEMA_VERSION}: use a newer vaxrec (the store was not changed)`,
        'STORE_SCHEMA',
        this.path,
      );
    }
    return version;
  }

  private migrate(version: number, readonly: boolean): void {
    if (version === STORE_SCHEMA_VERSION) return;
    if (readonly)
      throw new InputError(
        `the work store has schema version ${version}: run vaxrec reconcile on it once to migrate it`,
        'STORE_SCHEMA',
        this.path,
      );
    for (let v = version; v < STORE_SCHEMA_VERSION; v++) {
      this.db.transaction(() => {
        runStep(this.db, MIGRATIONS[v]);
        this.db
          .prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
          .run(String(v + 1));
      })();
    }
    // Compacting the records (step 4) leaves most pages of an existing store free: give them back to the disk, once. VACUUM
    // cannot run inside a transaction; it is atomic by itself (a kill leaves the migrated store as it was).
    if (version > 0 && version < COMPACT_RECORDS_STEP) this.db.exec('VACUUM');
  }

  /** Apply only the first `steps` migrations to a new file: how a test makes an old-schema store. */
  static createAtVersion(path: string, steps: number): void {
    const db = new Database(path);
    db.transaction(() => {
      for (let v = 0; v < steps; v++) runStep(db, MIGRATIONS[v]);
      db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(String(steps));
    })();
    db.close();
  }

  /**
   * Rewrite a store's records as schema 3 kept them (whole JSON objects) and mark it schema 3: how a test makes a
   * schema-3 store holding records, to check that migration 4 gives back the same store.
   */
  static rewriteAsSchema3(path: string): void {
    const db = new Database(path);
    try {
      const models = modelCacheOf(db);
      db.transaction(() => {
        const rows = db.prepare('SELECT rowid AS id, record_key, ordinal, file, line, dose, decision FROM records').all() as Row[];
        const write = db.prepare('UPDATE records SET dose = ?, decision = ? WHERE rowid = ?');
        for (const r of rows) {
          const dose = decodeDose(r.dose as string, placeOf(r));
          write.run(JSON.stringify(dose), JSON.stringify(decodeDecision(r.decision as string, dose.name, models)), r.id);
        }
        // What the steps after 3 added besides the compact form goes too (the indexes of migrations 5 and 6, the table of 7).
        db.exec('DROP INDEX IF EXISTS records_folded');
        db.exec('DROP INDEX IF EXISTS records_status');
        db.exec('DROP INDEX IF EXISTS records_row_seq');
        db.exec('DROP TABLE IF EXISTS review_leads');
        db.prepare("UPDATE meta SET value = '3' WHERE key = 'schema_version'").run();
      })();
    } finally {
      db.close();
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * Copy the committed WAL into the store file on another thread (its own connection), so the caller can write its
   * outputs meanwhile: a night of 60,020 rows at 5 M citizens checkpoints ~230 MB of WAL in ~2 s. Await it before
   * close. A checkpoint that fails loses nothing (the WAL keeps the run; the next connection copies it): the promise
   * gives the error message to log instead of rejecting.
   */
  checkpointAside(): Promise<string | null> {
    const worker = new Worker(CHECKPOINT_WORKER, { eval: true, workerData: { path: this.path, sqlite: SQLITE_MODULE } });
    return new Promise((done) => {
      worker.once('message', (m: string | null) => done(m));
      worker.once('error', (e) => done(e.message));
      worker.once('exit', () => done(null));
    });
  }

  // --- the run ---

  beginRun(toolVersion: string, registryHash: string, started: string): number {
    this.db.exec('BEGIN IMMEDIATE');
    const r = this.stmt('INSERT INTO runs (started, tool_version, registry_hash) VALUES (?, ?, ?)').run(started, toolVersion, registryHash);
    return Number(r.lastInsertRowid);
  }

  finishRun(runId: number, finished: string, modelId: number | null, summary: object): void {
    this.stmt('UPDATE runs SET finished = ?, model_id = ?, summary = ? WHERE run_id = ?').run(
      finished,
      modelId,
      JSON.stringify(summary),
      runId,
    );
    this.db.exec('COMMIT');
  }

  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  runCount(): number {
    return (this.stmt('SELECT count(*) AS n FROM runs WHERE finished IS NOT NULL').get() as { n: number }).n;
  }

  // --- what ingest needs ---

  ledger(): RecordLedger {
    const versions = this.stmt(
      'SELECT version, ordinal, content_hash, file, line, state FROM records WHERE record_key = ? ORDER BY version',
    );
    const file = this.stmt('SELECT name FROM files WHERE sha256 = ?');
    const seq = this.stmt(LAST_ROW_SEQ_SQL).get() as { s: number | null };
    return {
      firstSeq: seq.s === null ? 0 : seq.s + 1,
      lookup: (key: string): KnownRecord | undefined => {
        const rows = versions.all(key) as Row[];
        if (rows.length === 0) return undefined;
        const cur = rows[rows.length - 1];
        return {
          current: {
            ordinal: cur.ordinal as number,
            version: cur.version as number,
            contentHash: cur.content_hash as string,
            file: cur.file as string,
            line: cur.line as number,
          },
          hashes: new Set(rows.map((r) => r.content_hash as string)),
        };
      },
      knownFile: (sha256: string) => (file.get(sha256) as { name: string } | undefined)?.name,
    };
  }

  extraColumns(): string[] {
    return (this.stmt('SELECT name FROM extra_columns ORDER BY pos').all() as { name: string }[]).map((r) => r.name);
  }

  addExtraColumns(names: readonly string[]): void {
    const have = new Set(this.extraColumns());
    const ins = this.stmt('INSERT INTO extra_columns (pos, name) VALUES ((SELECT coalesce(max(pos), -1) + 1 FROM extra_columns), ?)');
    for (const n of names)
      if (!have.has(n)) {
        ins.run(n);
        have.add(n);
      }
  }

  addFile(runId: number, f: StoredFile): void {
    this.stmt('INSERT INTO files (run_id, name, sha256, rows, ingested, encoding, delimiter, name_encoding) VALUES (?,?,?,?,?,?,?,?)').run(
      runId,
      f.name,
      f.sha256,
      f.rows,
      f.ingested,
      f.encoding,
      f.delimiter,
      f.nameEncoding,
    );
  }

  files(): StoredFile[] {
    return (
      this.stmt('SELECT name, sha256, rows, ingested, encoding, delimiter, name_encoding FROM files ORDER BY file_id').all() as Row[]
    ).map((r) => ({
      name: r.name as string,
      sha256: r.sha256 as string,
      rows: r.rows as number,
      ingested: r.ingested as string,
      encoding: r.encoding as string,
      delimiter: r.delimiter as string,
      nameEncoding: (r.name_encoding as string | null) ?? null,
    }));
  }

  // --- the model ---

  model(): { id: number; model: LinkModel; source: string; created: string } | null {
    const r = this.stmt('SELECT model_id, json, source, created FROM models ORDER BY model_id DESC LIMIT 1').get() as Row | undefined;
    return r
      ? {
          id: r.model_id as number,
          model: JSON.parse(r.json as string) as LinkModel,
          source: r.source as string,
          created: r.created as string,
        }
      : null;
  }

  pinModel(runId: number | null, model: LinkModel, source: string, created: string): number {
    this.latestModel = undefined;
    return Number(
      this.stmt('INSERT INTO models (run_id, created, source, json) VALUES (?, ?, ?, ?)').run(runId, created, source, JSON.stringify(model))
        .lastInsertRowid,
    );
  }

  // --- records ---

  private decode(r: Row): StoredRecord {
    const dose = decodeDose(r.dose as string, placeOf(r));
    return {
      key: r.record_key as string,
      version: r.version as number,
      ordinal: r.ordinal as number,
      rowSeq: r.row_seq as number,
      contentHash: r.content_hash as string,
      source: { file: r.file as string, line: r.line as number },
      dose,
      extraByName: JSON.parse(r.extra as string) as Record<string, string>,
      decision: decodeDecision(r.decision as string, dose.name, this.models),
      person: {
        personKey: (r.person_key as string) ?? '',
        keptKey: (r.kept_key as string) ?? '',
        rule: (r.dup_rule as string) ?? '',
        detail: (r.dup_detail as string) ?? '',
        doseSeq: (r.dose_seq as number) ?? 0,
        filled: r.filled ? (JSON.parse(r.filled as string) as Partial<Record<DoseField, string>>) : null,
        history: r.history ? (JSON.parse(r.history as string) as Problem[]) : null,
      },
    };
  }

  private static readonly COLUMNS =
    'record_key, version, ordinal, row_seq, content_hash, file, line, dose, extra, decision, person_key, kept_key, dup_rule, dup_detail, dose_seq, filled, history';

  /** Current versions of these records (those the store holds). */
  currentOf(keys: Iterable<string>): StoredRecord[] {
    const stmt = this.stmt(`SELECT ${WorkStore.COLUMNS} FROM records WHERE record_key = ? AND state = 'current'`);
    const out: StoredRecord[] = [];
    for (const k of keys) {
      const r = stmt.get(k) as Row | undefined;
      if (r) out.push(this.decode(r));
    }
    return out;
  }

  /** Keys of the current records linked to these citizens. */
  keysOfCitizens(ids: Iterable<string>): string[] {
    const stmt = this.stmt("SELECT record_key FROM records WHERE citizen_id = ? AND state = 'current' AND citizen_id <> ''").pluck();
    const out: string[] = [];
    for (const id of ids) for (const k of stmt.all(id) as string[]) out.push(k);
    return out;
  }

  /** Keys of the current records of these persons. */
  keysOfPersons(personKeys: Iterable<string>): string[] {
    const stmt = this.stmt("SELECT record_key FROM records WHERE person_key = ? AND state = 'current'").pluck();
    const out: string[] = [];
    for (const p of personKeys) for (const k of stmt.all(p) as string[]) out.push(k);
    return out;
  }

  /** Keys of the unlinked current records holding any of these blocking-key hashes. */
  keysWithBlockHashes(hashes: Iterable<number>): string[] {
    const stmt = this.stmt('SELECT record_key FROM unlinked_keys WHERE key_hash = ?').pluck();
    const out = new Set<string>();
    for (const h of hashes) for (const k of stmt.all(h) as string[]) out.add(k);
    return [...out];
  }

  blockHashesOf(key: string): number[] {
    return this.stmt('SELECT key_hash FROM unlinked_keys WHERE record_key = ?').pluck().all(key) as number[];
  }

  /** Keys of the records whose review decision names one of these citizens as its best candidate (review_leads). */
  keysLedBy(ids: Iterable<string>): string[] {
    const stmt = this.stmt('SELECT record_key FROM review_leads WHERE citizen_id = ?').pluck();
    const out: string[] = [];
    for (const id of ids) for (const k of stmt.all(id) as string[]) out.push(k);
    return out;
  }

  /** A record's best candidate while it waits for review (dedupe followLead); '' when it has none (linked, unmatched). */
  setReviewLead(key: string, citizenId: string): void {
    if (citizenId === '') this.stmt('DELETE FROM review_leads WHERE record_key = ?').run(key);
    else
      this.stmt(
        'INSERT INTO review_leads (record_key, citizen_id) VALUES (?, ?) ON CONFLICT (record_key) DO UPDATE SET citizen_id = excluded.citizen_id',
      ).run(key, citizenId);
  }

  /** Every current record, in input order (export). */
  *allCurrent(): Generator<StoredRecord> {
    const stmt = this.stmt(`SELECT ${WorkStore.COLUMNS} FROM records WHERE state = 'current' ORDER BY ordinal`);
    for (const r of stmt.iterate() as IterableIterator<Row>) yield this.decode(r);
  }

  /** Mark the current version of a record superseded by a new version read at `by`. */
  supersede(key: string, by: SourceRef): void {
    this.stmt("UPDATE records SET state = 'superseded', by_file = ?, by_line = ? WHERE record_key = ? AND state = 'current'").run(
      by.file,
      by.line,
      key,
    );
    this.stmt('DELETE FROM unlinked_keys WHERE record_key = ?').run(key);
  }

  insertVersion(runId: number, r: StoredRecord): void {
    this.stmt(
      `INSERT INTO records (record_key, version, ordinal, row_seq, state, file, line, content_hash, run_id, dose, extra, decision, citizen_id, status,
        person_key, kept_key, dup_rule, dup_detail, dose_seq, filled, history, changed_run, decided_by)
       VALUES (?, ?, ?, ?, 'current', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      r.key,
      r.version,
      r.ordinal,
      r.rowSeq,
      r.source.file,
      r.source.line,
      r.contentHash,
      runId,
      encodeDose(r.dose, { key: r.key, ordinal: r.ordinal, source: r.source }),
      JSON.stringify(r.extraByName),
      encodeDecision(r.decision, r.dose.name, this.modelForNewDecisions(), this.models),
      linkedCitizen(r.decision),
      r.decision.status,
      ...personColumns(r.person),
      runId,
      decidedBy(r.decision),
    );
  }

  /** A stored record's new decision and/or person state; `names` are its stored dose's (a decision's term frequencies). */
  updateCurrent(runId: number, key: string, decision: LinkDecision, person: PersonState, names: NameKeys): void {
    this.stmt(
      `UPDATE records SET decision = ?, citizen_id = ?, status = ?, person_key = ?, kept_key = ?, dup_rule = ?, dup_detail = ?, dose_seq = ?,
        filled = ?, history = ?, changed_run = ?, decided_by = ? WHERE record_key = ? AND state = 'current'`,
    ).run(
      encodeDecision(decision, names, this.modelForNewDecisions(), this.models),
      linkedCitizen(decision),
      decision.status,
      ...personColumns(person),
      runId,
      decidedBy(decision),
      key,
    );
  }

  /** The model decisions written now are stored against: the last pinned (a run links with it). */
  private modelForNewDecisions(): number | null {
    if (this.latestModel === undefined) this.latestModel = latestModelId(this.db);
    return this.latestModel;
  }

  setBlockHashes(key: string, hashes: readonly number[]): void {
    this.stmt('DELETE FROM unlinked_keys WHERE record_key = ?').run(key);
    const ins = this.stmt('INSERT INTO unlinked_keys (key_hash, record_key) VALUES (?, ?)');
    for (const h of hashes) ins.run(h, key);
  }

  addSighting(runId: number, s: { rowSeq: number; key: string; source: SourceRef; same: SourceRef }): void {
    this.stmt('INSERT INTO sightings (row_seq, record_key, file, line, same_file, same_line, run_id) VALUES (?,?,?,?,?,?,?)').run(
      s.rowSeq,
      s.key,
      s.source.file,
      s.source.line,
      s.same.file,
      s.same.line,
      runId,
    );
  }

  addReject(
    runId: number,
    x: { rowSeq: number; key: string; source: SourceRef; reason: string; detail: string; cells: string[]; place?: object },
  ): void {
    this.stmt('INSERT INTO rejects (row_seq, record_key, file, line, reason, detail, cells, place, run_id) VALUES (?,?,?,?,?,?,?,?,?)').run(
      x.rowSeq,
      x.key,
      x.source.file,
      x.source.line,
      x.reason,
      x.detail,
      JSON.stringify(x.cells),
      x.place ? JSON.stringify(x.place) : null,
      runId,
    );
  }

  sightings(): { rowSeq: number; key: string; source: SourceRef; same: SourceRef }[] {
    return (this.stmt('SELECT row_seq, record_key, file, line, same_file, same_line FROM sightings ORDER BY row_seq').all() as Row[]).map(
      (r) => ({
        rowSeq: r.row_seq as number,
        key: r.record_key as string,
        source: { file: r.file as string, line: r.line as number },
        same: { file: r.same_file as string, line: r.same_line as number },
      }),
    );
  }

  supersededVersions(): { rowSeq: number; key: string; source: SourceRef; by: SourceRef }[] {
    return (
      this.stmt(
        "SELECT row_seq, record_key, file, line, by_file, by_line FROM records WHERE state = 'superseded' ORDER BY row_seq",
      ).all() as Row[]
    ).map((r) => ({
      rowSeq: r.row_seq as number,
      key: r.record_key as string,
      source: { file: r.file as string, line: r.line as number },
      by: { file: r.by_file as string, line: r.by_line as number },
    }));
  }

  rejects(): {
    rowSeq: number;
    key: string;
    source: SourceRef;
    reason: string;
    detail: string;
    cells: string[];
    place?: { facility: string; commune: string; date: string };
  }[] {
    return (
      this.stmt('SELECT row_seq, record_key, file, line, reason, detail, cells, place FROM rejects ORDER BY row_seq').all() as Row[]
    ).map((r) => ({
      rowSeq: r.row_seq as number,
      key: r.record_key as string,
      source: { file: r.file as string, line: r.line as number },
      reason: r.reason as string,
      detail: r.detail as string,
      cells: JSON.parse(r.cells as string) as string[],
      ...(r.place ? { place: JSON.parse(r.place as string) as { facility: string; commune: string; date: string } } : {}),
    }));
  }

  // --- how the records' commune codes were read for linking (--admin-units) ---

  /**
   * The admin-unit dataset the stored records' commune keys were read with ('2025-07-01'), 'as-entered', or null for a
   * store with no record yet. A store made before the mapping holds records keyed as entered.
   */
  adminUnits(): string | null {
    if (this.stmt('SELECT 1 FROM records LIMIT 1').get() === undefined) return null;
    const r = this.stmt("SELECT value FROM meta WHERE key = 'admin_units'").get() as { value: string } | undefined;
    return r?.value ?? 'as-entered';
  }

  setAdminUnits(value: string): void {
    this.stmt("INSERT INTO meta (key, value) VALUES ('admin_units', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(value);
  }

  // --- the registry snapshot the decisions used ---

  registryHash(): string | null {
    const r = this.stmt("SELECT value FROM meta WHERE key = 'registry_hash'").get() as { value: string } | undefined;
    return r?.value ?? null;
  }

  /**
   * Replace the remembered snapshot (citizen details the outputs show) with the one this run used. Best given in
   * citizen_id order, the table's key: its rows are then appended to the B-tree, not scattered over it.
   */
  setRegistry(hash: string, citizens: Iterable<StoredCitizen>): void {
    this.db.exec('DELETE FROM registry_citizens');
    const ins = this.stmt('INSERT INTO registry_citizens (citizen_id, details_hash, display, birth_iso, gender) VALUES (?,?,?,?,?)');
    for (const c of citizens) ins.run(c.citizenId, c.detailsHash, c.display, c.birthIso, c.gender);
    this.stmt("INSERT INTO meta (key, value) VALUES ('registry_hash', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(hash);
  }

  /** The registry import whose snapshot hash is the one remembered (see nightly.ts, registrySourceKey). */
  registrySource(): string | null {
    const r = this.stmt("SELECT value FROM meta WHERE key = 'registry_source'").get() as { value: string } | undefined;
    return r?.value ?? null;
  }

  setRegistrySource(key: string): void {
    this.stmt("INSERT INTO meta (key, value) VALUES ('registry_source', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(
      key,
    );
  }

  registrySize(): number {
    return (this.stmt('SELECT count(*) AS n FROM registry_citizens').get() as { n: number }).n;
  }

  *registryCitizens(): Generator<StoredCitizen> {
    const stmt = this.stmt('SELECT citizen_id, details_hash, display, birth_iso, gender FROM registry_citizens ORDER BY citizen_id');
    for (const r of stmt.iterate() as IterableIterator<Row>) {
      yield {
        citizenId: r.citizen_id as string,
        detailsHash: r.details_hash as string,
        display: r.display as string,
        birthIso: r.birth_iso as string,
        gender: r.gender as string,
      };
    }
  }

  citizensById(ids: Iterable<string>): StoredCitizen[] {
    const stmt = this.stmt('SELECT citizen_id, details_hash, display, birth_iso, gender FROM registry_citizens WHERE citizen_id = ?');
    const out: StoredCitizen[] = [];
    for (const id of ids) {
      const r = stmt.get(id) as Row | undefined;
      if (r)
        out.push({
          citizenId: r.citizen_id as string,
          detailsHash: r.details_hash as string,
          display: r.display as string,
          birthIso: r.birth_iso as string,
          gender: r.gender as string,
        });
    }
    return out;
  }

  /**
   * Keys of current records whose decision names one of these citizens (linked, or as a candidate), and with
   * `slowPath`, of every record not verified on the exact-ID path (one candidate, the ID's owner).
   */
  keysToRecheck(ids: ReadonlySet<string>, slowPath: boolean): string[] {
    const out: string[] = [];
    const stmt = this.stmt("SELECT record_key, decision FROM records WHERE state = 'current'");
    for (const r of stmt.iterate() as IterableIterator<Row>) {
      const d = decisionCitizens(r.decision as string);
      const names = (d.citizenId !== '' && ids.has(d.citizenId)) || d.candidateIds.some((c) => ids.has(c));
      const slow = slowPath && !(d.status === 'verified' && d.candidateIds.length === 1);
      if (names || slow) out.push(r.record_key as string);
    }
    return out;
  }

  // --- analysts' review decisions ---

  private static decodeReview(r: Row): StoredReviewDecision {
    return {
      id: r.decision_id as number,
      recordKey: r.record_key as string,
      decision: r.decision as StoredReviewDecision['decision'],
      citizenId: r.citizen_id as string,
      otherKey: r.other_key as string,
      contentHash: r.content_hash as string,
      before: r.before as string,
      reviewer: r.reviewer as string,
      note: r.note as string,
      sourceFile: r.source_file as string,
      sourceRow: r.source_row as string,
      decided: r.decided as string,
      parentId: (r.parent_id as number | null) ?? null,
      state: r.state as StoredReviewDecision['state'],
      stateChanged: (r.state_changed as string | null) ?? null,
      stateReason: r.state_reason as string,
      appliedRun: (r.applied_run as number | null) ?? null,
      undoAppliedRun: (r.undo_applied_run as number | null) ?? null,
    };
  }

  /** Active decisions naming these records (as the record, or as the other dose of a pair). */
  activeReviewDecisions(keys: Iterable<string>): StoredReviewDecision[] {
    // Most stores have no decision in force: a night of a million records then costs one query, not two million.
    if (this.stmt("SELECT 1 FROM review_decisions WHERE state = 'active' LIMIT 1").get() === undefined) return [];
    const st = this.stmt("SELECT * FROM review_decisions WHERE (record_key = ? OR other_key = ?) AND state = 'active'");
    const out = new Map<number, StoredReviewDecision>();
    for (const k of keys) for (const r of st.all(k, k) as Row[]) out.set(r.decision_id as number, WorkStore.decodeReview(r));
    return [...out.values()].sort((a, b) => a.id - b.id);
  }

  /** Every decision ever stored, oldest first (review log). */
  allReviewDecisions(): StoredReviewDecision[] {
    return (this.stmt('SELECT * FROM review_decisions ORDER BY decision_id').all() as Row[]).map(WorkStore.decodeReview);
  }

  reviewDecision(id: number): StoredReviewDecision | undefined {
    const r = this.stmt('SELECT * FROM review_decisions WHERE decision_id = ?').get(id) as Row | undefined;
    return r ? WorkStore.decodeReview(r) : undefined;
  }

  /** Decisions re-opened (a correction, a citizen gone) whose record has had no decision since: back in the queue. */
  reopenedReviewDecisions(): StoredReviewDecision[] {
    return (
      this.stmt(
        `SELECT * FROM review_decisions d WHERE state = 'reopened' AND parent_id IS NULL AND NOT EXISTS
        (SELECT 1 FROM review_decisions a WHERE a.record_key = d.record_key AND a.decision_id > d.decision_id AND a.state = 'active')
       ORDER BY decision_id`,
      ).all() as Row[]
    ).map(WorkStore.decodeReview);
  }

  insertReviewDecision(d: NewReviewDecision): number {
    const r = this.stmt(
      `INSERT INTO review_decisions (record_key, decision, citizen_id, other_key, content_hash, before, reviewer, note, source_file,
        source_row, decided, parent_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
    ).run(
      d.recordKey,
      d.decision,
      d.citizenId,
      d.otherKey,
      d.contentHash,
      d.before,
      d.reviewer,
      d.note,
      d.sourceFile,
      d.sourceRow,
      d.decided,
      d.parentId,
    );
    return Number(r.lastInsertRowid);
  }

  /** End a decision (undone, replaced or reopened); an undone or replaced one that was applied needs a run to take it back. */
  endReviewDecision(id: number, state: 'undone' | 'replaced' | 'reopened', when: string, reason: string): void {
    const sql = 'UPDATE review_decisions SET state = ?, state_changed = ?, state_reason = ? WHERE decision_id = ?';
    this.stmt(sql).run(state, when, reason, id);
  }

  /** Records whose decisions changed since the last run: the next run decides them again. */
  addReviewPending(keys: Iterable<string>): void {
    const ins = this.stmt('INSERT OR IGNORE INTO review_pending (record_key) VALUES (?)');
    for (const k of keys) ins.run(k);
  }

  reviewPending(): string[] {
    return this.stmt('SELECT record_key FROM review_pending ORDER BY record_key').pluck().all() as string[];
  }

  /**
   * The run took the pending records' decisions into account: returns the decisions it applied and the ones it took
   * back (undone or replaced since), and empties the pending list.
   */
  settleReviewPending(runId: number): { applied: StoredReviewDecision[]; withdrawn: StoredReviewDecision[] } {
    const pendingApply = "state = 'active' AND applied_run IS NULL";
    const pendingUndo = "state IN ('undone', 'replaced') AND undo_applied_run IS NULL";
    const select = (where: string): StoredReviewDecision[] =>
      (this.stmt(`SELECT * FROM review_decisions WHERE ${where} ORDER BY decision_id`).all() as Row[]).map(WorkStore.decodeReview);
    const applied = select(pendingApply);
    // A decision undone before any run applied it never took effect: nothing to take back, but settled all the same.
    const withdrawn = select(`${pendingUndo} AND applied_run IS NOT NULL`);
    this.stmt(`UPDATE review_decisions SET applied_run = ? WHERE ${pendingApply}`).run(runId);
    this.stmt(`UPDATE review_decisions SET undo_applied_run = ? WHERE ${pendingUndo}`).run(runId);
    this.db.exec('DELETE FROM review_pending');
    return { applied, withdrawn };
  }

  /** A current record's version token, content hash, person, folded-into key and decision (review export and apply). */
  recordState(key: string): RecordState | undefined {
    const sql = `SELECT record_key, ordinal, file, line, version, content_hash, person_key, kept_key, dose, decision, run_id FROM records
      WHERE record_key = ? AND state = 'current'`;
    const r = this.stmt(sql).get(key) as Row | undefined;
    if (!r) return undefined;
    const dose = decodeDose(r.dose as string, placeOf(r));
    return {
      version: r.version as number,
      contentHash: r.content_hash as string,
      personKey: (r.person_key as string) ?? '',
      keptKey: (r.kept_key as string) ?? '',
      decision: decodeDecision(r.decision as string, dose.name, this.models),
      runId: r.run_id as number,
    };
  }

  /** Keys of the current records folded into this one. */
  foldedInto(key: string): string[] {
    return this.stmt(FOLDED_INTO_SQL).pluck().all(key) as string[];
  }

  /**
   * Kept doses that may wait for an analyst, in input order, as much of each as the queue chooses by: link status
   * review, or a dose-history problem saying two doses were kept apart although close, or may be one dose entered twice
   * (the condition of the partial index records_queue, so no table scan). Doses are not decoded (see doseCellSql).
   */
  queueRows(): QueueRow[] {
    // INDEXED BY: an index on the same condition's columns (state, kept_key) once made the planner read every kept dose.
    const sql = `SELECT ${QUEUE_ROW} FROM records INDEXED BY records_queue WHERE state = 'current' AND kept_key = ''
      AND (status = 'review' OR history LIKE '%DOSE_INTERVAL_TOO_SHORT%' OR history LIKE '%DOSE_POSSIBLE_DUPLICATE%')
      ORDER BY ordinal`;
    return (this.stmt(sql).raw(true).all() as QueueRowCells[]).map(queueRowOf);
  }

  /** The same of any current record (a re-opened decision's record may be outside the queue's condition). */
  queueRow(key: string): QueueRow | undefined {
    const r = this.stmt(`SELECT ${QUEUE_ROW} FROM records WHERE record_key = ? AND state = 'current'`).raw(true).get(key);
    return r === undefined ? undefined : queueRowOf(r as QueueRowCells);
  }

  /** Whether the store holds a current version of this record. */
  isCurrent(key: string): boolean {
    return this.stmt("SELECT 1 FROM records WHERE record_key = ? AND state = 'current'").get(key) !== undefined;
  }

  /** Kept doses linked to this citizen. */
  linkedDoseCount(citizenId: string): number {
    // The partial index records_citizen is used only when the query states its condition (citizen_id <> ''): without it,
    // every review case of the queue summary scanned the whole store (2.3 s of a night at 40,000 records, growing with both).
    if (citizenId === '')
      return this.stmt("SELECT count(*) FROM records WHERE citizen_id = '' AND state = 'current' AND kept_key = ''")
        .pluck()
        .get() as number;
    const sql = "SELECT count(*) FROM records WHERE citizen_id = ? AND state = 'current' AND citizen_id <> '' AND kept_key = ''";
    return this.stmt(sql).pluck().get(citizenId) as number;
  }

  /** Decisions in force that a decision carried (a link's folded duplicates). */
  carriedBy(id: number): number[] {
    return this.stmt("SELECT decision_id FROM review_decisions WHERE parent_id = ? AND state = 'active'").pluck().all(id) as number[];
  }

  reviewCounts(): { inForce: number; pending: number } {
    return {
      inForce: this.stmt("SELECT count(*) FROM review_decisions WHERE state = 'active'").pluck().get() as number,
      pending: this.stmt('SELECT count(*) FROM review_pending').pluck().get() as number,
    };
  }

  hasCitizen(id: string): boolean {
    return this.stmt('SELECT 1 FROM registry_citizens WHERE citizen_id = ?').get(id) !== undefined;
  }

  /** When each run started (the review queue says how long a case has waited). */
  runStarts(): Map<number, string> {
    return new Map((this.stmt('SELECT run_id, started FROM runs').all() as Row[]).map((r) => [r.run_id as number, r.started as string]));
  }

  // --- changes and counts ---

  addChanges(runId: number, changes: readonly ChangeRow[]): void {
    const ins = this.stmt('INSERT INTO changes (run_id, seq, record_key, change, before, after, reason) VALUES (?,?,?,?,?,?,?)');
    changes.forEach((c, i) => {
      ins.run(runId, i, c.recordKey, c.change, c.before, c.after, c.reason);
    });
  }

  counts(): {
    current: number;
    superseded: number;
    recognised: number;
    rejects: number;
    folded: number;
    byStatus: Record<string, number>;
    inputRows: number;
  } {
    const one = (sql: string) => (this.stmt(sql).get() as { n: number | null }).n ?? 0;
    const current = one("SELECT count(*) AS n FROM records WHERE state = 'current'");
    const byStatus: Record<string, number> = {};
    for (const r of this.stmt(COUNT_BY_STATUS_SQL).all() as Row[]) {
      byStatus[r.status as string] = r.n as number;
    }
    return {
      current,
      folded: one("SELECT count(*) AS n FROM records INDEXED BY records_folded WHERE state = 'current' AND kept_key <> ''"),
      // A version is current or superseded: counted from two indexes instead of a scan of the table.
      superseded: one('SELECT count(*) AS n FROM records') - current,
      recognised: one('SELECT count(*) AS n FROM sightings'),
      rejects: one('SELECT count(*) AS n FROM rejects'),
      inputRows: one('SELECT sum(rows) AS n FROM files'),
      byStatus,
    };
  }
}

function linkedCitizen(d: LinkDecision): string {
  return d.status === 'verified' || d.status === 'verified_with_discrepancy' || d.status === 'corrected' ? d.citizenId : '';
}

/** Who decided a record's link: an analyst's review decision, or the model. */
/** A decision as changes.csv and the review files write it: the status, and the citizen when linked. */
export function decisionText(d: LinkDecision): string {
  return LINKED_STATUSES.has(d.status) && d.citizenId !== '' ? `${d.status} ${d.citizenId}` : d.status;
}

function decidedBy(d: LinkDecision): 'analyst' | 'model' {
  return d.analyst !== undefined ? 'analyst' : 'model';
}

function personColumns(p: PersonState): [string, string, string, string, number, string | null, string | null] {
  return [
    p.personKey,
    p.keptKey,
    p.rule,
    p.detail,
    p.doseSeq,
    p.filled ? JSON.stringify(p.filled) : null,
    p.history ? JSON.stringify(p.history) : null,
  ];
}

function runStep(db: Database.Database, step: string | ((db: Database.Database) => void)): void {
  if (typeof step === 'string') db.exec(step);
  else step(db);
}

/** What the review queue chooses its records by (see queueRows). */
export interface QueueRow {
  key: string;
  runId: number;
  status: string;
  keptKey: string;
  facility: string;
  commune: string;
  history: Problem[] | null;
}

const QUEUE_ROW = `record_key, run_id, status, kept_key, ${doseCellSql('dose', 'facility_code')}, ${doseCellSql('dose', 'commune_code')}, history`;
type QueueRowCells = [string, number, string | null, string | null, string | null, string | null, string | null];

function queueRowOf(r: QueueRowCells): QueueRow {
  return {
    key: r[0],
    runId: r[1],
    status: r[2] ?? '',
    keptKey: r[3] ?? '',
    facility: r[4] ?? '',
    commune: r[5] ?? '',
    history: r[6] ? (JSON.parse(r[6]) as Problem[]) : null,
  };
}

function placeOf(r: Row): { key: string; ordinal: number; source: SourceRef } {
  return { key: r.record_key as string, ordinal: r.ordinal as number, source: { file: r.file as string, line: r.line as number } };
}

function latestModelId(db: Database.Database): number | null {
  return (db.prepare('SELECT max(model_id) FROM models').pluck().get() as number | null) ?? null;
}

function modelCacheOf(db: Database.Database): ModelCache {
  const st = db.prepare('SELECT json FROM models WHERE model_id = ?').pluck();
  return new ModelCache((id) => {
    const json = st.get(id) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as LinkModel);
  });
}

/**
 * Migration 4: every record version's dose and decision rewritten in the compact form, in chunks of rowids (a write
 * cannot run while a read iterates). Decisions are stored against the last pinned model, the one every current decision
 * was made with (model train --apply decides them all again); a value that would not come back exactly stays whole.
 */
function compactRecords(db: Database.Database): void {
  const models = modelCacheOf(db);
  const modelId = latestModelId(db);
  const read = db.prepare(
    'SELECT rowid AS id, record_key, ordinal, file, line, dose, decision FROM records WHERE rowid > ? ORDER BY rowid LIMIT 2000',
  );
  const write = db.prepare('UPDATE records SET dose = ?, decision = ? WHERE rowid = ?');
  let after = 0;
  for (;;) {
    const rows = read.all(after) as Row[];
    if (rows.length === 0) break;
    for (const r of rows) {
      const place = placeOf(r);
      const dose = decodeDose(r.dose as string, place);
      const decision = decodeDecision(r.decision as string, dose.name, models);
      write.run(encodeDose(dose, place), encodeDecision(decision, dose.name, modelId, models), r.id);
      after = r.id as number;
    }
  }
}

/**
 * Migration 7: the review records' best candidates, by citizen (WorkStore.keysLedBy), from the current decisions as
 * dedupe's followLead reads them (a review decision's first candidate).
 */
function addReviewLeads(db: Database.Database): void {
  db.exec(`CREATE TABLE review_leads (record_key TEXT PRIMARY KEY, citizen_id TEXT NOT NULL) WITHOUT ROWID;
    CREATE INDEX review_leads_citizen ON review_leads (citizen_id);`);
  const ins = db.prepare('INSERT INTO review_leads (record_key, citizen_id) VALUES (?, ?)');
  const leads: [string, string][] = [];
  const read = db.prepare("SELECT record_key, decision FROM records WHERE state = 'current' AND status = 'review'");
  for (const r of read.iterate() as IterableIterator<Row>) {
    const lead = decisionCitizens(r.decision as string).candidateIds[0];
    if (lead !== undefined && lead !== '') leads.push([r.record_key as string, lead]);
  }
  for (const [k, c] of leads) ins.run(k, c);
}
