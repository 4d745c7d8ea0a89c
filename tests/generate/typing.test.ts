// Typing damage: keystrokes of Telex and VNI with the input method off, middle initials, birth-date slips.
import { describe, expect, it } from 'vitest';
import { middleAsInitials, typeKeystrokes } from '../../src/generate/typing.js';
import type { Person } from '../../src/generate/population.js';

describe('typeKeystrokes', () => {
  it.each([
    ['Nguyễn Thị Lan', 'telex', 'Nguyeenx Thij Lan'], // issue 14's example
    ['Trần Văn', 'vni', 'Tra62n Va8n'], // issue 14's example
    ['Đặng Thị Hương', 'telex', 'Ddawngj Thij Huwowng'],
    ['Đặng Thị Hương', 'vni', 'D9a58ng Thi5 Hu7o7ng'],
    ['Hoàng Thị Thủy', 'telex', 'Hoangf Thij Thuyr'],
    ['Lê An', 'telex', 'Lee An'],
  ] as const)('%s as %s keystrokes: %s', (name, method, want) => {
    expect(typeKeystrokes(name, method)).toBe(want);
  });
});

describe('middleAsInitials', () => {
  const p = (family: string, middle: string, given: string): Person =>
    ({ family, middle, given, fullName: [family, middle, given].filter(Boolean).join(' ') }) as Person;
  it.each([
    [p('Nguyễn', 'Văn', 'An'), 'Nguyễn V. An'],
    [p('Nguyễn', 'Thị Thu', 'Hà'), 'Nguyễn T. T. Hà'],
    [p('Nguyễn', '', 'Trãi'), 'Nguyễn Trãi'],
  ])('%#: %s', (person, want) => {
    expect(middleAsInitials(person)).toBe(want);
  });
});
