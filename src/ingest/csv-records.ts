// Tolerant CSV record splitter: decoded text in, records with their physical line out; a damaged record never
// swallows the rest of the file. Blank lines and records of empty cells only are not records. Pure (no streams):
// csv-reader.ts feeds it chunks.
//
// Why not csv-parse: on an unclosed quote csv-parse reads to the end of the file (or its size limit) and throws,
// losing every row after the damage. Here a record whose quote does not close cleanly is cut back to its first
// physical line, which becomes a ROW_MALFORMED record, and the following lines are parsed again from scratch.

export interface SplitRecord {
  /** Physical line (1-based, counting \r\n, \n and a lone \r as one break each) where the record starts. */
  line: number;
  cells: string[];
  /** Set when the record cannot be used: a stable reject code and a detail without personal data. */
  bad?: { code: 'ROW_MALFORMED' | 'ROW_BINARY' | 'ROW_FIELD_TOO_LONG'; detail: string };
}

export interface SplitterOptions {
  delimiter: string;
  /** Largest accepted cell, in characters. */
  maxFieldChars: number;
  /** Largest record (all its physical lines), in characters; also bounds the memory a damaged quote can hold. */
  maxRecordChars: number;
}

interface PhysicalLine {
  text: string;
  /** The line break that ended it: '\r\n', '\n', '\r', or '' at the end of the input. */
  term: string;
  no: number;
}

/** C0 control characters other than tab, LF and CR, plus DEL: binary junk in a text file. */
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Every cell empty or whitespace only (the same whitespace as a blank line: String.prototype.trim). */
export function isEmptyRecord(cells: readonly string[]): boolean {
  for (const c of cells) if (c.length > 0 && c.trim().length > 0) return false;
  return true;
}

export class RecordSplitter {
  private buf = '';
  private lineNo = 0;
  /** The start of a line longer than maxRecordChars whose end has not been seen yet. */
  private overlong: { no: number; head: string } | null = null;
  // The multi-line record being assembled (only when a quoted field spans a line break).
  private pending: PhysicalLine[] = [];
  private queue: PhysicalLine[] = [];
  private head = 0;
  private pendingChars = 0;
  private cells: string[] = [];
  private field = '';
  private inQuote = false;
  private out: SplitRecord[] = [];

  constructor(private readonly opts: SplitterOptions) {}

  /** Feed the next piece of decoded text; returns the records completed so far. */
  push(text: string): SplitRecord[] {
    this.buf = this.buf.length === 0 ? text : this.buf + text;
    this.scan(false);
    return this.take();
  }

  /** Signal the end of the input; returns the remaining records (a trailing unterminated line included). */
  end(): SplitRecord[] {
    this.scan(true);
    this.closePending('quoted field is not closed before the end of the file');
    return this.take();
  }

  private take(): SplitRecord[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  /** Cut `buf` into physical lines. A trailing \r waits for the next chunk (it may be half of \r\n). */
  private scan(final: boolean): void {
    const buf = this.buf;
    const n = buf.length;
    let pos = 0;
    let cr = buf.indexOf('\r');
    for (;;) {
      if (cr !== -1 && cr < pos) cr = buf.indexOf('\r', pos);
      const nl = buf.indexOf('\n', pos);
      let end: number;
      let next: number;
      let term: string;
      if (cr !== -1 && (nl === -1 || cr < nl)) {
        if (cr + 1 === n && !final) break;
        end = cr;
        if (buf.charCodeAt(cr + 1) === 10) {
          term = '\r\n';
          next = cr + 2;
        } else {
          term = '\r';
          next = cr + 1;
        }
      } else if (nl !== -1) {
        end = nl;
        term = '\n';
        next = nl + 1;
      } else {
        break;
      }
      this.line(buf.slice(pos, end), term);
      pos = next;
    }
    let rest = pos === 0 ? buf : buf.slice(pos);
    if (final && rest.length > 0) {
      this.line(rest, '');
      rest = '';
    }
    if (rest.length > this.opts.maxRecordChars) {
      // A line with no break in sight: keep only its start, and drop the rest up to the next break.
      if (this.overlong === null) this.overlong = { no: this.lineNo + 1, head: rest.slice(0, this.opts.maxFieldChars) };
      rest = '';
    }
    this.buf = rest;
  }

  private line(text: string, term: string): void {
    const no = ++this.lineNo;
    if (this.overlong !== null) {
      // The tail of an overlong line: the whole line is one reject.
      const o = this.overlong;
      this.overlong = null;
      this.closePending('quoted field is not closed before an overlong line');
      this.out.push({
        line: o.no,
        cells: [o.head],
        bad: { code: 'ROW_FIELD_TOO_LONG', detail: `line is longer than ${this.opts.maxRecordChars} characters` },
      });
      return;
    }
    this.queue.push({ text, term, no });
    this.drain();
  }

  /** Lines wait in a queue (not recursion) so that replaying after a backtrack has bounded stack depth. */
  private drain(): void {
    while (this.head < this.queue.length) this.feed(this.queue[this.head++]!);
    this.queue = [];
    this.head = 0;
  }

  /** Resolve a record still open when no more lines can complete it. */
  private closePending(detail: string): void {
    while (this.pending.length > 0) {
      this.backtrack(detail);
      this.drain();
    }
  }

  private feed(l: PhysicalLine): void {
    if (this.pending.length === 0) {
      // A blank line (or spaces only) is not a row; nor is a record of empty cells (emit).
      if (l.text.length === 0 || (l.text.charCodeAt(0) <= 32 && l.text.trim().length === 0)) return;
      if (l.text.indexOf('"') === -1) {
        this.emit(l.no, l.text.split(this.opts.delimiter), l.text);
        return;
      }
      this.cells = [];
      this.field = '';
      this.inQuote = false;
    }
    this.pending.push(l);
    this.pendingChars += l.text.length + l.term.length;
    const r = this.parse(l);
    if (r === 'done') {
      const first = this.pending[0]!;
      const raw = this.pending.length === 1 ? first.text : null;
      this.resetPending();
      this.emit(first.no, this.cells, raw);
    } else if (r === 'malformed') {
      this.backtrack('a quoted field is followed by other characters before the delimiter');
    } else if (this.pendingChars > this.opts.maxRecordChars) {
      this.backtrack(`quoted field is not closed within ${this.opts.maxRecordChars} characters`);
    }
  }

  /** Continue the current record with one physical line. */
  private parse(l: PhysicalLine): 'done' | 'more' | 'malformed' {
    const d = this.opts.delimiter;
    const text = l.text;
    const n = text.length;
    let i = 0;
    for (;;) {
      if (this.inQuote) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          this.field += text.slice(i) + l.term;
          return 'more';
        }
        this.field += text.slice(i, q);
        if (text.charCodeAt(q + 1) === 34) {
          this.field += '"';
          i = q + 2;
          continue;
        }
        this.inQuote = false;
        let k = q + 1;
        while (k < n && (text[k] === ' ' || (text[k] === '\t' && d !== '\t'))) k++;
        if (k === n) {
          this.cells.push(this.field);
          return 'done';
        }
        if (!text.startsWith(d, k)) return 'malformed';
        this.cells.push(this.field);
        this.field = '';
        i = k + d.length;
      }
      // At the start of a field.
      if (i === n) {
        this.cells.push('');
        return 'done';
      }
      if (text.charCodeAt(i) === 34) {
        this.inQuote = true;
        i++;
        continue;
      }
      // Unquoted field: quotes inside it are plain characters.
      const j = text.indexOf(d, i);
      if (j === -1) {
        this.cells.push(text.slice(i));
        return 'done';
      }
      this.cells.push(text.slice(i, j));
      i = j + d.length;
    }
  }

  /** The pending record is damaged: its first line becomes a ROW_MALFORMED record, the other lines are read again. */
  private backtrack(detail: string): void {
    const [first, ...rest] = this.pending;
    this.resetPending();
    this.out.push({ line: first!.no, cells: [first!.text], bad: { code: 'ROW_MALFORMED', detail } });
    this.queue = rest.concat(this.queue.slice(this.head));
    this.head = 0;
  }

  private resetPending(): void {
    this.pending = [];
    this.pendingChars = 0;
    this.inQuote = false;
    this.field = '';
  }

  private emit(line: number, cells: string[], raw: string | null): void {
    // Only delimiters and empty (or blank) cells, such as the ",,,,,," Excel leaves where rows were deleted: no
    // data, so not a row, like a blank line.
    if (isEmptyRecord(cells)) return;
    // A short one-line record without junk needs no per-cell look (the common case).
    const max = this.opts.maxFieldChars;
    const bad = raw === null || raw.length > max || BINARY.test(raw) ? checkCells(cells, max) : undefined;
    this.out.push(bad === undefined ? { line, cells } : { line, cells, bad });
  }
}

/** The checks every reader (CSV or workbook) applies to a record's cells: an oversized cell, then binary junk. */
export function checkCells(cells: readonly string[], maxFieldChars: number): SplitRecord['bad'] {
  for (let i = 0; i < cells.length; i++) {
    if (cells[i]!.length > maxFieldChars) {
      return { code: 'ROW_FIELD_TOO_LONG', detail: `field ${i + 1} has ${cells[i]!.length} characters (limit ${maxFieldChars})` };
    }
  }
  const at = cells.findIndex((c) => BINARY.test(c));
  if (at < 0) return undefined;
  return { code: 'ROW_BINARY', detail: `field ${at + 1} contains ${cells[at]!.includes('\u0000') ? 'NUL bytes' : 'control characters'}` };
}
