// Per-file decision of what numeric gender codes ("1"/"0", "1"/"2") mean, learned from 12-digit IDs: sample, decide, replay.

import { normalizeCitizenId } from '../normalize/ids.js';
import type { GenderCodes } from '../normalize/gender.js';
import { normalizeConfig } from '../config/normalize.js';
import type { Gender } from '../types.js';
import type { CsvItem } from './csv-reader.js';
import { decideFromSample } from './sample.js';

export type { GenderCodes };

/** Why a file got its mapping, or none. */
export type GenderCodeBasis =
  /** Every well-sampled digit agrees with its rows' IDs, and the digits give both genders. */
  | 'learned'
  /** No sampled row holds a bare digit next to a 12-digit ID: nothing to learn (the usual Nam/Nữ file). */
  | 'none'
  /** Too few rows with an ID per digit to tell a coding from stray values. */
  | 'too-few'
  /** A well-sampled digit's rows disagree with their IDs too often (two coding systems in one file?). */
  | 'inconsistent'
  /** Every well-sampled digit points to the same gender: the column does not code gender that way. */
  | 'one-gender';

export interface DigitEvidence {
  digit: string;
  /** Sampled rows with this digit whose 12-digit ID encodes male. */
  male: number;
  /** ... and female. */
  female: number;
  /** The gender this digit is read as; null when not mapped. */
  gender: 'M' | 'F' | null;
}

export interface GenderCodeDecision {
  /** The mapping for NormalizeContext.genderCodes; null keeps bare digits refused (GENDER_INVALID). */
  codes: GenderCodes | null;
  basis: GenderCodeBasis;
  /** Evidence per digit seen next to a 12-digit ID, in digit order, for the log and the run summary. */
  digits: DigitEvidence[];
  /** Sampled rows that were evidence (a bare digit and a 12-digit ID). */
  rows: number;
}

export interface GenderCodeOptions {
  minRows: number;
  minShare: number;
  /** Birth years after this make an ID invalid (normalizeCitizenId); defaults to the current year. */
  currentYear?: number;
}

/** The digit of a bare one-digit gender cell, or null. */
export function bareDigit(cell: string): string | null {
  const s = cell.trim();
  return s.length === 1 && s >= '0' && s <= '9' ? s : null;
}

/**
 * Learns a digit -> gender mapping from sampled (gender, citizen_id) cells: the ID's 4th digit encodes the gender by
 * law (DOMAIN.md 1.1), so each row with a bare digit and a valid 12-digit ID is a vote. A digit is mapped when at
 * least opts.minRows rows vote and opts.minShare of them agree; the whole mapping is refused when a well-sampled
 * digit is inconsistent (one coding cannot be trusted next to another that failed) or when the mapped digits do not
 * give both genders. Digits with fewer votes stay unmapped.
 */
export function decideGenderCodes(
  samples: Iterable<{ gender: string; citizen_id: string }>,
  opts: GenderCodeOptions = normalizeConfig.genderCodes,
): GenderCodeDecision {
  const votes = new Map<string, { male: number; female: number }>();
  let rows = 0;
  for (const s of samples) {
    const digit = bareDigit(s.gender);
    if (digit === null) continue;
    const id = normalizeCitizenId(s.citizen_id, opts.currentYear === undefined ? {} : { currentYear: opts.currentYear }).id;
    if (id.kind !== 'cccd' || id.gender === undefined) continue;
    let v = votes.get(digit);
    if (v === undefined) votes.set(digit, (v = { male: 0, female: 0 }));
    if (id.gender === 'F') v.female++;
    else v.male++;
    rows++;
  }
  const digits: DigitEvidence[] = [...votes.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([digit, v]) => ({ digit, male: v.male, female: v.female, gender: null }));
  const none = (basis: GenderCodeBasis): GenderCodeDecision => ({ codes: null, basis, digits, rows });
  if (rows === 0) return none('none');
  const sampled = digits.filter((d) => d.male + d.female >= opts.minRows);
  if (sampled.some((d) => Math.max(d.male, d.female) < opts.minShare * (d.male + d.female))) return none('inconsistent');
  const majority = sampled.map((d): 'M' | 'F' => (d.female > d.male ? 'F' : 'M'));
  if (new Set<Gender>(majority).size < 2) return none(sampled.length >= 2 ? 'one-gender' : 'too-few');
  const codes: Record<string, 'M' | 'F'> = {};
  sampled.forEach((d, k) => {
    codes[d.digit] = d.gender = majority[k];
  });
  return { codes: Object.freeze(codes), basis: 'learned', digits, rows };
}

/** One line for the log: '1 = M, 0 = F (learned from 845 rows with a 12-digit ID)'. */
export function describeGenderCodes(d: GenderCodeDecision): string {
  const seen = d.digits.map((e) => `${e.digit}: ${e.male} M, ${e.female} F`).join('; ');
  if (d.codes === null) return `numeric gender codes not read (${d.basis}${seen === '' ? '' : `; IDs say ${seen}`})`;
  const mapped = d.digits
    .filter((e) => e.gender !== null)
    .map((e) => `${e.digit} = ${e.gender}`)
    .join(', ');
  return `${mapped} (learned from ${d.rows} rows with a 12-digit ID; ${seen})`;
}

/**
 * Buffer the first normalizeConfig.genderCodes.sampleRows items of a file (batches from readCsvBatches), decide the
 * meaning of its numeric gender codes from them, then yield every item in order, a batch at a time. The items need
 * `gender` and `citizen_id` fields (dose and registry files both have them); a file without them decides 'none'.
 */
export async function* withGenderCodeBatches<F extends string>(
  batches: AsyncIterable<CsvItem<F>[]>,
  onDecide: (decision: GenderCodeDecision) => void,
  sampleRows: number = normalizeConfig.genderCodes.sampleRows,
): AsyncGenerator<CsvItem<F>[]> {
  yield* decideFromSample(batches, sampleRows, (sample) => {
    const samples = sample.flatMap((it) => {
      if (it.kind !== 'row') return [];
      const v = it.row.values as Partial<Record<string, string>>;
      return [{ gender: v.gender ?? '', citizen_id: v.citizen_id ?? '' }];
    });
    onDecide(decideGenderCodes(samples));
  });
}

/** withGenderCodeBatches, one item at a time (for callers off the hot path; today only the tests use it). */
export async function* withGenderCodes<F extends string>(
  batches: AsyncIterable<CsvItem<F>[]>,
  onDecide: (decision: GenderCodeDecision) => void,
): AsyncGenerator<CsvItem<F>> {
  for await (const batch of withGenderCodeBatches(batches, onDecide)) yield* batch;
}
