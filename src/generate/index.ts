// The synthetic dataset generator: people -> registry.csv, real doses -> damaged records in doses_*.csv, and truth.csv.
// Deterministic for a seed; streams every file so a million people stay in bounded memory (apart from the ID sets).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, Weighted } from './prng.js';
import { PopulationBuilder, PROVINCE_PICK, type Person } from './population.js';
import { DAMAGE_TAGS, POPULATION_RATES, resolveRates, type DamageTag, type Rates } from './rates.js';
import { CAMPAIGN_END, PRODUCTS, doseSchedule, product, type DoseEvent } from './vaccines.js';
import {
  damageBirthDate,
  damageDoseDate,
  damageGender,
  damageId,
  damageName,
  damagePhone,
  registryBirthDate,
  type Tags,
} from './damage.js';
import { encodeTcvn3, encodeVni } from './legacy.js';
import { NOTES } from './names-data.js';
import { CsvSink } from './sink.js';
import { DOSE_FIELDS } from '../types.js';
import { conflictCopy } from './dose-conflict.js';
import { loadAdminUnits } from '../admin-units/load.js';

export { DAMAGE_RATES, DAMAGE_TAGS, POPULATION_RATES, defaultRates, resolveRates } from './rates.js';
export type { DamageTag, Rates } from './rates.js';

/** Bumped whenever the same seed would give different bytes (the bench cache is keyed by it). */
export const GENERATOR_VERSION = 5;

export interface GenerateOptions {
  /** Number of people (registry rows plus the ~3 % not in the registry). */
  persons: number;
  outDir: string;
  seed?: number;
  /** Approximate total dose records; default 2.25 per person. */
  doses?: number;
  /** Number of dose files (default 4). */
  files?: number;
  /** Facilities per dose file (default 3). */
  facilitiesPerFile?: number;
  /** Use the Vietnamese platform headers in dose files. */
  viHeaders?: boolean;
  /** Damage-rate overrides by tag (0 switches a phenomenon off). */
  rates?: Record<string, number>;
}

export interface GenerateResult {
  outDir: string;
  seed: number;
  persons: number;
  registryRows: number;
  doseRows: number;
  events: number;
  files: string[];
  /** Records per damage tag. */
  tagCounts: Record<string, number>;
  kindCounts: Record<string, number>;
  rates: Rates;
}

/** The dose contract's columns, in its order, and a pass-through note. */
export const DOSE_HEADER = [...DOSE_FIELDS, 'note'];
export const DOSE_HEADER_VI = [
  'Mã bản ghi',
  'Họ và tên',
  'Ngày sinh',
  'Giới tính',
  'Số CCCD/CMND',
  'Số điện thoại',
  'Mã xã',
  'Mã cơ sở tiêm',
  'Tên vắc xin',
  'Số lô',
  'Mũi tiêm',
  'Ngày tiêm',
  'Ghi chú',
];
export const REGISTRY_HEADER = ['citizen_id', 'old_id', 'full_name', 'birth_date', 'gender', 'commune_code', 'phone'];
/**
 * truth.csv: one row per physical dose row, keyed by (file, line) because a whole-row re-upload repeats its
 * record_id. line is the 1-based physical line in file (the header is line 1).
 */
export const TRUTH_HEADER = ['file', 'line', 'record_id', 'citizen_id', 'person_id', 'event_id', 'kind', 'damage'];

export type RecordKind = 'original' | 'second_facility' | 'reupload';

interface Facility {
  code: string;
  file: number;
  spelling: Map<string, string>;
  seq: number;
}

interface FileState {
  name: string;
  sink: CsvSink;
  legacy: '' | 'tcvn3' | 'vni';
  pending: { row: string[]; truth: string[] }[];
  sincePending: number;
}

/** Number of files a per-file rate gives: round(rate * K), and at least one when K >= 4 and the rate is not 0. */
export function legacyFileCount(rate: number, files: number): number {
  if (rate <= 0) return 0;
  return Math.min(files, Math.max(files >= 4 ? 1 : 0, Math.round(rate * files)));
}

export async function generateDataset(opts: GenerateOptions): Promise<GenerateResult> {
  const persons = Math.floor(opts.persons);
  if (!(persons >= 1)) throw new Error('persons must be at least 1');
  const seed = opts.seed ?? 1;
  const nFiles = Math.max(1, Math.floor(opts.files ?? 4));
  const perFile = Math.max(1, Math.floor(opts.facilitiesPerFile ?? 3));
  const rates = resolveRates(opts.rates ?? {});
  const targetRecords = Math.max(0, Math.round(opts.doses ?? persons * 2.25));
  mkdirSync(opts.outDir, { recursive: true });

  const rng = new Rng(seed);
  const pop = new PopulationBuilder(rng.fork(), loadAdminUnits());
  const drng = rng.fork();
  // Its own stream (not a fork), so switching dose_conflict off leaves every other byte as before.
  const crng = new Rng(seed ^ 0x14c0f1c7);

  // Files, their legacy encodings, and facilities.
  const nTcvn = legacyFileCount(rates.name_tcvn3, nFiles);
  const nVni = Math.min(nFiles - nTcvn, legacyFileCount(rates.name_vni, nFiles));
  const order = [...Array(nFiles).keys()];
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const header = opts.viHeaders ? DOSE_HEADER_VI : DOSE_HEADER;
  const files: FileState[] = [];
  const facilities: Facility[] = [];
  const facilityWeights: number[] = [];
  for (let f = 0; f < nFiles; f++) {
    const legacy = order.indexOf(f) < nTcvn ? 'tcvn3' : order.indexOf(f) < nTcvn + nVni ? 'vni' : '';
    const name = `doses_${String(f + 1).padStart(2, '0')}.csv`;
    files.push({ name, sink: new CsvSink(join(opts.outDir, name), header), legacy, pending: [], sincePending: 0 });
    const prov = PROVINCE_PICK.pick(rng).slice(1);
    for (let k = 0; k < perFile; k++) {
      const spelling = new Map<string, string>();
      for (const p of PRODUCTS) spelling.set(p.code, p.spellings[rng.int(Math.min(3, p.spellings.length))]);
      facilities.push({ code: `CS${prov}${String(f * perFile + k + 1).padStart(3, '0')}`, file: f, spelling, seq: 0 });
      // Small stations still on legacy fonts record fewer doses.
      facilityWeights.push(legacy ? 0.4 : 1);
    }
  }
  const facilityPick = new Weighted(facilities, facilityWeights);
  const registry = new CsvSink(join(opts.outDir, 'registry.csv'), REGISTRY_HEADER);
  const truth = new CsvSink(join(opts.outDir, 'truth.csv'), TRUTH_HEADER, 5000);

  const tagCounts: Record<string, number> = Object.fromEntries(DAMAGE_TAGS.map((t) => [t, 0]));
  const kindCounts: Record<string, number> = { original: 0, second_facility: 0, reupload: 0 };
  let registryRows = 0;
  let doseRows = 0;
  let events = 0;
  let eventSeq = 0;

  const emit = (fs: FileState, row: string[], t: Omit<TruthRow, 'file' | 'line'>): void => {
    const line = fs.sink.push(row);
    truth.push([fs.name, String(line), row[0], t.citizenId, t.personId, t.eventId, t.kind, t.tags.join(';')]);
    doseRows++;
    kindCounts[t.kind]++;
    for (const tag of t.tags) tagCounts[tag]++;
    fs.sincePending++;
  };
  const flushPending = (fs: FileState, force: boolean): void => {
    if (!fs.pending.length || (!force && fs.sincePending < 500)) return;
    const items = fs.pending;
    fs.pending = [];
    for (const it of items) {
      const line = fs.sink.push(it.row);
      truth.push([fs.name, String(line), ...it.truth.slice(2)]);
      doseRows++;
      kindCounts.reupload++;
      for (const tag of it.truth[7] ? it.truth[7].split(';') : []) tagCounts[tag]++;
    }
    fs.sincePending = 0;
  };

  const makeRecord = (
    p: Person,
    household: Person[],
    fac: Facility,
    ev: DoseEvent,
    dateShift: number,
    lot: string,
    fs: FileState,
    kind: RecordKind,
    eventId: string,
    extraTags: Tags = [],
  ): void => {
    const tags: Tags = [...extraTags];
    const recordId = `${fac.code}-${String(++fac.seq).padStart(7, '0')}`;
    let name = damageName(drng, rates, p, tags, !fs.legacy);
    if (drng.chance(rates.unusable_name)) {
      tags.push('unusable_name');
      name = drng.chance(0.5) ? '' : ' ';
    }
    if (fs.legacy && name.trim()) {
      const enc = fs.legacy === 'tcvn3' ? encodeTcvn3(name) : encodeVni(name);
      if (enc !== name) tags.push(fs.legacy === 'tcvn3' ? 'name_tcvn3' : 'name_vni');
      name = enc;
    }
    const birth = damageBirthDate(drng, rates, p, tags);
    const gender = damageGender(drng, rates, p, tags);
    const id = damageId(drng, rates, p, household, tags);
    const phone = damagePhone(drng, rates, p.phone, tags);
    const doseDate = damageDoseDate(drng, rates, ev.date + dateShift, tags);
    const note = drng.chance(POPULATION_RATES.note) ? drng.pick(NOTES) : '';
    // Doses end in 2022: the records carry the commune codes of the time, the registry today's.
    const row = [
      recordId,
      name,
      birth,
      gender,
      id,
      phone,
      p.oldCommune,
      fac.code,
      fac.spelling.get(ev.product)!,
      lot,
      String(ev.doseNumber),
      doseDate,
      note,
    ];
    const t = { citizenId: p.inRegistry ? p.citizenId : '', personId: p.personId, eventId, kind, tags };
    emit(fs, row, t);
    if (drng.chance(rates.reupload)) {
      const tr = ['', '', recordId, t.citizenId, p.personId, eventId, 'reupload', tags.join(';')];
      fs.pending.push({ row, truth: tr });
    }
  };

  // Each real dose yields ~(1 + second_facility)(1 + reupload) records: solve for the events per person.
  const recordsPerEvent = (1 + rates.second_facility) * (1 + rates.reupload);
  const meanEvents = targetRecords / persons / recordsPerEvent;
  let made = 0;
  while (made < persons) {
    const household = pop.household(persons - made);
    for (const p of household) {
      made++;
      if (p.inRegistry) {
        registry.push([
          p.citizenId,
          p.oldId,
          p.fullName,
          registryBirthDate(p),
          p.gender === 'M' ? 'Nam' : 'Nữ',
          p.commune,
          drng.chance(0.85) ? p.phone : '',
        ]);
        registryRows++;
      }
      // Feedback keeps the total near the target although late schedules are cut at the end of 2022.
      const desired = (targetRecords * made) / persons;
      const adjust = Math.max(-1, Math.min(1, ((desired - doseRows) / recordsPerEvent) * 0.05));
      const mean = Math.max(0, meanEvents + adjust);
      let count = Math.floor(mean) + (drng.chance(mean - Math.floor(mean)) ? 1 : 0);
      const spread = drng.next();
      if (spread < 0.2 && count > 0) count--;
      else if (spread > 0.8 && count > 0) count++;
      const schedule = doseSchedule(drng, Math.min(count, 5), p.year);
      const home = facilityPick.pick(drng);
      for (const ev of schedule) {
        events++;
        const eventId = `E${String(++eventSeq).padStart(8, '0')}`;
        const fac = drng.chance(0.85) ? home : facilityPick.pick(drng);
        const batch = Math.floor(ev.date / 28) * 64 + facilities.indexOf(fac);
        const lot = product(ev.product).lot(drng, batch);
        const fs = files[fac.file];
        makeRecord(p, household, fac, ev, 0, lot, fs, 'original', eventId);
        if (drng.chance(rates.second_facility) && facilities.length > 1) {
          // The second facility is usually in another file (issue 4); the details are typed again.
          let other = facilityPick.pick(drng);
          for (let k = 0; k < 8 && (other === fac || (nFiles > 1 && other.file === fac.file && drng.chance(0.85))); k++) {
            other = facilityPick.pick(drng);
          }
          if (other === fac) other = facilities[(facilities.indexOf(fac) + 1) % facilities.length];
          let shift = drng.chance(0.6) ? 0 : drng.range(1, 5);
          if (ev.date + shift > CAMPAIGN_END) shift = 0;
          const lot2 = drng.chance(0.55) ? lot : '';
          if (crng.chance(rates.dose_conflict)) {
            const own = product(ev.product).lot(crng, Math.floor(ev.date / 28) * 64 + facilities.indexOf(other));
            const c = conflictCopy(crng, ev, lot, own, rates.dose_conflict_other_lot);
            const copy = { ...ev, doseNumber: c.doseNumber };
            const tag = c.otherLot ? 'dose_conflict_other_lot' : 'dose_conflict';
            makeRecord(p, household, other, copy, c.shift, c.lot, files[other.file], 'second_facility', eventId, [tag]);
          } else makeRecord(p, household, other, ev, shift, lot2, files[other.file], 'second_facility', eventId);
        }
      }
    }
    for (const fs of files) {
      flushPending(fs, false);
      await fs.sink.maybeFlush();
    }
    await registry.maybeFlush();
    await truth.maybeFlush();
  }
  for (const fs of files) {
    flushPending(fs, true);
    await fs.sink.close();
  }
  await registry.close();
  await truth.close();

  // The duplicate phenomena are record kinds in truth.csv, counted here under their switch names.
  tagCounts.second_facility = kindCounts.second_facility;
  tagCounts.reupload = kindCounts.reupload;
  const result: GenerateResult = {
    outDir: opts.outDir,
    seed,
    persons,
    registryRows,
    doseRows,
    events,
    files: files.map((f) => f.name),
    tagCounts,
    kindCounts,
    rates,
  };
  // outDir is left out so a dataset can be moved (the bench cache renames its temporary directory).
  const { outDir: _dir, ...meta } = result;
  const { outDir: _optDir, ...options } = opts;
  const legacyFiles = Object.fromEntries(files.filter((f) => f.legacy).map((f) => [f.name, f.legacy]));
  writeFileSync(
    join(opts.outDir, 'generate.json'),
    `${JSON.stringify({ options: { ...options, seed }, ...meta, legacyFiles }, null, 2)}\n`,
  );
  return result;
}

interface TruthRow {
  file: string;
  line: number;
  citizenId: string;
  personId: string;
  eventId: string;
  kind: RecordKind;
  tags: DamageTag[];
}
