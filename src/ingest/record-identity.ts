// Record identity across files and nights: the key a row is known by, its content hash, and the ledger of known versions.

import { sha256Hex } from '../util/hash.js';
import { DOSE_FIELDS, type DoseField } from '../types.js';

/**
 * What a row says, independent of where it was read: every contract cell but record_id, then the non-empty
 * pass-through cells by column name (a file that adds an empty column does not change a row's content).
 */
function contentText(values: Record<DoseField, string>, extraNames: readonly string[], extra: readonly string[]): string {
  let s = '';
  for (const f of DOSE_FIELDS) if (f !== 'record_id') s += `${values[f].trim()}\u001f`;
  const pairs: string[] = [];
  for (let i = 0; i < extraNames.length; i++) {
    const v = (extra[i] ?? '').trim();
    if (v !== '') pairs.push(`${extraNames[i]}\u001e${v}`);
  }
  return s + pairs.sort().join('\u001f');
}

export interface RowIdentity {
  /** The record's key: its record_id, or for a row without one 'H-' and 80 bits of its content hash. */
  key: string;
  /** 128 bits of SHA-256 over the row's content (hex). */
  contentHash: string;
}

/**
 * Rows without a record_id are named by their content, not by file and line: nightly files reuse names, and the
 * same row exported again must be recognised as the same record.
 */
export function identifyRow(values: Record<DoseField, string>, extraNames: readonly string[], extra: readonly string[]): RowIdentity {
  const hash = sha256Hex(contentText(values, extraNames, extra));
  const given = values.record_id.trim();
  return { key: given !== '' ? given : `H-${hash.slice(0, 20)}`, contentHash: hash.slice(0, 32) };
}

/** A version of a record already known (earlier in this run or in the work store). */
export interface KnownVersion {
  /** Input order of the record's first version: its place in every output, kept across corrections. */
  ordinal: number;
  version: number;
  contentHash: string;
  /** Where the current version was read. */
  file: string;
  line: number;
}

/** Every version a record has had: recognising any of them (a backlog re-exported) is not a correction. */
export interface KnownRecord {
  current: KnownVersion;
  hashes: ReadonlySet<string>;
}

/** Where ingest looks up the records it has seen before (the work store; empty for a one-shot run). */
export interface RecordLedger {
  lookup(key: string): KnownRecord | undefined;
  /** The file name under which a file with this SHA-256 was ingested, if it was. */
  knownFile(sha256: string): string | undefined;
  /** Input order of the first row of this run (rows of earlier nights come before it). */
  readonly firstSeq: number;
}

/** duplicates.csv rules of rows that are versions of a record, not doses (record_id = kept_record_id). */
export const RECORD_VERSION_RULES = {
  SUPERSEDED: "an earlier version of the record, replaced by the facility's correction: a later row with the same record_id",
  REEXPORT: 'the same record with the same content exported again: recognised, never a second dose',
} as const;

export const EMPTY_LEDGER: RecordLedger = { lookup: () => undefined, knownFile: () => undefined, firstSeq: 0 };
