import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { createDecoder, detectFileEncoding, isValidUtf8, type FileEncoding } from '../../src/normalize/text-encoding.js';

const text = 'Họ và tên,Ngày sinh\nNguyễn Thị Thủy,15/03/1956\nTrần Văn Đức,01/01/1960\n';

// Windows-1258 holds base letters (with ă â ê ô ơ ư đ precomposed) plus combining tone marks: write text that way first.
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
function cp1258(s: string): Buffer {
  let out = '';
  for (const ch of s) {
    const d = ch.normalize('NFD');
    out += d.replace(TONES, '').normalize('NFC') + (d.match(TONES) ?? []).join('');
  }
  return iconv.encode(out, 'windows1258');
}

function decodeAll(buf: Buffer, chunk: number): { text: string; replacements: number } {
  const { encoding, bomBytes } = detectFileEncoding(buf.subarray(0, 4096));
  const dec = createDecoder(encoding);
  let out = '';
  for (let i = bomBytes; i < buf.length; i += chunk) out += dec.write(buf.subarray(i, Math.min(buf.length, i + chunk)));
  out += dec.end();
  return { text: out.normalize('NFC'), replacements: dec.replacements };
}

describe('detectFileEncoding', () => {
  const cases: [string, Buffer, FileEncoding, number][] = [
    ['UTF-8 without BOM', Buffer.from(text, 'utf8'), 'utf8', 0],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'utf8', 3],
    ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'utf16le', 2],
    ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf16be')]), 'utf16be', 2],
    ['UTF-16 LE without BOM', Buffer.from(text, 'utf16le'), 'utf16le', 0],
    ['UTF-16 BE without BOM', iconv.encode(text, 'utf16be'), 'utf16be', 0],
    ['Windows-1258', cp1258(text), 'windows1258', 0],
    ['plain ASCII', Buffer.from('record_id,full_name\n1,Nguyen Van An\n'), 'utf8', 0],
    ['empty', Buffer.alloc(0), 'utf8', 0],
  ];
  it.each(cases)('%s', (_, buf, encoding, bomBytes) => {
    expect(detectFileEncoding(buf)).toEqual({ encoding, bomBytes });
  });

  it('a head that cuts a UTF-8 sequence in half is still UTF-8', () => {
    const buf = Buffer.from('Nguyễn', 'utf8');
    // "ễ" is 3 bytes at offsets 4..6: cut after its first byte.
    expect(detectFileEncoding(buf.subarray(0, 5)).encoding).toBe('utf8');
  });
});

describe('isValidUtf8', () => {
  const cases: [string, number[], boolean][] = [
    ['ASCII', [0x41, 0x42], true],
    ['ễ', [0xe1, 0xbb, 0x85], true],
    ['overlong /', [0xc0, 0xaf], false],
    ['lone continuation', [0x80], false],
    ['surrogate', [0xed, 0xa0, 0x80], false],
    ['Windows-1258 "Nguyễn" bytes', [...cp1258('Nguyễn')], false],
    ['truncated at the end (strict)', [0xe1, 0xbb], false],
  ];
  it.each(cases)('%s', (_, bytes, valid) => expect(isValidUtf8(Uint8Array.from(bytes))).toBe(valid));
});

describe('createDecoder', () => {
  const encodings: [string, Buffer][] = [
    ['utf8', Buffer.from(text, 'utf8')],
    ['utf8+BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
    ['utf16le+BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['utf16be+BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf16be')])],
    ['windows1258', cp1258(text)],
  ];
  it.each(encodings)('%s round-trips Vietnamese text in any chunking', (_, buf) => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), (chunk) => {
        const r = decodeAll(buf, chunk);
        return r.text === text && r.replacements === 0;
      }),
    );
  });

  it('counts replacement characters for bytes that are not valid in the encoding', () => {
    const dec = createDecoder('utf8');
    dec.write(Buffer.from([0x41, 0xff, 0x42]));
    dec.end();
    expect(dec.replacements).toBe(1);
  });
  it('a genuine U+FFFD in valid UTF-8 (EF BF BD) is text, not a decoding failure, in any chunking', () => {
    const buf = Buffer.from('full_name\nNguy\ufffdn Thị Hoà\n\ufffd\ufffd\n', 'utf8');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), (chunk) => {
        const r = decodeAll(buf, chunk);
        return r.text === buf.toString('utf8').normalize('NFC') && r.replacements === 0;
      }),
    );
  });
  it.each([
    ['utf16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Nguy\ufffdn,\ufffd\n', 'utf16le')])],
    ['utf16be', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode('Nguy\ufffdn,\ufffd\n', 'utf16be')])],
  ])('a genuine U+FFFD in %s is text too', (_, buf) => {
    expect(decodeAll(buf, 3)).toEqual({ text: 'Nguy\ufffdn,\ufffd\n', replacements: 0 });
  });
  it.each([
    ['an invalid byte beside a genuine U+FFFD', [0xef, 0xbf, 0xbd, 0xff, 0x41], 1],
    ['a cut lead byte before a genuine U+FFFD', [0xe1, 0xef, 0xbf, 0xbd], 1],
    ['a lone EF BF (truncated U+FFFD)', [0x41, 0xef, 0xbf, 0x41], 1],
  ])('still counts %s', (_, bytes, n) => {
    const buf = Buffer.from([0x41, ...bytes]);
    for (const chunk of [1, 2, 3, 64]) {
      const dec = createDecoder('utf8');
      for (let i = 0; i < buf.length; i += chunk) dec.write(buf.subarray(i, i + chunk));
      dec.end();
      expect(dec.replacements).toBe(n);
    }
  });
  it('counts a failure exactly when the bytes are not valid UTF-8, whatever the chunking (genuine U+FFFD included)', () => {
    const piece = fc.constantFrom(
      [0x41],
      [0xef, 0xbf, 0xbd],
      [0xef, 0xbf],
      [0xe1, 0xbb, 0x85],
      [0xe1],
      [0xbd],
      [0xff],
      [0xc3, 0xa0],
      [0xf0, 0x9f, 0x98, 0x80],
      [0xed, 0xa0, 0x80],
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.integer({ min: 1, max: 7 }), (pieces, chunk) => {
        // A leading ASCII byte keeps detectFileEncoding from seeing a BOM; UTF-8 is forced either way.
        const buf = Buffer.from([0x41, ...pieces.flat()]);
        const dec = createDecoder('utf8');
        for (let i = 0; i < buf.length; i += chunk) dec.write(buf.subarray(i, i + chunk));
        dec.end();
        expect(dec.replacements > 0).toBe(!isValidUtf8(buf));
      }),
      { numRuns: 2000 },
    );
  });
  it('a truncated final sequence is reported at end()', () => {
    const dec = createDecoder('utf8');
    expect(dec.write(Buffer.from([0x41, 0xe1, 0xbb]))).toBe('A');
    dec.end();
    expect(dec.replacements).toBeGreaterThan(0);
  });
});
