// Ways a clerk mistypes a Vietnamese name: raw Telex / VNI keystrokes, lost diacritics, one-letter typos, tone placement, dialect.
// Pure functions of (text, rng); each returns the damaged text (or the same text when the damage cannot apply).

const TONES = { '\u0300': ['f', '2'], '\u0301': ['s', '1'], '\u0309': ['r', '3'], '\u0303': ['x', '4'], '\u0323': ['j', '5'] };
// Vowel marks: circumflex, breve, horn. Telex doubles the vowel for the circumflex (aa, ee, oo); VNI uses digits.
const MARKS = { '\u0302': ['=', '6'], '\u0306': ['w', '8'], '\u031b': ['w', '7'] };

/** Strip every diacritic, đ/Đ included (NFD leaves them whole). */
export function noDiacritics(s) {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/**
 * The keystrokes of an input method that were never converted: 'telex' gives "Nguyeenx", 'vni' gives "Nguye6n4".
 * toneAt 'end' puts the tone key after the word (how most people type Telex), 'vowel' right after its vowel ("Tra62n").
 */
export function keystrokes(word, method, toneAt) {
  const k = method === 'telex' ? 0 : 1;
  let out = '';
  let tone = '';
  for (const ch of word.normalize('NFC')) {
    if (ch === 'đ' || ch === 'Đ') {
      out += ch === 'đ' ? (k ? 'd9' : 'dd') : k ? 'D9' : 'Dd';
      continue;
    }
    const parts = [...ch.normalize('NFD')];
    const base = parts[0];
    let keys = base;
    for (const m of parts.slice(1)) {
      if (MARKS[m]) keys += MARKS[m][k] === '=' ? base.toLowerCase() : MARKS[m][k];
      else if (TONES[m]) tone = TONES[m][k];
    }
    out += keys;
    if (tone && toneAt === 'vowel' && parts.some((m) => TONES[m])) {
      out += tone;
      tone = '';
    }
  }
  return out + tone;
}

const LETTERS = 'abcdeghiklmnopqrstuvxy';

/** One letter wrong, dropped, doubled, or two neighbours swapped, in one word of length 2 or more. */
export function typo(name, rng, kind) {
  const words = name.split(' ');
  const eligible = words.map((w, i) => ([...w].length >= 2 ? i : -1)).filter((i) => i >= 0);
  if (!eligible.length) return name;
  const wi = eligible[Math.floor(rng() * eligible.length)];
  const chars = [...words[wi]];
  // Not the first letter: clerks rarely miss the capital, and blocking on a first letter is a fair assumption to test apart.
  const p = 1 + Math.floor(rng() * (chars.length - 1));
  if (kind === 'wrong') {
    let c = LETTERS[Math.floor(rng() * LETTERS.length)];
    if (c === noDiacritics(chars[p]).toLowerCase()) c = c === 'a' ? 'e' : 'a';
    chars[p] = c;
  } else if (kind === 'dropped') chars.splice(p, 1);
  else if (kind === 'doubled') chars.splice(p, 0, chars[p]);
  else if (kind === 'swapped') {
    const q = p === chars.length - 1 ? p - 1 : p;
    if (q < 1) return name;
    [chars[q], chars[q + 1]] = [chars[q + 1], chars[q]];
  }
  words[wi] = chars.join('');
  return words.join(' ');
}

/** Move the tone mark in an open oa/oe/uy syllable to the other accepted position (hòa <-> hoà, thủy <-> thuỷ). */
export function otherToneStyle(word) {
  const d = [...word.normalize('NFD')];
  const toneIdx = d.findIndex((c) => TONES[c]);
  if (toneIdx < 0) return word;
  const tone = d[toneIdx];
  const bare = d.filter((_, i) => i !== toneIdx);
  const plain = bare.join('').toLowerCase();
  if (!/(oa|oe|uy)$/.test(plain) || /^(qu|gi)/.test(plain)) return word;
  const n = bare.length;
  // Tone sits after the letter it marks; old style marks the first vowel of the pair, new style the second.
  const onFirst = toneIdx === n - 1; // tone right after bare[n-2]
  const out = onFirst ? [...bare, tone] : [...bare.slice(0, n - 1), tone, bare[n - 1]];
  return out.join('').normalize('NFC');
}

export function hasToneStyleChoice(name) {
  return name.split(' ').some((w) => otherToneStyle(w) !== w);
}

const INITIAL_SWAPS = [
  ['Tr', 'Ch'],
  ['Ch', 'Tr'],
  ['S', 'X'],
  ['X', 'S'],
  ['Gi', 'D'],
  ['D', 'Gi'],
  ['L', 'N'],
  ['N', 'L'],
];

/** A dialect spelling slip on one word's initial (tr/ch, s/x, gi/d, l/n) or final (n/ng, t/c), as DOMAIN.md §2 lists. */
export function dialect(name, rng) {
  const words = name.split(' ');
  const order = words.map((_, i) => i).sort(() => rng() - 0.5);
  for (const i of order) {
    const w = words[i];
    for (const [a, b] of INITIAL_SWAPS) {
      if (w.startsWith(a) && !(a === 'N' && w.startsWith('Ng')) && !(a === 'D' && w.startsWith('Đ'))) {
        words[i] = b + w.slice(a.length);
        return words.join(' ');
      }
    }
    if (/ng$/.test(w)) words[i] = w.slice(0, -1);
    else if (/n$/.test(w)) words[i] = `${w}g`;
    else if (/t$/.test(w)) words[i] = `${w.slice(0, -1)}c`;
    else continue;
    return words.join(' ');
  }
  return name;
}
