// Types of generate.mjs for the TypeScript tests and the bench (the generator itself is plain ESM JavaScript, no build step).

export const GENERATOR_VERSION: number;
export const DEFAULT_RATES: Record<string, number>;
export const ID_HEADERS: string[];

export interface TruthRecord {
  file: string;
  line: number;
  record_id: string;
  citizen_id: string;
  person_id: string;
  event_id: string;
  kind: 'entry' | 'second_entry';
  damage: string;
  true_name: string;
  true_birth_date: string;
  product: string;
  true_dose_date: string;
}

export interface GeneratedFile {
  name: string;
  header: string[];
  rows: string[][];
  vi: boolean;
  dateStyle: 'dmy' | 'dm' | 'iso' | 'us';
}

export interface Dataset {
  registry: { header: string[]; rows: string[][] };
  files: GeneratedFile[];
  truth: TruthRecord[];
  stats: { persons: number; namesakes: number; background: number; registry: number; events: number; rows: number; twins: number };
  rates: Record<string, number>;
}

export function makeRng(seed: number): () => number;
export function generate(opts: { persons: number; seed: number; files?: number; rates?: Record<string, number> }): Dataset;
export function writeDataset(ds: Dataset, outDir: string, params: unknown): void;
