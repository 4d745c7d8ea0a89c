// Keystroke names: Telex and VNI typed with the input method off are decoded; real names and foreign names are left alone.
import { describe, expect, it } from 'vitest';
import { decodeKeystrokes } from '../../src/normalize/keystrokes.js';
import { typeKeystrokes } from '../../src/generate/typing.js';

describe('decodeKeystrokes', () => {
  it.each([
    ['Nguyeenx Thij Lan', 'Nguyễn Thị Lan', 'Telex'], // issue 14
    ['Tra62n Va8n', 'Trần Văn', 'VNI'], // issue 14
    ['Ddawngj Thij Huwowng', 'Đặng Thị Hương', 'Telex'],
    ['D9a58ng Thi5 Hu7o7ng', 'Đặng Thị Hương', 'VNI'],
    ['Hoangf Thij Thuyr', 'Hoàng Thị Thủy', 'Telex'],
    ['Nguye64n Thi5 Ngo5c A1nh', 'Nguyễn Thị Ngọc Ánh', 'VNI'],
    ['NGUYEENX VAWN QUYS', 'Nguyễn Văn Quý', 'Telex'],
    ['Lee Giaf', 'Lê Già', 'Telex'],
    ['Nguyeenx Mih Vux', 'Nguyễn Mih Vũ', 'Telex'], // a typo on top: the other words decoded, the typo left to the fuzzy levels
    // The tone key typed right after its vowel, inside the word (issue 14: what the independent generator types).
    ['Traafn Gia Thuyr', 'Trần Gia Thủy', 'Telex'],
    ['Nguyeexn Thafnh Tuaasn', 'Nguyễn Thành Tuấn', 'Telex'],
    ['Hufng Hoafng Baro', 'Hùng Hoàng Bảo', 'Telex'],
    ['La Hari Yeesn', 'La Hải Yến', 'Telex'],
  ])('%s -> %s (%s)', (typed, want, method) => {
    const d = decodeKeystrokes(typed);
    expect(d?.method).toBe(method);
    expect(d?.text.normalize('NFC').toLowerCase()).toBe(want.toLowerCase());
  });

  it.each([
    ['Nguyen Van An', 'a name typed without diacritics'],
    ['NGUYEN THI NGOC ANH', 'the same in capitals'],
    ['Tran Thi Hoa', 'every word a plain syllable'],
    ['John Thomas', 'a foreign name'],
    ['Nguyễn Thị Lan', 'already Unicode'],
    ['Nguyeenx Lna', 'one decoded word beside a word that is no syllable'],
    ['Maria Nguyen', 'a foreign given name: no Vietnamese syllable has the vowels a-i-a'],
    ['Sarah Tran', 'a foreign given name'],
  ])('%s is left alone (%s)', (typed) => {
    expect(decodeKeystrokes(typed)).toBeNull();
  });

  it("decodes what the generator types, for the generator's names", () => {
    for (const name of ['Trương Thị Hường', 'Huỳnh Văn Khoa', 'Lưu Quốc Hòa', 'Đoàn Thị Tuyết', 'Ngô Gia Huy', 'Âu Dương Ngọc']) {
      for (const method of ['telex', 'vni'] as const) {
        const d = decodeKeystrokes(typeKeystrokes(name, method));
        expect(d?.text.normalize('NFC'), `${name} ${method}`).toBe(name);
      }
    }
  });
});
