// The independent generator's model of the world: name lists with frequencies, provinces, vaccines, lots and schedules.
// Written without reading src/generate/: its own lists and numbers, from DOMAIN.md and general knowledge.

/** Family names with rough shares in percent (DOMAIN.md §2 for the top 14; the tail is a guess). Compound ones on purpose. */
export const FAMILY_NAMES = [
  ['Nguyễn', 38.5], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7.1], ['Hoàng', 2.7], ['Huỳnh', 2.4], ['Phan', 4.5], ['Vũ', 2.1],
  ['Võ', 1.8], ['Đặng', 2.1], ['Bùi', 2], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1], ['Lý', 0.5], ['Đinh', 0.6],
  ['Trương', 0.7], ['Đoàn', 0.5], ['Lâm', 0.4], ['Mai', 0.4], ['Hà', 0.4], ['Trịnh', 0.4], ['Lương', 0.3], ['Cao', 0.3],
  ['Tạ', 0.2], ['Châu', 0.2], ['Thái', 0.2], ['Lưu', 0.2], ['Tô', 0.2], ['Quách', 0.1], ['Kiều', 0.1], ['Triệu', 0.1],
  ['Vương', 0.1], ['Phùng', 0.1], ['La', 0.1], ['Hứa', 0.1], ['Khổng', 0.05], ['Tôn Thất', 0.03], ['Hoàng Phủ', 0.01],
];

/** Middle names by gender; the traditional Văn / Thị thin out for people born after 1990. */
export const MIDDLE = {
  M: [['Văn', 30], ['Đức', 8], ['Minh', 9], ['Quốc', 5], ['Hữu', 5], ['Thanh', 5], ['Công', 4], ['Xuân', 3], ['Ngọc', 3],
    ['Hoàng', 3], ['Gia', 3], ['Anh', 3], ['Duy', 3], ['Trọng', 2], ['Quang', 3], ['Thành', 2], ['Bảo', 3], ['Đình', 3], ['Tuấn', 2]],
  F: [['Thị', 35], ['Ngọc', 8], ['Thu', 5], ['Thanh', 5], ['Phương', 4], ['Minh', 4], ['Bảo', 3], ['Khánh', 3], ['Mỹ', 3],
    ['Hồng', 3], ['Kim', 4], ['Diệu', 2], ['Hoài', 2], ['Thùy', 3], ['Quỳnh', 2], ['Hải', 2], ['Như', 2], ['Lan', 1]],
};

/** Given names by gender, most common first (weights fall off like a Zipf law, see pickZipf). */
export const GIVEN = {
  M: ['Minh', 'Anh', 'Hùng', 'Dũng', 'Tuấn', 'Nam', 'Hải', 'Long', 'Sơn', 'Thắng', 'Đức', 'Huy', 'Quân', 'Phong', 'Bình', 'Cường',
    'Khánh', 'Trung', 'Hiếu', 'Việt', 'Hòa', 'Phúc', 'Thành', 'Tài', 'Lộc', 'Nghĩa', 'Bảo', 'Khoa', 'Tâm', 'Đạt', 'Duy', 'Kiên',
    'Tú', 'Thịnh', 'Vinh', 'Toàn', 'Lâm', 'Nhân', 'Quang', 'Hoàng', 'An', 'Thủy', 'Tiến', 'Phước', 'Lân', 'Văn', 'Huỳnh', 'Khôi'],
  F: ['Linh', 'Trang', 'Hương', 'Anh', 'Hà', 'Lan', 'Thảo', 'Ngọc', 'Hằng', 'Phương', 'Mai', 'Huyền', 'Thu', 'Nga', 'Hạnh',
    'Hiền', 'Yến', 'Dung', 'Vân', 'Thủy', 'Hoa', 'Nhung', 'Loan', 'Quỳnh', 'Trâm', 'Uyên', 'Vy', 'My', 'Chi', 'Giang', 'Hồng',
    'Duyên', 'Ngân', 'Oanh', 'Liên', 'Tuyết', 'Châu', 'Thư', 'Nhi', 'Hòa', 'Thùy', 'Khuê', 'Thoa', 'Huệ', 'Tâm', 'Ánh', 'Tiên', 'Hường'],
};

/** Twins' given-name pairs: near-identical in writing, different names in Vietnamese (a tone or a vowel mark apart). */
export const TWIN_PAIRS = [
  [['Vân', 'F'], ['Văn', 'M']], [['Thu', 'F'], ['Thư', 'F']], [['Lan', 'F'], ['Lân', 'M']], [['Tiên', 'F'], ['Tiến', 'M']],
  [['Hương', 'F'], ['Hường', 'F']], [['Anh', 'F'], ['Ánh', 'F']], [['Phúc', 'M'], ['Phước', 'M']], [['Hà', 'F'], ['Hạ', 'F']],
  [['Minh', 'M'], ['Mính', 'M']], [['Long', 'M'], ['Lộc', 'M']],
];

/** CCCD province codes (Circular 07/2016, DOMAIN.md §1.1) with a rough population weight in hundreds of thousands. */
export const PROVINCES = [
  ['001', 83], ['002', 9], ['004', 5], ['006', 3], ['008', 8], ['010', 7], ['011', 6], ['012', 5], ['014', 13], ['015', 8],
  ['017', 9], ['019', 13], ['020', 8], ['022', 13], ['024', 18], ['025', 15], ['026', 12], ['027', 14], ['030', 19], ['031', 20],
  ['033', 13], ['034', 19], ['035', 9], ['036', 18], ['037', 10], ['038', 37], ['040', 34], ['042', 13], ['044', 9], ['045', 6],
  ['046', 11], ['048', 12], ['049', 15], ['051', 12], ['052', 15], ['054', 9], ['056', 12], ['058', 6], ['060', 12], ['062', 6],
  ['064', 15], ['066', 19], ['067', 6], ['068', 13], ['070', 10], ['072', 12], ['074', 26], ['075', 31], ['077', 12], ['079', 90],
  ['080', 17], ['082', 18], ['083', 13], ['084', 10], ['086', 10], ['087', 16], ['089', 19], ['091', 17], ['092', 12], ['093', 7],
  ['094', 12], ['095', 9], ['096', 12],
];

/** 9-digit CMND prefixes by residence province (DOMAIN.md §1.3, confirmed and unconfirmed alike); others fall back to 2 random digits. */
export const CMND_PREFIX = {
  '001': '01', '079': '02', '031': '03', '014': '05', '002': '07', '006': '095', '022': '10', '017': '11', '027': '12', '024': '12',
  '025': '13', '030': '14', '033': '14', '035': '16', '042': '18', '044': '19', '045': '19', '049': '20', '051': '21', '052': '21',
  '056': '22', '054': '22', '064': '230', '058': '26', '060': '26', '077': '27', '074': '280', '070': '285', '072': '29', '083': '32',
  '089': '35', '093': '36', '094': '36', '095': '38', '011': '04', '010': '06', '004': '08', '019': '09', '034': '15', '038': '17',
  '066': '24', '068': '25', '080': '30', '082': '31', '086': '33', '087': '34', '091': '37', '075': '27',
};

/** Mobile prefixes in use since 2018 (DOMAIN.md §4) and the 2018 11-to-10 conversion, new -> old, for old-format typing. */
export const MOBILE_PREFIXES = ['032', '033', '034', '035', '036', '037', '038', '039', '070', '076', '077', '078', '079', '081',
  '082', '083', '084', '085', '086', '088', '089', '090', '091', '093', '094', '096', '097', '098', '056', '058'];
export const OLD_PREFIX = {
  '032': '0162', '033': '0163', '034': '0164', '035': '0165', '036': '0166', '037': '0167', '038': '0168', '039': '0169',
  '070': '0120', '079': '0121', '077': '0122', '076': '0126', '078': '0128', '083': '0123', '084': '0124', '085': '0125',
  '081': '0127', '082': '0129', '056': '0186', '058': '0188',
};

/**
 * Products as a facility types them, with the primary schedule (minimum interval and spread in days), when VN used them and
 * how lot numbers look. Intervals follow DOMAIN.md §6; the spreads are my guess at real practice (queues, shortages).
 */
export const PRODUCTS = {
  AZ: { names: ['AstraZeneca', 'AstraZeneca', 'AstraZeneca', 'Astra Zeneca', 'ASTRAZENECA', 'Vaxzevria'], primary: 2, min: 56, spread: 35,
    from: '2021-03-08' },
  PF: { names: ['Pfizer', 'Pfizer', 'Pfizer-BioNTech', 'Comirnaty', 'PFIZER'], primary: 2, min: 21, spread: 21, from: '2021-07-10' },
  MO: { names: ['Moderna', 'Moderna', 'Spikevax', 'MODERNA'], primary: 2, min: 28, spread: 21, from: '2021-07-05' },
  VC: { names: ['Vero Cell', 'Vero Cell', 'Verocell', 'Sinopharm', 'VERO CELL'], primary: 2, min: 21, spread: 14, from: '2021-06-20' },
  SP: { names: ['Sputnik V', 'Sputnik V', 'Gam-COVID-Vac'], primary: 2, min: 21, spread: 10, from: '2021-07-20' },
  JJ: { names: ['Janssen', 'Janssen', 'Johnson & Johnson'], primary: 1, min: 0, spread: 0, from: '2021-08-20' },
  HV: { names: ['Hayat-Vax', 'Hayat-Vax', 'Hayat Vax'], primary: 2, min: 21, spread: 14, from: '2021-09-15' },
  AB: { names: ['Abdala', 'Abdala', 'ABDALA'], primary: 3, min: 14, spread: 7, from: '2021-10-01' },
};

/** Lot number shapes per product, by my reading of real labels: letters, digits, sometimes a dash. */
export function lotCode(product, rng) {
  const L = () => String.fromCharCode(65 + Math.floor(rng() * 26));
  const D = (n) => Array.from({ length: n }, () => Math.floor(rng() * 10)).join('');
  switch (product) {
    case 'AZ': return `${L()}${L()}${L()}${D(4)}`;
    case 'PF': return `F${L()}${D(4)}`;
    case 'MO': return `${D(6)}A`;
    case 'VC': return `2021${D(2)}${L()}${D(3)}`;
    case 'SP': return `I-${D(6)}`;
    case 'JJ': return `XD${D(6)}`;
    case 'HV': return `HV${D(4)}`;
    default: return `${D(7)}`;
  }
}

/** Dose-1 product mix by month of 2021 (what arrived when, roughly: AZ first, then Vero Cell and mRNA, Abdala late). */
export function primaryMix(month) {
  if (month < 6) return [['AZ', 1]];
  if (month < 8) return [['AZ', 4], ['VC', 4], ['MO', 2], ['PF', 1]];
  if (month < 10) return [['AZ', 4], ['VC', 4], ['PF', 2], ['MO', 1], ['SP', 0.3], ['JJ', 0.2]];
  return [['AZ', 3], ['VC', 3], ['PF', 3], ['MO', 1], ['AB', 1], ['HV', 0.5], ['SP', 0.2], ['JJ', 0.2]];
}

/** Facility codes: the provinces in a dataset get commune health stations, district centres and hospitals. */
export const FACILITY_KINDS = [['TYT', 6], ['TTYT', 2], ['BV', 1]];
