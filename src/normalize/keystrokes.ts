// Names typed as Telex or VNI keystrokes with the input method off ("Nguyeenx Thij Lan", "Tra62n Va8n"), decoded to Unicode.

const TONE_MARKS = ['\u0301', '\u0300', '\u0309', '\u0303', '\u0323']; // sắc, huyền, hỏi, ngã, nặng
const TELEX_TONES: Record<string, string> = { s: TONE_MARKS[0], f: TONE_MARKS[1], r: TONE_MARKS[2], x: TONE_MARKS[3], j: TONE_MARKS[4] };
const TELEX_VOWELS: [string, string][] = [
  ['uow', 'ươ'],
  ['aa', 'â'],
  ['aw', 'ă'],
  ['ee', 'ê'],
  ['oo', 'ô'],
  ['ow', 'ơ'],
  ['uw', 'ư'],
  ['w', 'ư'],
];
const VNI_MARKS: Record<string, { on: string; mark: string }> = {
  '6': { on: 'aeo', mark: '\u0302' },
  '7': { on: 'ou', mark: '\u031b' },
  '8': { on: 'a', mark: '\u0306' },
  '9': { on: 'd', mark: 'đ' },
};

/**
 * A Vietnamese syllable spelled without diacritics: onset, one to three vowels, coda. No Vietnamese syllable ends in
 * s, f, r, x or j or holds w, aa, ee, oo or dd, which is what makes keystrokes recognisable.
 */
const SYLLABLE = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$/;
const MARKED = 'ăâêôơư';

function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd');
}

/** The tone's combining mark placed on the syllable's main vowel (a marked vowel first; the normaliser settles oa/oe/uy). */
function placeTone(word: string, tone: string): string {
  if (tone === '') return word;
  const chars = [...word];
  const lower = chars.map((c) => c.toLowerCase());
  let start = 0;
  if ((lower[0] === 'q' && lower[1] === 'u') || (lower[0] === 'g' && lower[1] === 'i' && 'aeiouyăâêôơư'.includes(lower[2] ?? '')))
    start = 2;
  const vowels: number[] = [];
  for (let i = start; i < chars.length; i++) if ('aeiouyăâêôơư'.includes(lower[i])) vowels.push(i);
  if (vowels.length === 0) return word;
  const marked = vowels.filter((i) => MARKED.includes(lower[i]));
  let at: number;
  if (marked.length > 0) at = marked[marked.length - 1];
  else if (vowels[vowels.length - 1] < chars.length - 1) at = vowels[vowels.length - 1];
  else at = vowels.length >= 3 ? vowels[1] : vowels[0];
  chars[at] = (chars[at] + tone).normalize('NFC');
  return chars.join('');
}

function withCase(decoded: string, typed: string): string {
  return typed[0] === typed[0].toUpperCase() ? decoded[0].toUpperCase() + decoded.slice(1) : decoded;
}

/** The vowels of a Vietnamese syllable, folded (ươ -> uo, iê -> ie...): what makes "Maria" no Telex for "Mảia". */
const NUCLEI: ReadonlySet<string> = new Set(
  'a e i o u y ai ao au ay eo eu ia ie iu oa oe oi ua ue ui uo uu uy ye ieu yeu oai oay oeo uoi uou uya uye uyu uay'.split(' '),
);
const NUCLEUS = /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?([aeiouy]{1,3})(?:ch|ng|nh|[cmnpt])?$/;

/**
 * The position of a tone key typed right after its vowel, inside the word ("Traafn", "Nguyeexn", "Baro" for Trần,
 * Nguyễn, Bảo), or -1: the one s, f, r, x or j that follows a vowel or a vowel-mark key. No coda is one of these
 * letters, so after the first vowel they are keys.
 */
function innerToneKey(w: string): number {
  let at = -1;
  const first = w.search(/[aeiouy]/);
  if (first < 0) return -1;
  for (let i = first + 1; i < w.length - 1; i++) {
    if (TELEX_TONES[w[i]] === undefined) continue;
    if (at >= 0 || !'aeiouyw'.includes(w[i - 1])) return -1;
    at = i;
  }
  return at;
}

/** One word typed in Telex, decoded; null when it is no Telex spelling of a Vietnamese syllable. */
export function decodeTelexWord(typed: string): string | null {
  let w = typed.toLowerCase();
  let tone = '';
  const last = w[w.length - 1];
  if (w.length > 1 && TELEX_TONES[last] !== undefined && !SYLLABLE.test(w)) {
    tone = TELEX_TONES[last];
    w = w.slice(0, -1);
  } else if (!SYLLABLE.test(w)) {
    const at = innerToneKey(w);
    if (at > 0) {
      tone = TELEX_TONES[w[at]];
      w = w.slice(0, at) + w.slice(at + 1);
    }
  }
  if (w.startsWith('dd')) w = `đ${w.slice(2)}`;
  for (const [keys, letter] of TELEX_VOWELS) w = w.split(keys).join(letter);
  const nucleus = NUCLEUS.exec(fold(w));
  if (nucleus === null || !NUCLEI.has(nucleus[1])) return null;
  if (tone === '' && w === typed.toLowerCase()) return null;
  return withCase(placeTone(w, tone), typed);
}

/** One word typed in VNI (digits after the letters they mark), decoded; null when it holds no VNI digit or is no syllable. */
export function decodeVniWord(typed: string): string | null {
  if (!/[1-9]/.test(typed) || !/^[a-zA-Z]/.test(typed)) return null;
  let w = '';
  let tone = '';
  for (const ch of typed.toLowerCase()) {
    if (ch >= '1' && ch <= '5') tone = TONE_MARKS[Number(ch) - 1];
    else if (VNI_MARKS[ch] !== undefined) {
      const { on, mark } = VNI_MARKS[ch];
      const chars = [...w];
      let i = chars.length - 1;
      while (i >= 0 && !on.includes(chars[i])) i--;
      if (i < 0) return null;
      chars[i] = mark === 'đ' ? 'đ' : (chars[i] + mark).normalize('NFC');
      w = chars.join('');
    } else if (/[a-z]/.test(ch)) w += ch;
    else return null;
  }
  if (!SYLLABLE.test(fold(w))) return null;
  return withCase(placeTone(w, tone), typed);
}

/**
 * A whole name typed as keystrokes: at least one word decodes and every other word is a plain syllable, or at least
 * two words decode and the others are left as typed (a typo on top of the keystrokes: "Nguyeenx Mih Vux", left to
 * the fuzzy name levels). Only names without diacritics are candidates (keystrokes type none). One decoded word
 * among words that are no syllables is a foreign name ("John Thomas"), not keystrokes.
 */
export function decodeKeystrokes(name: string): { text: string; method: 'Telex' | 'VNI' } | null {
  if (!/^[A-Za-z0-9 ]+$/.test(name)) return null;
  const words = name.split(/ +/).filter((w) => w !== '');
  const vni = /[0-9]/.test(name);
  let decoded = 0;
  let strangers = 0;
  const out: string[] = [];
  for (const word of words) {
    const d = vni ? decodeVniWord(word) : decodeTelexWord(word);
    if (d !== null) decoded++;
    else if (!SYLLABLE.test(word.toLowerCase())) strangers++;
    out.push(d ?? word);
  }
  if (decoded === 0 || (strangers > 0 && decoded < 2)) return null;
  return { text: out.join(' '), method: vni ? 'VNI' : 'Telex' };
}
