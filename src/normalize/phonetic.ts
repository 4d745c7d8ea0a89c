// Vietnamese phonetic key of one ASCII-folded syllable: folds the spelling confusions of regional speech.

/*
 * Folds (DOMAIN.md §2, "Dialect spelling confusions"):
 * - initials tr/ch, s/x, r/gi/d, l/n (lyluanchinhtrivatruyenthong.vn, common spelling errors);
 *   c/k, g/gh and ng/ngh are one sound spelled by position.
 * - finals n/ng/nh and t/c/ch: the southern mergers (anh ~ ăn, ích ~ ít), [K] in DOMAIN.md.
 * - the input is ASCII, so hỏi/ngã and every other tone are already gone, and đ has become d (which then
 *   joins the r/gi/d group: a looser key, kept because the linker uses it only next to stricter keys).
 * Vowels are kept: English Soundex/Metaphone drop them, but in Vietnamese they carry most of the syllable.
 */

function isAsciiVowel(c: number): boolean {
  return c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || c === 121;
}

/** Initial consonant spelling at the start of `t` -> [code, length]. Codes: tr/ch c, s/x s, r/gi/d z, l/n l. */
function readInitial(t: string): [string, number] {
  const c1 = t.charCodeAt(1);
  switch (t.charCodeAt(0)) {
    case 0x6e: // n, ng, ngh, nh
      if (c1 === 0x67) return ['N', t.charCodeAt(2) === 0x68 ? 3 : 2];
      return c1 === 0x68 ? ['J', 2] : ['l', 1];
    case 0x67: // g, gh, gi
      if (c1 === 0x68) return ['g', 2];
      return c1 === 0x69 ? ['z', 2] : ['g', 1];
    case 0x6b:
      return c1 === 0x68 ? ['x', 2] : ['k', 1]; // k, kh
    case 0x70:
      return c1 === 0x68 ? ['f', 2] : ['p', 1]; // p, ph
    case 0x74:
      return c1 === 0x68 ? ['T', 2] : c1 === 0x72 ? ['c', 2] : ['t', 1]; // t, th, tr
    case 0x63:
      return c1 === 0x68 ? ['c', 2] : ['k', 1]; // c, ch
    case 0x71:
      return c1 === 0x75 ? ['q', 2] : ['q', 1]; // q, qu
    case 0x62:
      return ['b', 1];
    case 0x64:
    case 0x72:
      return ['z', 1]; // d, r
    case 0x68:
      return ['h', 1];
    case 0x6c:
      return ['l', 1];
    case 0x6d:
      return ['m', 1];
    case 0x73:
    case 0x78:
      return ['s', 1]; // s, x
    case 0x76:
      return ['v', 1];
    default:
      return ['', 0];
  }
}

function foldFinal(f: string): string {
  switch (f) {
    case 'ng':
    case 'nh':
      return 'n';
    case 'c':
    case 'ch':
      return 't';
    default:
      return f;
  }
}

/** Phonetic key of one lower-case ASCII token ("nguyen" -> "Nuyen"); tokens that are not syllables pass through the same folds. */
export function phoneticKey(asciiToken: string): string {
  const t = asciiToken;
  const [init, len] = readInitial(t);
  let rest = t.slice(len);
  // gi before a consonant or alone is gi + the vowel i (gìn, gì).
  if (init === 'z' && len === 2 && (rest === '' || !isAsciiVowel(rest.charCodeAt(0)))) rest = `i${rest}`;
  let v = 0;
  while (v < rest.length && isAsciiVowel(rest.charCodeAt(v))) v++;
  return v === rest.length ? init + rest : init + rest.slice(0, v) + foldFinal(rest.slice(v));
}
