// How the work store keeps a record's normalised dose and link decision: compact JSON arrays holding only what the pure
// normalisers and the pinned model cannot give back. Every value is decoded again when written and kept whole (the JSON
// object of schema 3 and before) unless it comes back exactly, so the store never changes what a run reads.

import { explain, plainDecision } from '../link/decision.js';
import { FIELDS, LEVELS } from '../link/compare.js';
import { type CompiledModel, type LinkModel, compileModel, probabilityFromWeight, scoreLevels } from '../link/model.js';
import { decodeCccd } from '../normalize/ids.js';
import { normalizeName } from '../normalize/names.js';
import { partialDateFromIso } from '../normalize/dates.js';
import { normalizeVaccine } from '../normalize/vaccine.js';
import {
  type CitizenIdInfo,
  DOSE_FIELDS,
  type DoseField,
  type FieldComparison,
  type Gender,
  type IdKind,
  LINK_STATUSES,
  type LinkDecision,
  type NameKeys,
  type NormalizedDose,
  type PartialDate,
  type Problem,
  type ScoredCandidate,
  type SourceRef,
  type VaccineInfo,
} from '../types.js';

/** What the row's other columns say of a record: its key, input position and source (not repeated in the dose). */
export interface RecordPlace {
  key: string;
  ordinal: number;
  source: SourceRef;
}

/** The models decisions are encoded against, by model_id (models are never changed once pinned). */
export type ModelLookup = (id: number) => LinkModel | undefined;

const FORMAT = 1;

// --- doses ---
//
// [1, name, birth, gender, id, phone, communeKey, vaccine, lot, doseNumber, doseDate, problems, ...raw (DOSE_FIELDS order)]
// name: the display form (keys from normalizeName) | NameKeys; birth: null | iso | [iso, swapped] | PartialDate;
// id: its kind (value = raw citizen_id) | [value, kind] | CitizenIdInfo; communeKey, lot: 0 = the raw cell;
// vaccine: 0 = normalizeVaccine(raw vaccine) | VaccineInfo; raw record_id: 0 = the record key.
// seq, recordId and source are the row's ordinal, key, file and line; commune and facility are the raw cells.

const RAW_AT = 12;

function idFrom(value: string, kind: IdKind): CitizenIdInfo {
  if (kind !== 'cccd') return { value, kind };
  const d = decodeCccd(value);
  return d === null ? { value, kind } : { value, kind, province: d.province, gender: d.gender, birthYear: d.birthYear };
}

function nameSlot(n: NameKeys): string | NameKeys {
  // The normaliser memoises: the dose's keys are usually the very object the display gives back.
  const again = normalizeName(n.display).keys;
  return again === n || equalJson(again, n) ? n.display : n;
}

function birthSlot(b: PartialDate | null): null | string | [string, string] | PartialDate {
  if (b === null) return null;
  const y = b.iso.length === 4;
  const fits =
    (y || b.iso.length === 10) &&
    b.precision === (y ? 'year' : 'day') &&
    b.year === Number(b.iso.slice(0, 4)) &&
    b.month === (y ? null : Number(b.iso.slice(5, 7))) &&
    b.day === (y ? null : Number(b.iso.slice(8, 10))) &&
    (b.swapped === null || typeof b.swapped === 'string') &&
    Object.keys(b).length === 6;
  if (!fits) return b;
  return b.swapped === null ? b.iso : [b.iso, b.swapped];
}

function idSlot(id: CitizenIdInfo, rawId: string): string | [string, string] | CitizenIdInfo {
  if (!equalJson(idFrom(id.value, id.kind), id)) return id;
  return id.value === rawId ? id.kind : [id.value, id.kind];
}

/** The fields of a NormalizedDose: a dose with any other is kept whole (a field this codec does not know). */
const DOSE_KEYS = 18;

export function encodeDose(d: NormalizedDose, at: RecordPlace): string {
  const raw = d.raw;
  // What the row's columns and the raw cells give back; anything else keeps the whole object.
  const fromRow =
    raw !== undefined &&
    Object.keys(d).length === DOSE_KEYS &&
    Object.keys(raw).length === DOSE_FIELDS.length &&
    d.seq === at.ordinal &&
    d.recordId === at.key &&
    d.source.file === at.source.file &&
    d.source.line === at.source.line &&
    d.commune === raw.commune_code &&
    d.facility === raw.facility_code &&
    d.extra.length === 0 &&
    DOSE_FIELDS.every((f) => typeof raw[f] === 'string');
  if (!fromRow) return JSON.stringify(d);
  const vaccine = normalizeVaccine(raw.vaccine).vaccine;
  return JSON.stringify([
    FORMAT,
    nameSlot(d.name),
    birthSlot(d.birth),
    d.gender,
    idSlot(d.id, raw.citizen_id),
    d.phone,
    d.communeKey === d.commune ? 0 : d.communeKey,
    vaccine === d.vaccine || equalJson(vaccine, d.vaccine) ? 0 : d.vaccine,
    d.lot === raw.lot_number ? 0 : d.lot,
    d.doseNumber,
    d.doseDate,
    d.problems,
    ...DOSE_FIELDS.map((f) => (f === 'record_id' && raw.record_id === at.key ? 0 : raw[f])),
  ]);
}

/**
 * SQL reading one raw cell of a stored dose (facility or commune code, which a dose keeps as entered) without decoding
 * it in JavaScript: the review queue's summary counts its cases by facility over the whole queue.
 */
export function doseCellSql(column: string, field: 'facility_code' | 'commune_code'): string {
  const whole = field === 'facility_code' ? 'facility' : 'commune';
  return `CASE WHEN substr(${column}, 1, 1) = '[' THEN json_extract(${column}, '$[${RAW_AT + DOSE_FIELDS.indexOf(field)}]')
    ELSE json_extract(${column}, '$.${whole}') END`;
}

export function decodeDose(text: string, at: RecordPlace): NormalizedDose {
  const v = JSON.parse(text) as unknown;
  if (!Array.isArray(v)) {
    // Schema 3 and before, or a dose kept whole. Records stored before the admin-unit mapping have no commune key: theirs
    // was the code as entered.
    const d = v as NormalizedDose;
    if (d.communeKey === undefined) d.communeKey = d.commune;
    return d;
  }
  const raw = {} as Record<DoseField, string>;
  DOSE_FIELDS.forEach((f, i) => {
    const c = v[RAW_AT + i] as string | 0;
    raw[f] = c === 0 ? at.key : c;
  });
  const name = v[1] as string | NameKeys;
  const birth = v[2] as null | string | [string, string] | PartialDate;
  const id = v[4] as string | [string, IdKind] | CitizenIdInfo;
  const vaccine = v[7] as 0 | VaccineInfo;
  return {
    seq: at.ordinal,
    recordId: at.key,
    source: { file: at.source.file, line: at.source.line },
    name: typeof name === 'string' ? (normalizeName(name).keys as NameKeys) : name,
    birth:
      birth === null
        ? null
        : typeof birth === 'string'
          ? partialDateFromIso(birth)
          : Array.isArray(birth)
            ? partialDateFromIso(birth[0], birth[1])
            : birth,
    gender: v[3] as Gender,
    id: typeof id === 'string' ? idFrom(raw.citizen_id, id as IdKind) : Array.isArray(id) ? idFrom(id[0], id[1]) : id,
    phone: v[5] as string,
    commune: raw.commune_code,
    communeKey: v[6] === 0 ? raw.commune_code : (v[6] as string),
    facility: raw.facility_code,
    vaccine: vaccine === 0 ? normalizeVaccine(raw.vaccine).vaccine : vaccine,
    lot: v[8] === 0 ? raw.lot_number : (v[8] as string),
    doseNumber: v[9] as number | null,
    doseDate: v[10] as string,
    extra: [],
    raw,
    problems: v[11] as Problem[],
  };
}

// --- decisions ---
//
// [1, model_id, status (index in LINK_STATUSES), citizenId, score, candidates, explanation, problems(, analyst)]
// candidate: [citizenId (0 = the decision's), rule, packed levels (4 bits a field, FIELDS order), total (null = rescored)];
// score: null = the first candidate's probability; explanation: the text after the first candidate's waterfall
// (explain(model, first, extra)), or [the whole text]. Comparisons and probabilities are rebuilt from the pinned model
// and the dose's name (its term frequencies). Candidates are named by citizen ID, never by registry position.

/** The level of each of the six fields, packed, read back from a candidate's comparisons; -1 when they do not fit. */
function packedLevels(comparisons: readonly FieldComparison[]): number {
  let packed = 0;
  for (let f = 0; f < FIELDS.length; f++) {
    const c = comparisons[f];
    if (c === undefined || c.field !== FIELDS[f]) return -1;
    const lv = LEVELS[FIELDS[f]].indexOf(c.level);
    if (lv < 0 || lv > 15) return -1;
    packed += lv * 16 ** f;
  }
  return packed;
}

function unpack(packed: number): Uint8Array {
  const out = new Uint8Array(FIELDS.length);
  for (let f = 0; f < FIELDS.length; f++) out[f] = Math.floor(packed / 16 ** f) % 16;
  return out;
}

/** A decision as the store keeps it: plain, and naming citizens by ID only (registry positions change between snapshots). */
export function storedDecision(d: LinkDecision): LinkDecision {
  const p = plainDecision(d);
  return { ...p, candidates: p.candidates.map((c) => ({ ...c, citizenIndex: -1 })), ...(d.analyst ? { analyst: d.analyst } : {}) };
}

const DECISION_KEYS = 'status,citizenId,score,candidates,explanation,problems';
const CANDIDATE_KEYS = 'citizenIndex,citizenId,rule,comparisons,totalWeight,probability';

function sameComparisons(a: readonly FieldComparison[], b: readonly FieldComparison[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.field !== y.field || x.level !== y.level || x.weight !== y.weight || Object.keys(y).length !== 3) return false;
  }
  return true;
}

/**
 * A decision as the store keeps it: plain (explanation and comparisons included, as storedDecision in nightly.ts makes
 * it), citizens named by ID. `names` are the record's dose's, `modelId` the model it was decided with.
 */
export function encodeDecision(d: LinkDecision, names: NameKeys, modelId: number | null, models: ModelCache): string {
  const whole = (): string => JSON.stringify(d);
  const status = LINK_STATUSES.indexOf(d.status);
  // The key order is part of what is kept: a run compares a stored decision with tonight's as JSON text.
  const keys = Object.keys(d).join(',');
  if (status < 0 || (keys !== DECISION_KEYS && keys !== `${DECISION_KEYS},analyst`)) return whole();
  const cm = d.candidates.length === 0 || modelId === null ? null : models.compiled(modelId);
  if (d.candidates.length > 0 && cm === null) return whole();
  const cands: (string | number | null)[][] = [];
  for (const c of d.candidates) {
    const levels = packedLevels(c.comparisons);
    if (levels < 0 || c.citizenIndex !== -1 || Object.keys(c).join(',') !== CANDIDATE_KEYS) return whole();
    const again = scoreLevels(cm!, unpack(levels), names, true);
    const rebuilt = sameComparisons(again.comparisons!, c.comparisons) && Number.isFinite(c.totalWeight);
    if (!rebuilt || c.probability !== probabilityFromWeight(c.totalWeight)) return whole();
    cands.push([c.citizenId === d.citizenId ? 0 : c.citizenId, c.rule, levels, again.total === c.totalWeight ? null : c.totalWeight]);
  }
  // The comparisons come back identical, so the first candidate's waterfall does too.
  let explanation: string | [string] = [d.explanation];
  if (d.candidates.length > 0) {
    const base = explain(cm!, d.candidates[0], '');
    if (d.explanation === base) explanation = '';
    else if (d.explanation.startsWith(`${base}; `)) explanation = d.explanation.slice(base.length + 2);
  }
  const score = d.candidates.length > 0 && d.score === d.candidates[0].probability ? null : d.score;
  const compact: unknown[] = [FORMAT, modelId, status, d.citizenId, score, cands, explanation, d.problems];
  if (d.analyst !== undefined) compact.push(d.analyst);
  return JSON.stringify(compact);
}

export function decodeDecision(text: string, names: NameKeys, models: ModelCache): LinkDecision {
  const v = JSON.parse(text) as unknown;
  if (!Array.isArray(v)) return v as LinkDecision;
  const citizenId = v[3] as string;
  const raw = v[5] as [string | 0, string, number, number | null][];
  const cm = raw.length > 0 ? models.compiled(v[1] as number) : null;
  if (raw.length > 0 && cm === null) throw new Error(`a stored decision names model ${v[1]}, which the store does not hold`);
  const candidates: ScoredCandidate[] = raw.map(([id, rule, levels, stored]) => {
    const s = scoreLevels(cm!, unpack(levels), names, true);
    const totalWeight = stored ?? s.total;
    return {
      citizenIndex: -1,
      citizenId: id === 0 ? citizenId : id,
      rule,
      comparisons: s.comparisons!,
      totalWeight,
      probability: probabilityFromWeight(totalWeight),
    };
  });
  const ex = v[6] as string | [string];
  const d: LinkDecision = {
    status: LINK_STATUSES[v[2] as number],
    citizenId,
    score: (v[4] as number | null) ?? candidates[0].probability,
    candidates,
    explanation: Array.isArray(ex) ? ex[0] : explain(cm!, candidates[0], ex),
    problems: v[7] as Problem[],
  };
  if (v.length > 8) d.analyst = v[8] as LinkDecision['analyst'];
  return d;
}

/** What a registry update reads of a stored decision, without rebuilding it. */
export function decisionCitizens(text: string): { status: string; citizenId: string; candidateIds: string[] } {
  const v = JSON.parse(text) as unknown;
  if (!Array.isArray(v)) {
    const d = v as LinkDecision;
    return { status: d.status, citizenId: d.citizenId, candidateIds: d.candidates.map((c) => c.citizenId) };
  }
  const citizenId = v[3] as string;
  return {
    status: LINK_STATUSES[v[2] as number],
    citizenId,
    candidateIds: (v[5] as [string | 0][]).map((c) => (c[0] === 0 ? citizenId : c[0])),
  };
}

/** The store's pinned models, compiled once each. */
export class ModelCache {
  private readonly cache = new Map<number, CompiledModel | null>();

  constructor(private readonly lookup: ModelLookup) {}

  compiled(id: number): CompiledModel | null {
    let cm = this.cache.get(id);
    if (cm === undefined) {
      const m = this.lookup(id);
      try {
        cm = m === undefined ? null : compileModel(m);
      } catch {
        // A model of another vaxrec's shape: its decisions are kept whole.
        cm = null;
      }
      this.cache.set(id, cm);
    }
    return cm;
  }
}

/** Equal as JSON would write them (keys in any order, undefined properties absent). */
export function equalJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!equalJson(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  for (const k of ak) if (!Object.hasOwn(bo, k) || !equalJson(ao[k], bo[k])) return false;
  return true;
}
