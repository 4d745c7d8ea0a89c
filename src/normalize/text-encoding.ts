// Whole-file byte encodings: detect UTF-8 (with or without BOM), UTF-16 LE/BE and Windows-1258 from the first bytes; decode in chunks.

import iconv from 'iconv-lite';

export type FileEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'windows1258';

/**
 * Decides the encoding from the head of a file (a few KiB is plenty). A BOM wins; otherwise NUL bytes in alternate
 * positions mean BOM-less UTF-16, valid UTF-8 means UTF-8, and anything else is taken as Windows-1258, the code page
 * of Vietnamese Windows, which Excel uses for "CSV" exports (DOMAIN.md 7: cp1258 via iconv-lite).
 */
export function detectFileEncoding(head: Buffer): { encoding: FileEncoding; bomBytes: number } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', bomBytes: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', bomBytes: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', bomBytes: 2 };
  const utf16 = guessBomlessUtf16(head);
  if (utf16 !== null) return { encoding: utf16, bomBytes: 0 };
  return { encoding: isValidUtf8(head, true) ? 'utf8' : 'windows1258', bomBytes: 0 };
}

/** UTF-16 text of mostly ASCII (CSV headers, digits, separators) has a NUL in every other byte. */
function guessBomlessUtf16(head: Buffer): 'utf16le' | 'utf16be' | null {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 4) return null;
  let evenNul = 0,
    oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return 'utf16le';
  if (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return 'utf16be';
  return null;
}

/**
 * Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF). With `truncatedTail`, a multi-byte
 * sequence cut off by the end of the buffer is accepted: the head is an arbitrary slice of the file.
 */
export function isValidUtf8(buf: Uint8Array, truncatedTail = false): boolean {
  const n = buf.length;
  let i = 0;
  while (i < n) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number, min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return false;
    if (i + need >= n) {
      if (!truncatedTail) return false;
      for (let k = i + 1; k < n; k++) if ((buf[k] & 0xc0) !== 0x80) return false;
      return true;
    }
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if ((c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

export interface ChunkDecoder {
  /** Decodes the next chunk; multi-byte sequences split across chunks are carried over. */
  write(chunk: Buffer): string;
  /** Flushes what is left (an incomplete final sequence becomes U+FFFD). */
  end(): string;
  /**
   * Byte sequences so far that were not valid in the encoding (each decoded as U+FFFD). A U+FFFD that the file
   * really holds (EF BF BD in UTF-8: text mangled once upstream) is valid text and is not counted.
   */
  readonly replacements: number;
}

/**
 * How a genuine U+FFFD is written in each encoding, and the byte alignment it must start on. Windows-1258 cannot
 * hold U+FFFD, so every one it decodes to is an undefined byte.
 */
const FFFD_BYTES: Record<FileEncoding, { bytes: readonly number[]; align: number } | null> = {
  utf8: { bytes: [0xef, 0xbf, 0xbd], align: 1 },
  utf16le: { bytes: [0xfd, 0xff], align: 2 },
  utf16be: { bytes: [0xff, 0xfd], align: 2 },
  windows1258: null,
};

function countReplacements(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\ufffd'); i >= 0; i = s.indexOf('\ufffd', i + 1)) n++;
  return n;
}

/**
 * Counts the encoded U+FFFD characters in a byte stream fed chunk by chunk. A sequence cut by a chunk boundary is
 * counted with the chunk that completes it, which is also the chunk whose decoded text holds its U+FFFD.
 */
function createFffdCounter(pattern: { bytes: readonly number[]; align: number }): (chunk: Buffer, count: boolean) => number {
  const { bytes, align } = pattern;
  const keep = bytes.length - 1;
  /** The last `keep` bytes fed before this chunk (copied: the caller may reuse its buffers). */
  let tail = Buffer.alloc(0);
  /** Bytes fed so far, for the alignment of UTF-16 code units. */
  let fed = 0;
  return (chunk, count) => {
    let n = 0;
    if (count) {
      const buf = tail.length === 0 ? chunk : Buffer.concat([tail, chunk]);
      const at = fed - tail.length;
      for (let i = buf.indexOf(bytes[0]!); i >= 0 && i + keep < buf.length; i = buf.indexOf(bytes[0]!, i + 1)) {
        if ((at + i) % align !== 0) continue;
        let k = 1;
        while (k < bytes.length && buf[i + k] === bytes[k]) k++;
        if (k === bytes.length) n++;
      }
    }
    tail = chunk.length >= keep ? Buffer.from(chunk.subarray(chunk.length - keep)) : Buffer.concat([tail, chunk]).subarray(-keep);
    fed += chunk.length;
    return n;
  };
}

/** A streaming decoder (iconv-lite). A leading BOM is stripped, so the caller may pass the file from byte 0. */
export function createDecoder(encoding: FileEncoding): ChunkDecoder {
  const dec = iconv.getDecoder(encoding, { stripBOM: true });
  const pattern = FFFD_BYTES[encoding];
  const countGenuine = pattern === null ? null : createFffdCounter(pattern);
  let replacements = 0;
  return {
    write(chunk: Buffer): string {
      const s = dec.write(chunk);
      // The raw bytes are searched only when the text holds a U+FFFD (rare), but always fed to keep the tail.
      const decoded = s.includes('\ufffd') ? countReplacements(s) : 0;
      const genuine = countGenuine === null ? 0 : countGenuine(chunk, decoded > 0);
      replacements += decoded - genuine;
      return s;
    },
    end(): string {
      const s = dec.end() ?? '';
      if (s.includes('\ufffd')) replacements += countReplacements(s);
      return s;
    },
    get replacements() {
      return replacements;
    },
  };
}
