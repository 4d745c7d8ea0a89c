// The record types at each stage of the pipeline: raw row -> normalised dose -> link decision -> clean dose.

import type { ProblemCode } from './codes.js';

/** M = male, F = female, U = unknown / not stated. */
export type Gender = 'M' | 'F' | 'U';

/** Where a row came from: the file as given on the command line and its 1-based physical line. */
export interface SourceRef {
  file: string;
  line: number;
}

/** A problem found in one field of one record. `code` is a stable code from src/codes.ts. */
export interface Problem {
  code: ProblemCode;
  field: string;
  /** The value as found in the record (may be personal data: never logged). */
  value: string;
  /** What was wrong and, when known, what the fix is. */
  detail: string;
  /** The suggested or applied fix, e.g. a corrected ID or the registry spelling. */
  fix?: string;
}

/** Canonical dose columns (the input contract). */
export const DOSE_FIELDS = [
  'record_id',
  'full_name',
  'birth_date',
  'gender',
  'citizen_id',
  'phone',
  'commune_code',
  'facility_code',
  'vaccine',
  'lot_number',
  'dose_number',
  'dose_date',
] as const;
export type DoseField = (typeof DOSE_FIELDS)[number];
export const REQUIRED_DOSE_FIELDS: readonly DoseField[] = ['full_name', 'birth_date', 'vaccine', 'dose_date', 'facility_code'];

export const REGISTRY_FIELDS = ['citizen_id', 'old_id', 'full_name', 'birth_date', 'gender', 'commune_code', 'phone'] as const;
export type RegistryField = (typeof REGISTRY_FIELDS)[number];
export const REQUIRED_REGISTRY_FIELDS: readonly RegistryField[] = ['citizen_id', 'full_name', 'birth_date'];

/** One CSV data row after header mapping, before any normalisation. */
export interface RawRow<F extends string = string> {
  source: SourceRef;
  /** Canonical field -> cell text ('' when the column is absent). */
  values: Record<F, string>;
  /** Cells of columns that are not part of the contract, in header order (carried through). */
  extra: string[];
  /** All cells as read, for rejects.csv. */
  cells: string[];
}

/** A personal name with the keys the linker needs. All keys are derived from `display`. */
export interface NameKeys {
  /** Properly cased, NFC, canonical tone placement: "Nguyễn Thị Thủy". */
  display: string;
  /** Lower-case canonical form (diacritics kept): "nguyễn thị thủy". */
  canonical: string;
  /** Tone marks removed but vowel quality kept (ă, â, ê, ô, ơ, ư, đ kept): "nguyên thi thuy". */
  toneless: string;
  /** No diacritics at all, đ -> d, i/y unified: "nguyen thi thuy". */
  ascii: string;
  /** Vietnamese phonetic key per token, space separated (regional confusions folded). */
  phonetic: string;
  /** ascii tokens split: family name, middle names (joined by space), given name. */
  family: string;
  middle: string;
  given: string;
}

export type DatePrecision = 'day' | 'year';

export interface PartialDate {
  /** yyyy-mm-dd when precision is 'day', yyyy when 'year'. */
  iso: string;
  year: number;
  month: number | null;
  day: number | null;
  precision: DatePrecision;
  /** When day and month are both <= 12 and differ: the day/month-swapped ISO date, a matching candidate. */
  swapped: string | null;
}

export type IdKind = 'cccd' | 'cmnd9' | 'passport' | 'missing' | 'invalid';

export interface CitizenIdInfo {
  /** Cleaned value: digits for cccd/cmnd9, upper-case for passports, '' otherwise. */
  value: string;
  kind: IdKind;
  /** Decoded from a 12-digit number. */
  province?: string;
  gender?: Gender;
  birthYear?: number;
}

export interface VaccineInfo {
  /** Canonical product code, e.g. 'PFIZER', 'ASTRAZENECA', or 'UNKNOWN'. */
  product: string;
  /** Product family for dedupe (same family = same vaccine for duplicate detection). */
  family: string;
  /** Display name, e.g. 'Pfizer-BioNTech (Comirnaty)'. */
  display: string;
  /** Minimum real interval between two doses of this product, in days (0 when unknown). */
  minIntervalDays: number;
}

/** A dose record after normalisation. */
export interface NormalizedDose {
  /** Position in the input (0-based, over all files in order): the deterministic sort key. */
  seq: number;
  recordId: string;
  source: SourceRef;
  name: NameKeys;
  birth: PartialDate | null;
  gender: Gender;
  id: CitizenIdInfo;
  phone: string;
  /** The commune code as entered (trimmed). */
  commune: string;
  /** The commune as the linker compares it: today's unit with --admin-units 2025 (see communeKeyOf), else as entered. */
  communeKey: string;
  facility: string;
  vaccine: VaccineInfo;
  lot: string;
  doseNumber: number | null;
  /** ISO yyyy-mm-dd. */
  doseDate: string;
  /** Pass-through cells (see RawRow.extra). */
  extra: string[];
  /** The canonical raw values, for survivorship and mismatch reports. */
  raw: Record<DoseField, string>;
  problems: Problem[];
}

/**
 * What linking reads of a dose (all a worker thread is sent): `raw.citizen_id` is the ID as entered; `facility` tells
 * a look-alike from the ID's owner by where the facility's people live (absent: no such evidence).
 */
export type LinkInput = Pick<NormalizedDose, 'id' | 'name' | 'birth' | 'gender' | 'commune' | 'communeKey' | 'phone'> & {
  facility?: string;
  raw?: { citizen_id?: string };
};

/** A registry person, as held in memory by reconcile. */
export interface Citizen {
  citizenId: string;
  oldId: string;
  name: NameKeys;
  birth: PartialDate | null;
  gender: Gender;
  /** The commune code as held by the registry (today's codes). */
  commune: string;
  /** The commune as the linker compares it (see NormalizedDose.communeKey). */
  communeKey: string;
  phone: string;
}

/** Every link status, in the order the reports list them. */
export const LINK_STATUSES = ['verified', 'verified_with_discrepancy', 'corrected', 'review', 'unmatched'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];
/** The statuses that tie a dose to a registry citizen. */
export const LINKED_STATUSES: ReadonlySet<LinkStatus> = new Set<LinkStatus>(['verified', 'verified_with_discrepancy', 'corrected']);

/** One field's contribution to a link score (a line of the "waterfall"). */
export interface FieldComparison {
  field: string;
  level: string;
  /** log2(m/u), after any term-frequency adjustment. */
  weight: number;
}

export interface ScoredCandidate {
  citizenIndex: number;
  citizenId: string;
  /** The blocking rule that produced the candidate. */
  rule: string;
  comparisons: FieldComparison[];
  /** Prior log2-odds plus the sum of the weights. */
  totalWeight: number;
  probability: number;
}

export interface LinkDecision {
  status: LinkStatus;
  /** Registry citizen_id the dose belongs to ('' when unresolved). */
  citizenId: string;
  /** Match probability of the chosen (or best) candidate, 0 when none. */
  score: number;
  /** Best candidates, best first (at most config.link.maxReviewCandidates kept). */
  candidates: ScoredCandidate[];
  /** Human-readable waterfall for the chosen/best candidate. */
  explanation: string;
  problems: Problem[];
  /** Set when an analyst's review decision made this decision (the model's is overruled): `decided_by` analyst. */
  analyst?: { decisionId: number; decision: string };
}
