// The corpus of hand-made malformed files (tests/reliability/corpus/): one per phenomenon, each with its expected
// outcome (rejects with code and line, or an input error naming the file), run through the pipeline in-process.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { BASIC_CASE, CORPUS, reconcileInProcess } from './helpers.js';
import { scratch } from '../helpers/tmp.js';
import { DOSE_COLUMN_ALIASES, ingestConfig } from '../../src/config/ingest.js';
import { readCsv, type CsvItem } from '../../src/ingest/csv-reader.js';
import { REQUIRED_DOSE_FIELDS, type DoseField } from '../../src/types.js';

const READER_CODES = new Set(['ROW_FIELD_COUNT', 'ROW_MALFORMED', 'ROW_BINARY', 'ROW_FIELD_TOO_LONG']);

interface RowsOutcome {
  /** Reader rejects as CODE:line, in file order. */
  rejects: string[];
  /** Lines of the rows that got through the reader (kept or folded as duplicates). */
  rows: number[];
}
interface ErrorOutcome {
  error: string;
}

const CASES: Record<string, RowsOutcome | ErrorOutcome> = {
  'ragged-rows.csv': { rejects: ['ROW_FIELD_COUNT:3', 'ROW_FIELD_COUNT:4'], rows: [2, 5] },
  'unclosed-quote.csv': { rejects: ['ROW_MALFORMED:3'], rows: [2, 4, 5] },
  'unclosed-quote-then-quoted.csv': { rejects: ['ROW_MALFORMED:3'], rows: [2, 4, 5, 7] },
  'stray-closing-quote.csv': { rejects: ['ROW_MALFORMED:3'], rows: [2, 4] },
  'embedded-newlines.csv': { rejects: [], rows: [2, 4, 6] },
  'nul-bytes.csv': { rejects: ['ROW_BINARY:3'], rows: [2, 4] },
  'binary-junk-row.csv': { rejects: ['ROW_BINARY:3'], rows: [2, 4] },
  'field-too-long.csv': { rejects: ['ROW_FIELD_TOO_LONG:3'], rows: [2, 4] },
  'header-only.csv': { rejects: [], rows: [] },
  'repeated-extra-headers.csv': { rejects: [], rows: [2] },
  'blank-headers.csv': { rejects: [], rows: [2, 3] },
  'semicolon-delimiter.csv': { rejects: [], rows: [2, 3] },
  'tab-delimiter.csv': { rejects: [], rows: [2, 3] },
  'mixed-line-endings.csv': { rejects: [], rows: [2, 3, 4, 6] },
  'truncated-last-line.csv': { rejects: ['ROW_FIELD_COUNT:4'], rows: [2, 3] },
  'truncated-in-quote.csv': { rejects: ['ROW_MALFORMED:4'], rows: [2, 3] },
  'bom-crlf-utf8.csv': { rejects: [], rows: [2, 3] },
  'utf16le-bom.csv': { rejects: ['ROW_FIELD_COUNT:3'], rows: [2] },
  // Rows of delimiters only (what Excel leaves after deleted rows) are skipped like blank lines; line 7 has one
  // non-empty cell, so it is a row (rejected later for its missing name), and line 8 a ragged row.
  'empty-cell-rows.csv': { rejects: ['ROW_FIELD_COUNT:8'], rows: [2, 6, 7] },
  // Valid UTF-8 holding a real U+FFFD (EF BF BD): read, not refused as undecodable.
  'genuine-replacement-char.csv': { rejects: [], rows: [2, 3] },
  'empty.csv': { error: 'FILE_EMPTY' },
  'blank-lines-only.csv': { error: 'FILE_EMPTY' },
  // Random bytes are not valid UTF-8 after the detected head: refused as undecodable before the header is judged.
  'binary-file.csv': { error: 'FILE_ENCODING' },
  'duplicate-headers.csv': { error: 'HEADER_DUPLICATE' },
  'header-unclosed-quote.csv': { error: 'HEADER_INVALID' },
};

const registry = join(BASIC_CASE, 'registry.csv');

async function expectOutcome(file: string, want: RowsOutcome | ErrorOutcome): Promise<void> {
  if ('error' in want) {
    const err = await reconcileInProcess(registry, [file]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe(want.error);
    expect((err as InputError).file).toBe(file);
    expect((err as InputError).message.startsWith(file)).toBe(true);
    return;
  }
  const { result, counts } = await reconcileInProcess(registry, [file]);
  const readerRejects = result.rejects.filter((r) => READER_CODES.has(r.reason));
  expect(readerRejects.map((r) => `${r.reason}:${r.source.line}`)).toEqual(want.rejects);
  for (const r of result.rejects) expect(r.source.file).toBe(file);
  const rowLines = [
    ...result.doses.map((d) => d.source.line),
    ...result.rejects.filter((r) => !READER_CODES.has(r.reason)).map((r) => r.source.line),
  ];
  expect(rowLines.sort((a, b) => a - b)).toEqual(want.rows);
  expect(counts.clean + counts.duplicates + counts.rejects).toBe(want.rows.length + want.rejects.length);
}

describe('malformed corpus: every bad row is a reject with code and line, every bad file an input error naming it', () => {
  for (const [name, want] of Object.entries(CASES)) {
    it(`${name} -> ${'error' in want ? want.error : want.rejects.join(' ') || 'no rejects'}`, async () => {
      await expectOutcome(join(CORPUS, name), want);
    });
  }

  it('rows of empty cells are neither rejects nor counted rows; a row with one non-empty cell is both', async () => {
    const { result, counts } = await reconcileInProcess(registry, [join(CORPUS, 'empty-cell-rows.csv')]);
    expect(result.inputRows).toBe(4);
    expect(counts.clean + counts.duplicates + counts.rejects).toBe(4);
    expect(result.rejects.map((r) => `${r.reason}:${r.source.line}`)).toEqual(['NAME_MISSING:7', 'ROW_FIELD_COUNT:8']);
  });

  it('a name holding a genuine U+FFFD is read and flagged (NAME_INVALID_CHARS), not silently linked as clean', async () => {
    const { result } = await reconcileInProcess(registry, [join(CORPUS, 'genuine-replacement-char.csv')]);
    const r1 = result.doses.find((d) => d.recordId === 'R1')!;
    expect(r1.problems.map((p) => p.code)).toContain('NAME_INVALID_CHARS');
  });

  const tmp = scratch();
  it('a line longer than the record limit (no line break for 300k characters) -> ROW_FIELD_TOO_LONG, and the rows after it are read', async () => {
    const lines = (await import('node:fs')).readFileSync(join(CORPUS, 'ragged-rows.csv'), 'utf8').split('\n');
    const file = tmp.write(
      'overlong-line.csv',
      [lines[0], lines[1], 'y'.repeat(ingestConfig.maxFieldChars * 64 + 50_000), lines[4], ''].join('\n'),
    );
    await expectOutcome(file, { rejects: ['ROW_FIELD_TOO_LONG:3'], rows: [2, 4] });
  });

  it('a quote that never closes in a large file costs one row, not the rest of the file', async () => {
    const lines = (await import('node:fs')).readFileSync(join(CORPUS, 'unclosed-quote.csv'), 'utf8').split('\n');
    const body = Array.from({ length: 5000 }, (_, i) => lines[3]!.replace('R3,', `Q${i},`));
    const file = tmp.write('unclosed-big.csv', [lines[0], lines[2], ...body, ''].join('\n'));
    // Reader level: 5000 doses of one person would spend the time in dedupe, not in what this test is about.
    const items: CsvItem<DoseField>[] = [];
    for await (const it of readCsv<DoseField>(file, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS)) items.push(it);
    expect(items.filter((i) => i.kind === 'bad').map((i) => i.kind === 'bad' && `${i.bad.code}:${i.bad.source.line}`)).toEqual([
      'ROW_MALFORMED:2',
    ]);
    expect(items.filter((i) => i.kind === 'row').map((i) => i.kind === 'row' && i.row.source.line)).toEqual(body.map((_, i) => i + 3));
  });
});
