import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { isEmptyRecord, RecordSplitter, type SplitRecord } from '../../src/ingest/csv-records.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

function split(text: string, chunks: number[] = [], opts: Partial<ConstructorParameters<typeof RecordSplitter>[0]> = {}): SplitRecord[] {
  const s = new RecordSplitter({ delimiter: ',', maxFieldChars: 50, maxRecordChars: 200, ...opts });
  const out: SplitRecord[] = [];
  let at = 0;
  for (const c of chunks) {
    out.push(...s.push(text.slice(at, at + c)));
    at += c;
  }
  out.push(...s.push(text.slice(at)), ...s.end());
  return out;
}

const show = (rs: SplitRecord[]) => rs.map((r) => (r.bad ? `${r.line}:${r.bad.code}` : `${r.line}:${JSON.stringify(r.cells)}`));

describe('RecordSplitter', () => {
  it.each([
    ['plain rows, no final break', 'a,b\nc,d', ['1:["a","b"]', '2:["c","d"]']],
    ['CRLF, lone CR and LF mixed', 'a\r\nb\rc\nd', ['1:["a"]', '2:["b"]', '3:["c"]', '4:["d"]']],
    ['blank and space-only lines are not rows', 'a\n\n  \n\r\nb\n', ['1:["a"]', '5:["b"]']],
    [
      'quoted delimiter, doubled quote, embedded CRLF',
      'x,"a,b","say ""hi""","1\r\n2"\ny',
      ['1:["x","a,b","say \\"hi\\"","1\\r\\n2"]', '3:["y"]'],
    ],
    ['quote inside an unquoted field is a character', 'a,b"c,d\n', ['1:["a","b\\"c","d"]']],
    ['spaces after a closing quote are allowed', '"a" ,b\n', ['1:["a","b"]']],
    ['trailing delimiter gives an empty last cell', 'a,\n', ['1:["a",""]']],
    ['a "" line (one empty quoted cell) is not a row', '""\na\n', ['2:["a"]']],
    [
      'rows of delimiters only (Excel after deleted rows) are not rows',
      'a,b,c\n,,\n,\n;;\nd,e,f\n',
      ['1:["a","b","c"]', '4:[";;"]', '5:["d","e","f"]'],
    ],
    ['nor are rows of blank or empty quoted cells, over several lines too', ' , \t,\n"","",""\n"\n",\nb\n', ['5:["b"]']],
    ['a row with one non-empty cell is a row', ',,x\n,, \n', ['1:["","","x"]']],
    ['unclosed quote: one line lost, the rest read', 'a,"b\nc,d\ne,f\n', ['1:ROW_MALFORMED', '2:["c","d"]', '3:["e","f"]']],
    ['text after a closing quote is malformed', '"a"b,c\nd\n', ['1:ROW_MALFORMED', '2:["d"]']],
    ['unclosed quote followed by a valid multi-line field', 'a,"b\nc,"d\ne"\nf\n', ['1:ROW_MALFORMED', '2:["c","d\\ne"]', '4:["f"]']],
    ['NUL and control characters', 'a\u0000\nb\u0007,c\nd\te\n', ['1:ROW_BINARY', '2:ROW_BINARY', '3:["d\\te"]']],
    ['field over the limit', `a,${'x'.repeat(51)}\nb\n`, ['1:ROW_FIELD_TOO_LONG', '2:["b"]']],
    [
      'quoted field over the record limit',
      `a,"${'x\n'.repeat(120)}`,
      ['1:ROW_MALFORMED', ...Array.from({ length: 119 }, (_, i) => `${i + 2}:["x"]`)],
    ],
    ['line over the record limit', `a\n${'y'.repeat(500)}\nb\n`, ['1:["a"]', '2:ROW_FIELD_TOO_LONG', '3:["b"]']],
  ])('%s', (_name, text, want) => {
    expect(show(split(text))).toEqual(want);
  });

  it('reads a semicolon or tab delimiter', () => {
    expect(show(split('a;"b;c"\n', [], { delimiter: ';' }))).toEqual(['1:["a","b;c"]']);
    expect(show(split(';;;\nx;;\n', [], { delimiter: ';' }))).toEqual(['2:["x","",""]']);
    expect(show(split('a\t"b\tc"\t\n', [], { delimiter: '\t' }))).toEqual(['1:["a","b\\tc",""]']);
  });

  it('malformed rows keep the raw line for rejects.csv', () => {
    expect(split('a,"b\n')[0]!.cells).toEqual(['a,"b']);
  });

  it('gives the same records however the text is cut into chunks (CR LF split across chunks included)', () => {
    const text = fc
      .array(fc.constantFrom('a', ',', '"', '\r', '\n', '\r\n', 'ễ', '\u0000', ' ', 'xxxxxxxxxxxxxxxxxxxx'), { maxLength: 80 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.nat(10), { maxLength: 20 }), (t, chunks) => {
        expect(split(t, chunks)).toEqual(split(t));
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('reads back exactly what csv-stringify wrote (round trip)', () => {
    const cellArb = fc.string({ unit: fc.constantFrom('a', 'ễ', ',', '"', '\n', '\r\n', ' ', '\t', '='), maxLength: 10 });
    const rows = fc.array(fc.array(cellArb, { minLength: 1, maxLength: 5 }), { maxLength: 10 });
    fc.assert(
      fc.property(rows, fc.constantFrom('\n', '\r\n'), (rs, eol) => {
        // Rows whose cells are all blank (written as ",," or a blank line) carry no data: they are not read back.
        const real = rs.filter((r) => r.some((c) => c.trim() !== ''));
        // quoted_match: csv-stringify leaves a lone \n unquoted under CRLF records (and \r under LF); CsvWriter sets it too.
        const text = stringify(rs, { record_delimiter: eol === '\n' ? 'unix' : 'windows', quoted_match: /[\r\n]/ });
        expect(split(text, [], { maxFieldChars: 1000, maxRecordChars: 100_000 }).map((r) => r.cells)).toEqual(real);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('never emits a record of empty cells (property)', () => {
    const text = fc.array(fc.constantFrom(',', '"', '""', ' ', '\t', '\n', '\r\n', 'a'), { maxLength: 60 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, (t) => {
        for (const r of split(t)) if (!r.bad) expect(isEmptyRecord(r.cells)).toBe(false);
      }),
      { numRuns: RUNS * 5 },
    );
  });
});
