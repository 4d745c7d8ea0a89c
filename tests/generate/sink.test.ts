// The hand-joined fast path writes exactly what csv-stringify writes.
import { describe, expect, it } from 'vitest';
import { stringify } from 'csv-stringify/sync';
import { encodeRow } from '../../src/generate/sink.js';

describe('encodeRow', () => {
  it.each([
    [['a', 'b', '']],
    [['Nguyễn Văn A', '01/02/1990', 'Sốt nhẹ, đã theo dõi 30 phút']],
    [['Đợt tiêm "mùa hè xanh"', '', ' x ']],
    [['line\nbreak', 'cr\r']],
    [['', '', '']],
  ])('%j', (row) => {
    expect(encodeRow(row)).toBe(stringify([row]));
  });
});
