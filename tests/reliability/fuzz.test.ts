// Property tests: arbitrary CSV text (ragged, badly quoted, binary, mixed line endings...) never crashes the
// pipeline, never loses a line, and the row accounting always holds. FUZZ_RUNS sets the number of cases
// (small in CI; `npm run fuzz` runs thousands).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importRegistry } from '../../src/registry/store.js';
import { normalizeContext } from '../../src/pipeline.js';
import { InputError } from '../../src/errors.js';
import { readCsv, type CsvFileInfo, type CsvItem } from '../../src/ingest/csv-reader.js';
import { DOSE_COLUMN_ALIASES } from '../../src/config/ingest.js';
import { REQUIRED_DOSE_FIELDS, type DoseField } from '../../src/types.js';
import { createDecoder, detectFileEncoding } from '../../src/normalize/text-encoding.js';
import { BASIC_CASE, breaksIn, config, reconcileInProcess } from './helpers.js';
import { scratch } from '../helpers/tmp.js';

const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const tally = { cases: 0, inputErrors: 0, rows: 0, rejects: 0 };

const HEADER = [
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
  'note',
];
const VALID = [
  'R1',
  'Nguyễn Văn An',
  '15/03/1990',
  'Nam',
  '001090012345',
  '0912345678',
  '00001',
  'F1',
  'Pfizer',
  'FP1',
  '1',
  '01/08/2021',
  '',
];

/** Characters that stress a CSV reader, mixed with ordinary text. */
const nasty = fc.constantFrom(
  '"',
  ',',
  ';',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u0000',
  '\u0001',
  '\u001b',
  '=',
  '+',
  '-',
  '@',
  ' ',
  'ễ',
  '\ufeff',
  '\ufffd',
  '""',
);
const cell = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...VALID) },
  { weight: 3, arbitrary: fc.array(fc.oneof(nasty, fc.string({ maxLength: 6 })), { maxLength: 6 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(5000), `"${'y'.repeat(300)}`) },
);
/** A cell written as CSV: plain, properly quoted, or with a broken quote. */
const written = fc
  .tuple(cell, fc.constantFrom('plain', 'plain', 'quoted', 'open', 'stray'))
  .map(([c, how]) => (how === 'quoted' ? `"${c.replaceAll('"', '""')}"` : how === 'open' ? `"${c}` : how === 'stray' ? `"${c}"x` : c));
/** A row that is mostly right (so linkage and dedupe run too), with some cells damaged. */
const mostlyValidRow = fc.tuple(
  ...VALID.map((v, i) =>
    fc.oneof(
      {
        weight: 6,
        arbitrary:
          i === 0
            ? fc.constantFrom('R1', 'R2', 'R3', 'R4', '')
            : i === 11
              ? fc.constantFrom(v, '02/08/2021', '2021-09-01')
              : fc.constant(v),
      },
      { weight: 1, arbitrary: written },
    ),
  ),
);
const eol = fc.constantFrom('\n', '\r\n', '\r');

const csvText = fc
  .record({
    delimiter: fc.constantFrom(',', ';', '\t'),
    header: fc.oneof(
      { weight: 5, arbitrary: fc.constant(HEADER) },
      { weight: 1, arbitrary: fc.array(fc.oneof(fc.constantFrom(...HEADER), fc.string({ maxLength: 8 })), { maxLength: 14 }) },
    ),
    rows: fc.array(
      fc.oneof(
        { weight: 4, arbitrary: mostlyValidRow },
        { weight: 1, arbitrary: fc.array(written, { maxLength: 16 }) },
        // What Excel leaves after deleted rows (",,,,"), sometimes with blank or empty quoted cells.
        { weight: 1, arbitrary: fc.array(fc.constantFrom('', '', ' ', '""'), { maxLength: 16 }) },
      ),
      { maxLength: 25 },
    ),
    eols: fc.array(eol, { minLength: 30, maxLength: 30 }),
    finalEol: fc.boolean(),
    bom: fc.boolean(),
  })
  .map(({ delimiter, header, rows, eols, finalEol, bom }) => {
    const lines = [header, ...rows].map((cells) => cells.join(delimiter));
    let text = lines.map((l, i) => l + (i < lines.length - 1 || finalEol ? eols[i % eols.length] : '')).join('');
    if (bom) text = `\ufeff${text}`;
    return Buffer.from(text, 'utf8');
  });

/** Whole files of arbitrary bytes or arbitrary text, and valid files cut at an arbitrary byte. */
const anyFile = fc.oneof(
  { weight: 6, arbitrary: csvText },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }).map((s) => Buffer.from(`${HEADER.join(',')}\n${s}`, 'utf8')) },
  { weight: 1, arbitrary: fc.tuple(csvText, fc.nat()).map(([b, n]) => b.subarray(0, n % (b.length + 1))) },
);

/**
 * Which physical lines each item covers; every line with data after the header must be covered exactly once. A
 * line of only delimiters, quotes and whitespace may be a record of empty cells, which is skipped like a blank line.
 */
function checkCoverage(bytes: Buffer, items: CsvItem<DoseField>[], header: CsvFileInfo<DoseField> | null): void {
  const { encoding, bomBytes } = detectFileEncoding(bytes.subarray(0, 64 * 1024));
  const dec = createDecoder(encoding);
  const text = dec.write(bytes.subarray(bomBytes)) + dec.end();
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  const covered = new Map<number, number>();
  const cover = (start: number, cells: readonly string[]) => {
    for (let l = start; l <= start + breaksIn(cells); l++) covered.set(l, (covered.get(l) ?? 0) + 1);
  };
  const headerLine = header?.headerLine ?? lines.findIndex((l) => l.length > 0) + 1;
  const noData = new RegExp(`^[\\s"${header?.delimiter === '\t' ? '' : (header?.delimiter ?? ',')}]*$`);
  if (header) cover(headerLine, header.headers);
  let last = headerLine;
  for (const it of items) {
    const src = it.kind === 'row' ? it.row.source : it.bad.source;
    expect(src.line).toBeGreaterThan(last);
    last = src.line;
    cover(src.line, it.kind === 'row' ? it.row.cells : it.bad.cells);
  }
  lines.forEach((l, i) => {
    const n = covered.get(i + 1) ?? 0;
    if (!noData.test(l)) expect(n, `line ${i + 1} ${JSON.stringify(l.slice(0, 60))}`).toBe(1);
    else expect(n).toBeLessThanOrEqual(1);
  });
}

describe(`fuzz (${FUZZ_RUNS} runs per property; FUZZ_RUNS to change)`, () => {
  const tmp = scratch();
  let registryDb = '';
  let n = 0;
  beforeAll(async () => {
    registryDb = join(tmp.dir, 'registry.sqlite');
    await importRegistry([join(BASIC_CASE, 'registry.csv')], registryDb, normalizeContext(config));
  });
  afterAll(() => {
    console.log(
      `fuzz: ${tally.cases} files run through the pipeline (${tally.inputErrors} input errors, ${tally.rows} rows, ${tally.rejects} rejects)`,
    );
  });

  it(
    'the reader never throws anything but an InputError, and covers every non-blank line exactly once',
    async () => {
      await fc.assert(
        fc.asyncProperty(anyFile, async (bytes) => {
          const file = tmp.write(`r${n++}.csv`, bytes);
          const items: CsvItem<DoseField>[] = [];
          let header: CsvFileInfo<DoseField> | null = null;
          try {
            for await (const it of readCsv<DoseField>(file, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS, (h) => (header = h))) items.push(it);
          } catch (e) {
            expect(e).toBeInstanceOf(InputError);
            expect((e as InputError).file).toBe(file);
            return;
          }
          checkCoverage(readFileSync(file), items, header);
        }),
        { numRuns: FUZZ_RUNS },
      );
    },
    60_000 + FUZZ_RUNS * 200,
  );

  it(
    'the pipeline never crashes and the row accounting holds (runStages + checkAccounting)',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(anyFile, { minLength: 1, maxLength: 3 }), async (files) => {
          const paths = files.map((b) => tmp.write(`p${n++}.csv`, b));
          tally.cases++;
          try {
            const { result, counts } = await reconcileInProcess(registryDb, paths);
            expect(counts.clean + counts.duplicates + counts.rejects + counts.superseded + counts.recognised).toBe(result.inputRows);
            for (const r of result.rejects) {
              expect(paths).toContain(r.source.file);
              expect(r.source.line).toBeGreaterThan(0);
              expect(r.reason).toMatch(/^[A-Z_]+$/);
            }
            tally.rows += result.inputRows;
            tally.rejects += result.rejects.length;
          } catch (e) {
            expect(e).toBeInstanceOf(InputError);
            expect(paths).toContain((e as InputError).file);
            tally.inputErrors++;
          }
        }),
        { numRuns: FUZZ_RUNS },
      );
    },
    60_000 + FUZZ_RUNS * 500,
  );
});
