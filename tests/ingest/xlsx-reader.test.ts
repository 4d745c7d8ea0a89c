// The workbook reader: the same row items as the CSV reader, numbered by Excel row, with text that survives the zip's
// chunking intact.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VaxrecError } from '../../src/errors.js';
import { cellText } from '../../src/xlsx/cell-text.js';
import { dateOrderEvidence, parseBirthDate, parseDoseDate } from '../../src/normalize/dates.js';
import { ingestDoses, normalizeContext } from '../../src/pipeline.js';
import { defaultConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log.js';
import { createProgress } from '../../src/report/progress.js';
import { readTable } from '../../src/ingest/table-reader.js';
import type { CsvFileInfo, CsvItem } from '../../src/ingest/csv-reader.js';
import { DOSE_COLUMN_ALIASES } from '../../src/config/ingest.js';
import { ingestConfig } from '../../src/config/ingest.js';
import { REQUIRED_DOSE_FIELDS, type DoseField } from '../../src/types.js';
import { scratch } from '../helpers/tmp.js';
import { writeSheets } from '../helpers/xlsx.js';

const HEADER = ['record_id', 'full_name', 'birth_date', 'citizen_id', 'facility_code', 'vaccine', 'dose_date', 'note'];

async function readAll(file: string, sheet?: string): Promise<{ items: CsvItem<DoseField>[]; info: CsvFileInfo<DoseField> | null }> {
  let info: CsvFileInfo<DoseField> | null = null;
  const items: CsvItem<DoseField>[] = [];
  for await (const it of readTable<DoseField>(file, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS, (i) => (info = i), { sheet }))
    items.push(it);
  return { items, info };
}

describe('readTable on a workbook', () => {
  const tmp = scratch();

  it('keeps every Vietnamese letter where the zip is cut into chunks (exceljs splits UTF-8 there on its own)', async () => {
    // ~40 bytes of multi-byte text per name, 6,000 distinct names: the shared strings span dozens of 16 KB chunks.
    const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng'];
    const middle = ['Thị', 'Văn', 'Đức', 'Ngọc', 'Hữu', 'Quốc'];
    const given = ['Ánh', 'Bảo', 'Cường', 'Dũng', 'Hường', 'Khuê', 'Lưỡng', 'Nguyệt', 'Phượng', 'Thuỷ'];
    const names = Array.from({ length: 6000 }, (_, i) => `${family[i % 10]} ${middle[(i >> 3) % 6]} ${given[(i >> 5) % 10]} ${i}`);
    const file = join(tmp.dir, 'names.xlsx');
    await writeSheets(file, [
      { name: 'Sheet1', rows: [HEADER, ...names.map((n, i) => [`R${i}`, n, '01/02/1990', '', 'CS1', 'Pfizer', '03/08/2021', ''])] },
    ]);
    const { items } = await readAll(file);
    const read = items.map((it) => (it.kind === 'row' ? it.row.values.full_name : `bad ${it.bad.code}`));
    expect(read).toEqual(names);
  }, 60_000);

  it('numbers rows by Excel row, skips empty rows, pads short rows and rejects data past the header', async () => {
    const file = join(tmp.dir, 'rows.xlsx');
    await writeSheets(file, [
      {
        name: 'Đợt 1',
        rows: [
          [],
          [],
          HEADER,
          ['R1', 'Lê An', '01/02/1990', '', 'CS1', 'Pfizer', '03/08/2021'],
          [],
          ['R2', 'Lê Bình', '01/02/1990', '', 'CS1', 'Pfizer', '03/08/2021', '', '', '  '],
          ['R3', 'Lê Chi', '01/02/1990', '', 'CS1', 'Pfizer', '03/08/2021', 'ghi chú', 'past the header'],
          ['R4', 'x'.repeat(ingestConfig.maxFieldChars + 1), '01/02/1990', '', 'CS1', 'Pfizer', '03/08/2021'],
        ],
      },
    ]);
    const { items, info } = await readAll(file);
    expect(info).toMatchObject({ file, encoding: 'xlsx', delimiter: '', sheet: 'Đợt 1', headerLine: 3, headers: HEADER });
    const summary = items.map((it) =>
      it.kind === 'row'
        ? [it.row.source.file, it.row.source.line, it.row.cells.length, it.row.values.record_id]
        : [it.bad.source.file, it.bad.source.line, it.bad.code],
    );
    const at = `${file}[Đợt 1]`;
    expect(summary).toEqual([
      [at, 4, 8, 'R1'],
      [at, 6, 8, 'R2'],
      [at, 7, 'ROW_FIELD_COUNT'],
      [at, 8, 'ROW_FIELD_TOO_LONG'],
    ]);
  });

  it('reads the sheet named, matching as Excel does (case-insensitively)', async () => {
    const file = join(tmp.dir, 'two.xlsx');
    await writeSheets(file, [
      { name: 'Ghi chú', rows: [['nothing here']] },
      { name: 'Mũi Tiêm', rows: [HEADER, ['R1', 'Lê An', '01/02/1990', '', 'CS1', 'Pfizer', '03/08/2021', '']] },
    ]);
    const { items, info } = await readAll(file, 'mũi tiêm');
    expect(info?.sheet).toBe('Mũi Tiêm');
    expect(items).toHaveLength(1);
    await expect(readAll(file)).rejects.toMatchObject({ code: 'COLUMN_MISSING', file: `${file}[Ghi chú]` });
    await expect(readAll(file, 'Sheet9')).rejects.toMatchObject({ code: 'USAGE', exitCode: 2 });
  });
});

describe('an old .xls workbook', () => {
  const tmp = scratch();

  it('is refused with what to do, not read as garbled CSV', async () => {
    const file = join(tmp.dir, 'old.xls');
    writeFileSync(file, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]));
    await expect(readAll(file)).rejects.toMatchObject({
      code: 'WORKBOOK_INVALID',
      file,
      message: expect.stringContaining('save it as .xlsx or CSV'),
    });
  });
});

describe('a damaged workbook', () => {
  const tmp = scratch();
  const runs = Number(process.env.FUZZ_RUNS ?? 40);

  it('gives rows or an error naming the file, never anything else and never a hang (cut or overwritten bytes)', async () => {
    const good = join(tmp.dir, 'good.xlsx');
    await writeSheets(good, [
      {
        name: 'Sheet1',
        rows: [
          HEADER,
          ...Array.from({ length: 300 }, (_, i) => [`R${i}`, `Lê Thị Ánh ${i}`, '01/02/1990', '', 'CS1', 'Pfizer', '03/08/2021', '']),
        ],
      },
    ]);
    const bytes = readFileSync(good);
    let n = 0;
    const damage = fc.oneof(
      fc.record({ cut: fc.integer({ min: 0, max: bytes.length - 1 }) }),
      fc.record({ at: fc.integer({ min: 0, max: bytes.length - 1 }), junk: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
    );
    await fc.assert(
      fc.asyncProperty(damage, async (d) => {
        const b = Buffer.from('cut' in d ? bytes.subarray(0, d.cut) : bytes);
        if ('at' in d) b.set(d.junk.subarray(0, b.length - d.at), d.at);
        const file = join(tmp.dir, `bad-${n++}.xlsx`);
        writeFileSync(file, b);
        const hang = new Promise<'hang'>((resolve) => setTimeout(() => resolve('hang'), 15_000).unref());
        const outcome = await Promise.race([
          readAll(file).then(
            () => 'rows',
            (e: unknown) => e,
          ),
          hang,
        ]);
        if (outcome === 'rows') return;
        expect(outcome).not.toBe('hang');
        expect(outcome).toBeInstanceOf(VaxrecError);
        expect((outcome as VaxrecError).message).toContain(file);
      }),
      { numRuns: runs },
    );
  }, 600_000);
});

describe('date cells and the per-file day/month decision', () => {
  const tmp = scratch();
  const today = { today: '2022-08-27', maxAgeYears: 120, date1904: false };

  it.each([
    [new Date(Date.UTC(2021, 7, 3)), '2021-08-03'],
    [new Date(Date.UTC(2021, 7, 3, 9, 30)), '2021-08-03'],
  ])('a date cell (%o) reads as its day whatever the order, and proves no order', (d, iso) => {
    const text = cellText(d);
    expect(dateOrderEvidence(text)).toBeNull();
    for (const order of ['dmy', 'mdy'] as const)
      expect(parseDoseDate(text, { ...today, campaignStart: '2021-03-08' }, order).iso).toBe(iso);
    expect(parseBirthDate(text, today).date?.iso).toBe(iso);
  });

  it('a column of date cells and US-order text: the text decides month-first, the date cells keep their day', async () => {
    const file = join(tmp.dir, 'mixed.xlsx');
    const row = (id: string, dose: unknown) => [id, 'Lê An', new Date(Date.UTC(1990, 1, 1)), '', 'CS1', 'Pfizer', dose, ''];
    await writeSheets(file, [
      {
        name: 'Sheet1',
        rows: [
          HEADER,
          row('R1', new Date(Date.UTC(2021, 7, 3))),
          row('R2', '8/24/2021'),
          row('R3', '8/3/2021'),
          row('R4', new Date(Date.UTC(2021, 2, 8))),
        ],
      },
    ]);
    const base = normalizeContext({ ...defaultConfig, normalize: { ...defaultConfig.normalize, today: '2022-08-27' } });
    const r = await ingestDoses([file], base, createProgress({ quiet: true }), silentLogger());
    expect(r.doses.map((d) => [d.recordId, d.doseDate, d.birth?.iso])).toEqual([
      ['R1', '2021-08-03', '1990-02-01'],
      ['R2', '2021-08-24', '1990-02-01'],
      ['R3', '2021-08-03', '1990-02-01'],
      ['R4', '2021-03-08', '1990-02-01'],
    ]);
    expect(r.doses.find((d) => d.recordId === 'R3')?.problems.map((p) => p.code)).toContain('DATE_MONTH_FIRST');
    expect(r.doses.find((d) => d.recordId === 'R1')?.problems.map((p) => p.code)).not.toContain('DATE_MONTH_FIRST');
  });
});
