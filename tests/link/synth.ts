// Synthetic registry + doses with known truth for linkage tests: households, twins, namesakes, relatives' IDs, typed noise.

import type { Citizen, Gender, NormalizedDose } from '../../src/types.js';
import { seededRandom } from '../../src/link/train.js';
import { citizen, dose } from './fixtures.js';

const FAMILIES: Array<[string, number]> = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7.1],
  ['Hoàng', 2.6],
  ['Huỳnh', 2.5],
  ['Phan', 4.5],
  ['Vũ', 2],
  ['Võ', 1.9],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Tạ', 0.3],
  ['Lâm', 0.3],
  ['Mai', 0.3],
  ['Trịnh', 0.4],
  ['Đinh', 0.4],
  ['Cao', 0.3],
  ['Lưu', 0.2],
  ['Quách', 0.1],
  ['Tô', 0.2],
  ['Kiều', 0.1],
  ['Khổng', 0.05],
  ['Âu', 0.05],
  ['Thái', 0.2],
  ['Hà', 0.3],
  ['La', 0.1],
  ['Văn', 0.1],
  ['Chu', 0.1],
  ['Triệu', 0.1],
  ['Giang', 0.1],
  ['Tăng', 0.05],
];
const MIDDLE_M = ['Văn', 'Văn', 'Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Xuân', 'Thanh', 'Công', 'Đình', 'Ngọc', 'Quốc', 'Anh', ''];
const MIDDLE_F = ['Thị', 'Thị', 'Thị', 'Thu', 'Ngọc', 'Thanh', 'Minh', 'Kim', 'Hồng', 'Mỹ', 'Thùy', 'Bích', 'Phương', ''];
const GIVEN_M = [
  'An',
  'Anh',
  'Bình',
  'Cường',
  'Dũng',
  'Đạt',
  'Đức',
  'Giang',
  'Hải',
  'Hào',
  'Hiếu',
  'Hòa',
  'Hoàng',
  'Hùng',
  'Huy',
  'Khải',
  'Khánh',
  'Khoa',
  'Kiên',
  'Lâm',
  'Long',
  'Lực',
  'Mạnh',
  'Minh',
  'Nam',
  'Nghĩa',
  'Nhân',
  'Phong',
  'Phúc',
  'Quân',
  'Quang',
  'Sơn',
  'Tài',
  'Tâm',
  'Thắng',
  'Thành',
  'Thịnh',
  'Tiến',
  'Toàn',
  'Trí',
  'Trung',
  'Tú',
  'Tuấn',
  'Việt',
  'Vinh',
  'Vũ',
  'Hưng',
  'Thuận',
  'Lộc',
  'Bảo',
];
const GIVEN_F = [
  'An',
  'Anh',
  'Bích',
  'Chi',
  'Dung',
  'Duyên',
  'Giang',
  'Hà',
  'Hạnh',
  'Hằng',
  'Hiền',
  'Hoa',
  'Hòa',
  'Hồng',
  'Huệ',
  'Hương',
  'Huyền',
  'Lan',
  'Liên',
  'Linh',
  'Loan',
  'Mai',
  'My',
  'Nga',
  'Ngân',
  'Ngọc',
  'Nhung',
  'Oanh',
  'Phương',
  'Quyên',
  'Tâm',
  'Thảo',
  'Thu',
  'Thủy',
  'Trang',
  'Trinh',
  'Tuyết',
  'Vân',
  'Vy',
  'Xuân',
  'Yến',
  'Thư',
  'Nhi',
  'Uyên',
  'Diệp',
  'Khuê',
  'Quỳnh',
  'Thoa',
  'Trâm',
  'Ly',
];
/** Twins often get similar given names. */
const TWIN_GIVEN: Array<[string, string]> = [
  ['An', 'Anh'],
  ['Minh', 'Mạnh'],
  ['Long', 'Lân'],
  ['Hùng', 'Dũng'],
  ['Lan', 'Liên'],
  ['Ngọc', 'Ngân'],
  ['Phúc', 'Lộc'],
  ['Thảo', 'Thư'],
];
const PROVINCES = ['001', '079', '031', '048', '092', '074', '075', '036', '038', '040', '030', '027', '034', '046', '052'];

const ASCII_MAP: Record<string, string> = {};
for (const [from, to] of [
  ['àáảãạăằắẳẵặâầấẩẫậ', 'a'],
  ['èéẻẽẹêềếểễệ', 'e'],
  ['ìíỉĩị', 'i'],
  ['òóỏõọôồốổỗộơờớởỡợ', 'o'],
  ['ùúủũụưừứửữự', 'u'],
  ['ỳýỷỹỵ', 'y'],
  ['đ', 'd'],
] as const)
  for (const ch of from) {
    ASCII_MAP[ch] = to;
    ASCII_MAP[ch.toUpperCase()] = to.toUpperCase();
  }
ASCII_MAP.Đ = 'D';
export const stripAccents = (s: string): string => [...s].map((c) => ASCII_MAP[c] ?? c).join('');

export interface Person {
  id: string;
  oldId: string;
  family: string;
  middle: string;
  given: string;
  dob: { y: number; m: number; d: number };
  gender: Gender;
  commune: string;
  phone: string;
  household: number;
  inRegistry: boolean;
}

export interface Population {
  persons: Person[];
  citizens: Citizen[];
  doses: NormalizedDose[];
  /** True citizen_id of each dose ('' when the person is not in the registry). */
  truth: string[];
  /** What noise each dose carries (for failure analysis). */
  noise: string[];
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const fullName = (p: { family: string; middle: string; given: string }): string =>
  [p.family, p.middle, p.given].filter((x) => x !== '').join(' ');
const dobText = (d: { y: number; m: number; d: number }): string => `${pad(d.d, 2)}/${pad(d.m, 2)}/${d.y}`;

export function makePopulation(nPersons: number, seed = 7, opts: { notInRegistry?: number } = {}): Population {
  const r = seededRandom(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const famTotal = FAMILIES.reduce((s, f) => s + f[1], 0);
  const pickFamily = (): string => {
    let x = r() * famTotal;
    for (const [f, w] of FAMILIES) if ((x -= w) < 0) return f;
    return FAMILIES[0][0];
  };
  const usedIds = new Set<string>();
  const newId = (g: Gender, y: number): string => {
    for (;;) {
      const century = Math.floor(y / 100) - 19;
      const G = century * 2 + (g === 'F' ? 1 : 0);
      const id = `${pick(PROVINCES)}${G}${pad(y % 100, 2)}${pad(Math.floor(r() * 1e6), 6)}`;
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  const newOld = (): string => {
    for (;;) {
      const id = `0${Math.floor(r() * 4)}${pad(Math.floor(r() * 1e7), 7)}`;
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  const communes = Array.from({ length: Math.max(20, Math.floor(nPersons / 300)) }, (_, i) => pad(10000 + i * 7, 5));
  const persons: Person[] = [];
  let household = 0;
  const notIn = opts.notInRegistry ?? 0.03;
  const mk = (
    family: string,
    gender: Gender,
    dob: Person['dob'],
    commune: string,
    phone: string,
    given?: string,
    middle?: string,
  ): Person => ({
    id: newId(gender, dob.y),
    oldId: dob.y < 2000 && r() < 0.3 ? newOld() : '',
    family,
    middle: middle ?? pick(gender === 'M' ? MIDDLE_M : MIDDLE_F),
    given: given ?? pick(gender === 'M' ? GIVEN_M : GIVEN_F),
    dob,
    gender,
    commune,
    phone,
    household,
    inRegistry: r() >= notIn,
  });
  const randDob = (y0: number, y1: number) => ({
    y: y0 + Math.floor(r() * (y1 - y0 + 1)),
    m: 1 + Math.floor(r() * 12),
    d: 1 + Math.floor(r() * 28),
  });
  while (persons.length < nPersons) {
    household++;
    const family = pickFamily();
    const commune = pick(communes);
    const phone = `09${pad(Math.floor(r() * 1e8), 8)}`;
    const parentDob = randDob(1945, 1985);
    const head = mk(family, r() < 0.5 ? 'M' : 'F', parentDob, commune, phone);
    persons.push(head);
    if (r() < 0.5)
      persons.push(
        mk(pickFamily(), head.gender === 'M' ? 'F' : 'M', randDob(parentDob.y - 3, parentDob.y + 3), commune, r() < 0.5 ? phone : ''),
      );
    const kids = Math.floor(r() * 3);
    for (let k = 0; k < kids; k++) {
      const dob = randDob(Math.max(parentDob.y + 18, 1965), Math.min(parentDob.y + 40, 2015));
      const g: Gender = r() < 0.5 ? 'M' : 'F';
      if (r() < 0.08) {
        // Twins: same family, birth date, commune and phone; given names often similar.
        const [a, b] = r() < 0.5 ? pick(TWIN_GIVEN) : [pick(g === 'M' ? GIVEN_M : GIVEN_F), pick(g === 'M' ? GIVEN_M : GIVEN_F)];
        if (a === b) continue;
        const mid = pick(g === 'M' ? MIDDLE_M : MIDDLE_F);
        persons.push(mk(family, g, dob, commune, phone, a, mid));
        persons.push(mk(family, r() < 0.7 ? g : g === 'M' ? 'F' : 'M', dob, commune, phone, b, mid));
      } else persons.push(mk(family, g, dob, commune, r() < 0.3 ? phone : ''));
    }
    if (r() < 0.01) {
      // A namesake born the same day in another province.
      const src = persons[Math.floor(r() * persons.length)];
      household++;
      persons.push({ ...mk(src.family, src.gender, src.dob, pick(communes), ''), middle: src.middle, given: src.given });
    }
  }
  persons.length = nPersons;

  const citizens: Citizen[] = [];
  for (const p of persons) {
    if (!p.inRegistry) continue;
    citizens.push(
      citizen({ id: p.id, oldId: p.oldId, name: fullName(p), dob: dobText(p.dob), gender: p.gender, commune: p.commune, phone: p.phone }),
    );
  }

  const byHousehold = new Map<number, Person[]>();
  for (const p of persons) {
    const h = byHousehold.get(p.household) ?? [];
    h.push(p);
    byHousehold.set(p.household, h);
  }
  const doses: NormalizedDose[] = [];
  const truth: string[] = [];
  const noise: string[] = [];
  for (const p of persons) {
    const n = 1 + Math.floor(r() * 3);
    for (let k = 0; k < n; k++) {
      const tags: string[] = [];
      let name = fullName(p);
      const x = r();
      if (x < 0.04) {
        name = stripAccents(name);
        tags.push('unaccented');
      } else if (x < 0.06) {
        name = name.toUpperCase();
        tags.push('caps');
      } else if (x < 0.08) {
        name = typo(name, r);
        tags.push('name_typo');
      } else if (x < 0.09 && p.middle !== '') {
        name = `${p.family} ${p.given}`;
        tags.push('no_middle');
      } else if (x < 0.095) {
        name = stripAccents(name).toUpperCase();
        tags.push('unaccented_caps');
      }
      let id = p.id;
      const y = r();
      if (y < 0.04) {
        id = typoDigits(id, r);
        tags.push('id_typo');
      } else if (y < 0.06) {
        id = '';
        tags.push('id_missing');
      } else if (y < 0.07) {
        const rel = (byHousehold.get(p.household) ?? []).filter((q) => q !== p);
        if (rel.length > 0) {
          id = pick(rel).id;
          tags.push('relative_id');
        }
      } else if (y < 0.1 && p.oldId !== '') {
        id = p.oldId;
        tags.push('old_id');
      }
      let dob = dobText(p.dob);
      const z = r();
      if (z < 0.01 && p.dob.d <= 12 && p.dob.d !== p.dob.m) {
        dob = `${pad(p.dob.m, 2)}/${pad(p.dob.d, 2)}/${p.dob.y}`;
        tags.push('dob_swapped');
      } else if (z < 0.02) {
        dob = String(p.dob.y);
        tags.push('dob_year_only');
      } else if (z < 0.03) {
        dob = `${pad(p.dob.d, 2)}/${pad(p.dob.m, 2)}/${p.dob.y + (r() < 0.5 ? 1 : -1)}`;
        tags.push('dob_year_off');
      }
      const gender: Gender = r() < 0.02 ? 'U' : p.gender;
      doses.push(dose({ id, name, dob, gender, commune: r() < 0.8 ? p.commune : '', phone: r() < 0.6 ? p.phone : '' }));
      truth.push(p.inRegistry ? p.id : '');
      noise.push(tags.join('+') || 'clean');
    }
  }
  return { persons, citizens, doses, truth, noise };
}

function typo(name: string, r: () => number): string {
  const chars = [...name];
  const i = 1 + Math.floor(r() * (chars.length - 2));
  if (chars[i] === ' ' || chars[i + 1] === ' ') return name;
  if (r() < 0.5) [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]];
  else chars[i] = 'aeiou'[Math.floor(r() * 5)];
  return chars.join('');
}

function typoDigits(id: string, r: () => number): string {
  const c = [...id];
  const i = 3 + Math.floor(r() * (c.length - 4));
  if (r() < 0.5 && c[i] !== c[i + 1]) [c[i], c[i + 1]] = [c[i + 1], c[i]];
  else c[i] = String((Number(c[i]) + 1 + Math.floor(r() * 9)) % 10);
  return c.join('');
}
