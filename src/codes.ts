// Every stable problem code vaxrec emits, with where it goes, its Ministry of Health cleaning category
// (Công văn 2262/BYT-CNTT: a = no ID, b = ID in the wrong format, c = ID present but details wrong) and
// an English and Vietnamese description, and its severity for `vaxrec validate`. Codes are never renamed; new ones
// are appended.

/** rejects.csv, mismatches.csv, or a decision about a whole file (validate's info items, reconcile's log). */
export type Destination = 'reject' | 'mismatch' | 'note';
export type MohCategory = 'a' | 'b' | 'c' | '';
/**
 * As linters rank findings: error = the row would be rejected (or the file cannot be used), warning = a value that
 * reconcile repairs or flags, info = a per-file decision or a fact with nothing to fix. `validate` fails on errors
 * only, unless --strict or --max-warnings.
 */
export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface CodeInfo {
  dest: Destination;
  severity: Severity;
  moh: MohCategory;
  en: string;
  vi: string;
}

// r: a rejected row (error); m: a problem in a kept record (warning); i: the same, but nothing to fix (info);
// f: a decision about a whole file, one per file and column (info unless given).
const r = (en: string, vi: string, moh: MohCategory = ''): CodeInfo => ({ dest: 'reject', severity: 'error', moh, en, vi });
const m = (en: string, vi: string, moh: MohCategory = ''): CodeInfo => ({ dest: 'mismatch', severity: 'warning', moh, en, vi });
const i = (en: string, vi: string, moh: MohCategory = ''): CodeInfo => ({ dest: 'mismatch', severity: 'info', moh, en, vi });
const f = (en: string, vi: string, severity: Severity = 'info'): CodeInfo => ({ dest: 'note', severity, moh: '', en, vi });

export const CODES = {
  // Row-level rejects: the row cannot be used at all.
  ROW_FIELD_COUNT: r('Row has a different number of fields than the header', 'Dòng có số cột khác tiêu đề'),
  ROW_MALFORMED: r('Row is not valid CSV (unbalanced quote or similar)', 'Dòng không đúng định dạng CSV'),
  ROW_BINARY: r('Row contains NUL bytes or binary data', 'Dòng chứa dữ liệu nhị phân'),
  ROW_FIELD_TOO_LONG: r('A field exceeds the size limit', 'Một trường vượt quá độ dài cho phép'),
  NAME_MISSING: r('Full name is empty', 'Thiếu họ và tên'),
  VACCINE_MISSING: r('Vaccine is empty', 'Thiếu tên vắc xin'),
  DOSE_DATE_MISSING: r('Dose date is empty', 'Thiếu ngày tiêm'),
  DOSE_DATE_INVALID: r('Dose date cannot be read as a date', 'Ngày tiêm không hợp lệ'),
  FACILITY_MISSING: r('Facility code is empty', 'Thiếu mã cơ sở tiêm'),
  REGISTRY_ID_DUPLICATE: r(
    'citizen_id appears twice in the registry with different details',
    'Số định danh lặp lại trong CSDL dân cư với thông tin khác nhau',
  ),
  REGISTRY_ID_INVALID: r(
    "Registry citizen_id is not a 12-digit number (12 digits vaxrec's tables do not know are kept: REGISTRY_ID_UNCHECKED)",
    'Số định danh trong CSDL dân cư không phải số 12 chữ số (12 chữ số không có trong bảng của vaxrec vẫn được giữ: REGISTRY_ID_UNCHECKED)',
  ),

  // Identity numbers (normalize/ids).
  ID_MISSING: m('No CCCD/CMND number', 'Không có số CCCD/CMND', 'a'),
  ID_BAD_FORMAT: m('ID is not a 12-digit CCCD or a 9-digit CMND', 'Số CCCD/CMND sai định dạng', 'b'),
  ID_SCIENTIFIC_NOTATION: m(
    'ID was turned into a number like 1.23457E+11 by Excel: the digits are lost',
    'Số CCCD bị Excel chuyển thành dạng số mũ, không khôi phục được',
    'b',
  ),
  ID_BAD_PROVINCE: m('12-digit ID has an unknown province code', 'Mã tỉnh trong số CCCD không tồn tại', 'b'),
  ID_BAD_CENTURY: m('12-digit ID decodes to a birth year in the future', 'Mã thế kỷ trong số CCCD không hợp lệ', 'b'),
  ID_LEADING_ZERO_RESTORED: m('Leading zero lost (Excel) and restored', 'Số CCCD/CMND bị mất số 0 đầu, đã khôi phục'),
  ID_LOOKALIKE_REPAIRED: m(
    'A letter typed for a look-alike digit (O for 0, I or l for 1) and repaired',
    'Số CCCD/CMND có chữ cái gõ nhầm thay cho chữ số (O thay 0, I/l thay 1), đã sửa',
  ),
  ID_PASSPORT: i(
    'Passport number: foreign national, not checked against the registry',
    'Số hộ chiếu: người nước ngoài, không đối chiếu CSDL dân cư',
  ),
  ID_GENDER_CONFLICT: m(
    'Gender decoded from the 12-digit ID disagrees with the declared gender',
    'Giới tính theo số CCCD khác giới tính khai báo',
    'c',
  ),
  ID_BIRTH_YEAR_CONFLICT: m(
    'Birth year decoded from the 12-digit ID disagrees with the declared birth date',
    'Năm sinh theo số CCCD khác ngày sinh khai báo',
    'c',
  ),
  ID_FLOAT_REPAIRED: m(
    'ID was stored as a decimal number (001090054321.0): the ".0" was dropped',
    'Số CCCD/CMND bị lưu dạng số thập phân (đuôi ".0"), đã bỏ phần thập phân',
  ),
  ID_LABEL_REMOVED: m(
    'ID cell held a label before the number ("CCCD: ...", "CMND ..."): the label was removed',
    'Ô số CCCD/CMND có kèm nhãn ("CCCD:", "CMND"...), đã bỏ nhãn',
  ),

  // Names (normalize/names, normalize/legacy).
  NAME_ENCODING_REPAIRED: i(
    'Name was typed in a legacy encoding (TCVN3, VNI, VIQR or mis-decoded UTF-8) and was repaired',
    'Họ tên gõ bằng bảng mã cũ, đã chuyển sang Unicode',
  ),
  NAME_KEYSTROKES_DECODED: i(
    'Name was typed as Telex or VNI keystrokes with the input method off ("Nguyeenx Thij Lan", "Tra62n Va8n") and was decoded',
    'Họ tên được gõ bằng phím Telex hoặc VNI khi chưa bật bộ gõ ("Nguyeenx Thij Lan", "Tra62n Va8n"), đã chuyển sang tiếng Việt có dấu',
  ),
  NAME_INVALID_CHARS: m('Name contains characters that are not letters', 'Họ tên chứa ký tự không phải chữ'),
  NAME_SINGLE_WORD: m('Name has a single word', 'Họ tên chỉ có một từ'),
  NAME_NOTE_REMOVED: m(
    'A title (Bà, Ông, Cháu...) or a note ("(con)", "- GV") was removed from the name',
    'Họ tên có kèm danh xưng (Bà, Ông, Cháu...) hoặc ghi chú ("(con)", "- GV"), đã bỏ',
  ),

  // Dates (normalize/dates).
  BIRTH_DATE_MISSING: m('Birth date is empty', 'Thiếu ngày sinh'),
  BIRTH_DATE_INVALID: m('Birth date cannot be read as a date', 'Ngày sinh không hợp lệ'),
  BIRTH_DATE_FUTURE: m('Birth date is in the future', 'Ngày sinh ở tương lai'),
  BIRTH_DATE_TOO_OLD: m(
    'Birth date gives an age over 120 today, or over 110 at the dose date',
    'Ngày sinh cho tuổi trên 120 hiện nay, hoặc trên 110 vào ngày tiêm',
  ),
  BIRTH_DATE_YEAR_ONLY: m('Birth date holds the year only (or a 01/01, 00/00 placeholder)', 'Ngày sinh chỉ có năm'),
  BIRTH_DATE_EXCEL_SERIAL: m('Birth date was an Excel serial number and was converted', 'Ngày sinh là số seri Excel, đã chuyển đổi'),
  BIRTH_DATE_MONTH_FIRST: i(
    'Birth date written month first (US Excel order); read as month/day/year',
    'Ngày sinh viết theo thứ tự tháng/ngày, đã đọc lại',
  ),
  BIRTH_DATE_TWO_DIGIT_YEAR: m('Birth date had a two-digit year; century resolved', 'Ngày sinh có năm 2 chữ số, đã xác định thế kỷ'),
  DOSE_DATE_BEFORE_CAMPAIGN: m(
    'Dose date is before the campaign began (2021-03-08)',
    'Ngày tiêm trước khi bắt đầu chiến dịch (08/03/2021)',
  ),
  DOSE_DATE_MONTH_FIRST: i(
    'Dose date written month first (US Excel order); read as month/day/year',
    'Ngày tiêm viết theo thứ tự tháng/ngày, đã đọc lại',
  ),
  DOSE_DATE_FUTURE: m('Dose date is in the future', 'Ngày tiêm ở tương lai'),
  DOSE_DATE_BEFORE_BIRTH: m('Dose date is before the birth date', 'Ngày tiêm trước ngày sinh'),
  DATE_MONTH_FIRST: i(
    "Day and month are both 12 or less; read month-first like the rest of this file's column",
    'Ngày và tháng đều không quá 12; đã đọc theo thứ tự tháng/ngày như các dòng khác của cột này trong tệp',
  ),
  BIRTH_DATE_CENTURY_AMBIGUOUS: m(
    "Two-digit birth year fits two centuries and the ID's birth year differs (a relative's ID?): the most recent century was used",
    'Năm sinh 2 chữ số phù hợp với hai thế kỷ và khác năm sinh theo số CCCD (số của người thân?): đã chọn thế kỷ gần nhất',
  ),

  // Other fields.
  GENDER_MISSING: m('Gender is empty', 'Thiếu giới tính'),
  GENDER_INVALID: m('Gender is not a known value', 'Giới tính không hợp lệ'),
  PHONE_INVALID: m('Phone number is not a valid Vietnamese number', 'Số điện thoại không hợp lệ'),
  PHONE_PREFIX_CONVERTED: m('Old 11-digit mobile number converted to 10 digits (2018 change)', 'Số điện thoại 11 số đã chuyển sang 10 số'),
  VACCINE_UNKNOWN: m('Vaccine product not recognised', 'Không nhận dạng được tên vắc xin'),
  DOSE_NUMBER_INVALID: m('Dose number is not a number from 1 to 10', 'Mũi tiêm không hợp lệ'),

  // Communes read as today's units (normalize/communes, --admin-units 2025): never placed in a guessed commune.
  COMMUNE_SPLIT: i(
    "The record's old commune was divided between several of today's communes (2025): placed in its province, candidates listed",
    'Xã/phường cũ của bản ghi đã được chia cho nhiều xã/phường mới (2025): chỉ xác định được tỉnh, liệt kê các xã/phường có thể',
  ),
  COMMUNE_ABOLISHED: i(
    'The commune code was abolished in a merger before 2025 and its successor is not known: placed in its province, candidates listed',
    'Mã xã/phường đã bị bãi bỏ do sáp nhập trước năm 2025, không rõ đơn vị kế thừa: chỉ xác định được tỉnh, liệt kê các xã/phường có thể',
  ),
  COMMUNE_SUCCESSOR: i(
    'The commune code was abolished before 2025: read as its likely successor (same name in the same district; not official)',
    'Mã xã/phường đã bị bãi bỏ trước năm 2025: được hiểu là đơn vị kế thừa có khả năng nhất (cùng tên, cùng huyện; không chính thức)',
  ),
  COMMUNE_UNKNOWN: m(
    'The commune code is neither a code of 2021–2025 nor one of today (1 July 2025)',
    'Mã xã/phường không thuộc danh mục 2021–2025 cũng không thuộc danh mục hiện hành (01/07/2025)',
  ),

  // Linkage (link/).
  ID_NOT_IN_REGISTRY: m('ID not found in the registry', 'Số CCCD/CMND không có trong CSDL dân cư', 'c'),
  ID_CORRECTED: m(
    'ID belongs to someone else or is mistyped: the right person was found (suggested ID in fix)',
    'Số CCCD/CMND sai, đã tìm được người đúng (số đề xuất)',
    'c',
  ),
  REGISTRY_ID_UNCHECKED: m(
    "Registry citizen_id has 12 digits that fail vaxrec's checks (a province code or century digit missing from its tables): kept, since the registry is the authority, and found by exact ID",
    'Số định danh trong CSDL dân cư có 12 chữ số nhưng không qua kiểm tra của vaxrec (mã tỉnh hoặc mã thế kỷ không có trong bảng): vẫn giữ vì CSDL dân cư là nguồn chuẩn, và vẫn được tìm theo số chính xác',
  ),
  ID_LOOKALIKE_OWNER: m(
    "ID belongs to a registry person with the same birth date and a near-identical name (a twin or namesake), but the record's name, commune or phone fit another one: linked to that person when commune and phone both say so, else review",
    'Số CCCD/CMND thuộc về người cùng ngày sinh, họ tên gần như trùng (anh chị em sinh đôi, người trùng tên), nhưng họ tên, mã xã hoặc số điện thoại của bản ghi khớp với người khác: gắn với người đó khi cả mã xã và số điện thoại đều khớp, nếu không thì cần xác minh',
    'c',
  ),
  ID_OWNER_MISMATCH: m(
    'ID exists in the registry but its owner has a different name and birth date',
    'Số CCCD/CMND thuộc về người khác (khác họ tên và ngày sinh)',
    'c',
  ),
  NAME_DIFFERS: m('Name differs from the registry (registry spelling in registry_value)', 'Họ tên khác CSDL dân cư', 'c'),
  BIRTH_DATE_DIFFERS: m('Birth date differs from the registry', 'Ngày sinh khác CSDL dân cư', 'c'),
  GENDER_DIFFERS: m('Gender differs from the registry', 'Giới tính khác CSDL dân cư', 'c'),
  LINK_AMBIGUOUS: m('Several registry people fit: needs review (candidates listed)', 'Nhiều người phù hợp, cần xác minh'),
  LINK_NOT_FOUND: m('No registry person found for this record', 'Không tìm thấy người trong CSDL dân cư'),

  // Dose history (dedupe/).
  DOSE_NUMBER_SEQUENCE: m("Dose number disagrees with the order of this person's doses", 'Số mũi không khớp thứ tự các mũi đã tiêm'),
  DOSE_INTERVAL_TOO_SHORT: m(
    "Two doses closer than the product's minimum interval were kept apart by evidence",
    'Hai mũi cách nhau ít hơn khoảng cách tối thiểu',
  ),
  DOSE_POSSIBLE_DUPLICATE: m(
    'Possibly the same dose entered twice (lot or dose number disagree): kept, for review; fix names the record it may duplicate',
    'Có thể là cùng một mũi nhập hai lần (số lô hoặc số mũi khác nhau): giữ lại, cần xác minh; cột fix ghi bản ghi có thể trùng',
  ),
  DOSE_COUNT_EXCESSIVE: m('More doses than any schedule allows', 'Số mũi vượt quá mọi phác đồ'),

  // Decisions about a whole file (ingest/: the file's header and first rows); `validate` lists them, reconcile logs them.
  COLUMN_NOT_READ: f(
    'A column whose header looks like a known field is none of its accepted headers: its data is only passed through',
    'Cột có tiêu đề giống một trường đã biết nhưng không phải tên được chấp nhận: dữ liệu chỉ được giữ nguyên, không đọc',
  ),
  DATE_COLUMN_MONTH_FIRST: f(
    "A date column is read month-first (US Excel order): its sampled values can only be month-first, or the other date column's",
    'Cột ngày được đọc theo thứ tự tháng/ngày (kiểu Excel Mỹ): các giá trị mẫu chỉ có thể là tháng trước, hoặc cột ngày kia như vậy',
  ),
  DATE_COLUMN_ORDER_CONFLICT: f(
    'A date column holds both day-first and month-first values: read day-first, so its ambiguous values may be misread',
    'Cột ngày có cả giá trị ngày/tháng và tháng/ngày: đã đọc theo ngày/tháng, các giá trị không phân biệt được có thể bị đọc sai',
    'warning',
  ),
  GENDER_CODES_LEARNED: f(
    'The gender column holds digit codes (1/0, 1/2...): their meaning was learned from the 12-digit IDs',
    'Cột giới tính dùng mã số (1/0, 1/2...): nghĩa của mã được suy ra từ số CCCD 12 số',
  ),
  GENDER_CODES_REFUSED: f(
    'The gender column holds digit codes the 12-digit IDs do not confirm (two codings, or one gender only): not read (GENDER_INVALID)',
    'Cột giới tính dùng mã số nhưng số CCCD không xác nhận được nghĩa (hai cách mã hóa, hoặc chỉ một giới): không đọc (GENDER_INVALID)',
  ),
} as const satisfies Record<string, CodeInfo>;

export type ProblemCode = keyof typeof CODES;

export function codeInfo(code: string): CodeInfo | undefined {
  return (CODES as Record<string, CodeInfo>)[code];
}

/**
 * The one Ministry category of a record, from all its problem codes. The categories are about the ID and
 * exclusive: (a) no ID at all, else (b) an ID in the wrong format, else (c) an ID whose number, name,
 * birth date or gender is wrong; '' when none applies.
 */
export function mohCategoryOf(codes: Iterable<string>): MohCategory {
  let best: MohCategory = '';
  for (const code of codes) {
    const c = codeInfo(code)?.moh ?? '';
    if (c !== '' && (best === '' || c < best)) best = c;
  }
  return best;
}

/** Codes of input errors: a whole file cannot be used (exit 2, nothing written). */
export const INPUT_ERROR_CODES: Record<string, string> = {
  FILE_UNREADABLE: 'The file does not exist or cannot be read',
  FILE_EMPTY: 'The file is empty or has no header row',
  FILE_ENCODING: 'The file holds bytes that are not valid in its encoding (save it as UTF-8)',
  HEADER_INVALID: 'The header row cannot be read (binary data, broken quotes)',
  HEADER_DUPLICATE: 'Two columns map to the same field',
  COLUMN_MISSING: 'A required column is missing (the message names it and its accepted headers)',
  WORKBOOK_INVALID: 'An .xlsx file is not a readable workbook (not a zip archive, damaged, or without a worksheet)',
  WORKBOOK_ENCRYPTED: 'An .xlsx file is password-protected (encrypted): save a copy without a password',
  REGISTRY_CORRUPT: 'The --registry database is not a vaxrec registry (or is damaged)',
  REGISTRY_SCHEMA: 'The --registry database was made by another version of vaxrec: import it again',
  REPORTED_FACILITY_MISSING: '--reported: a row has no facility code',
  REPORTED_DATE_INVALID: '--reported: a date cannot be read',
  REPORTED_COUNT_INVALID: '--reported: a count is not a whole number',
  REPORTED_DUPLICATE: '--reported: the same facility and day appear twice',
};
