// Splitting Vietnamese letters into base vowel and tone, and the two tone-placement styles (hòa vs hoà).

/** Tone index: 0 none, 1 sắc (acute), 2 huyền (grave), 3 hỏi (hook), 4 ngã (tilde), 5 nặng (dot below). */
export type Tone = 0 | 1 | 2 | 3 | 4 | 5;

const TONE_MARKS: Record<string, Tone> = { '\u0301': 1, '\u0300': 2, '\u0309': 3, '\u0303': 4, '\u0323': 5 };
const MARK_OF_TONE = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'];

/** Split one NFC letter into its toneless letter (â, ơ, ư ... kept) and its tone. */
export function splitTone(ch: string): { base: string; tone: Tone } {
  const nfd = ch.normalize('NFD');
  let tone: Tone = 0;
  let rest = '';
  for (const c of nfd) {
    const t = TONE_MARKS[c];
    if (t !== undefined) tone = t;
    else rest += c;
  }
  return { base: rest.normalize('NFC'), tone };
}

export function addTone(base: string, tone: Tone): string {
  return (base + MARK_OF_TONE[tone]).normalize('NFC');
}

/**
 * Old style ("kiểu cũ": hòa, thủy) to new style (hoà, thuỷ): only oa, oe, uy ending the syllable move
 * the mark to the second vowel; qu is a consonant, so quý is unchanged (DOMAIN.md §2, tone placement).
 */
export function toNewToneStyle(name: string): string {
  return name
    .split(' ')
    .map((syl) => {
      const chars = [...syl.normalize('NFC')];
      const n = chars.length;
      if (n < 2) return syl;
      const first = splitTone(chars[n - 2]);
      const second = chars[n - 1];
      const pair = (first.base + second).toLowerCase();
      if (first.tone === 0 || !['oa', 'oe', 'uy'].includes(pair)) return syl;
      if (pair === 'uy' && n >= 3 && chars[n - 3].toLowerCase() === 'q') return syl;
      chars[n - 2] = first.base;
      chars[n - 1] = addTone(second, first.tone);
      return chars.join('');
    })
    .join(' ');
}

/** Remove every diacritic; đ/Đ map explicitly because they have no decomposition. */
export function stripDiacritics(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}
