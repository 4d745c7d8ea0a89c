// Ingest settings and the column mapping: canonical field -> accepted header aliases.
// Headers are compared after folding (lower case, no diacritics, no spaces/punctuation): see ingest/headers.ts.

import type { DoseField, RegistryField } from '../types.js';

export const ingestConfig = {
  /** Largest accepted cell, in characters. Longer cells make the row a reject (ROW_FIELD_TOO_LONG). */
  maxFieldChars: 4096,
  /** Read chunk size: 1 MiB chunks read 2.5x faster than the 64 KiB default (PERF-LIMITS.md a). */
  readChunkBytes: 1 << 20,
  /**
   * Workbook rows handed on together: a batch per row would cost a promise hop per row and per generator layer, as
   * it did for CSV (see readCsvBatches); 1,000 rows of a dose sheet are ~200 KB, small beside the reader's own buffers.
   */
  workbookBatchRows: 1000,
};

/**
 * Vietnamese platform headers from the export of the national vaccination platform (issue 2), and the variants
 * facilities type in their own sheets ("CMND/CCCD", "Điện thoại", "Lô vắc xin", "Mũi số"...): a header that matches
 * nothing is passed through unread, so a missed variant silently loses that field. An alias must name one field
 * only: no bare "Mã" (which code?), no "ĐT" (điện thoại or dân tộc?), no "STT" (a row number, not a record ID).
 */
export const DOSE_COLUMN_ALIASES: Record<DoseField, string[]> = {
  record_id: ['record_id', 'Mã bản ghi', 'id'],
  full_name: ['full_name', 'Họ và tên', 'Họ tên', 'name'],
  birth_date: ['birth_date', 'Ngày sinh', 'Ngày tháng năm sinh', 'dob', 'date_of_birth'],
  gender: ['gender', 'Giới tính', 'sex'],
  citizen_id: [
    'citizen_id',
    'Số CCCD/CMND',
    'Số CMND/CCCD',
    'CCCD/CMND',
    'CMND/CCCD',
    'CCCD',
    'CMND',
    'Số CCCD',
    'Số CMND',
    'Số CMT',
    'CMT',
    'Số căn cước',
    'Số căn cước công dân',
    'Căn cước công dân',
    'Số định danh',
    'Số định danh cá nhân',
    'Mã định danh',
    'Số CMND/CCCD/Hộ chiếu',
    'Số CCCD/CMND/Hộ chiếu',
    'CMND/CCCD/Hộ chiếu',
    'CCCD/CMND/Hộ chiếu',
    'Số giấy tờ tùy thân',
    'id_number',
  ],
  phone: ['phone', 'Số điện thoại', 'Điện thoại', 'SĐT', 'Số ĐT', 'Điện thoại di động', 'Số di động', 'phone_number', 'mobile'],
  commune_code: ['commune_code', 'Mã xã', 'Mã xã/phường', 'Mã phường/xã', 'ward_code'],
  facility_code: [
    'facility_code',
    'Mã cơ sở tiêm',
    'Mã cơ sở',
    'Mã cơ sở tiêm chủng',
    'Cơ sở tiêm',
    'Cơ sở tiêm chủng',
    'Mã CSTC',
    'facility',
  ],
  vaccine: ['vaccine', 'Tên vắc xin', 'Vắc xin', 'Loại vắc xin', 'Tên vaccine', 'Loại vaccine', 'vaccine_name'],
  lot_number: ['lot_number', 'Số lô', 'Lô', 'Lô vắc xin', 'Số lô vắc xin', 'Lô vaccine', 'lot', 'lot_no', 'batch'],
  dose_number: [
    'dose_number',
    'Mũi tiêm',
    'Mũi',
    'Mũi số',
    'Số mũi',
    'Mũi thứ',
    'Mũi tiêm thứ',
    'Mũi tiêm số',
    'Lần tiêm',
    'Lần tiêm thứ',
    'dose',
  ],
  dose_date: ['dose_date', 'Ngày tiêm', 'Ngày tiêm chủng', 'vaccination_date'],
};

export const REGISTRY_COLUMN_ALIASES: Record<RegistryField, string[]> = {
  citizen_id: [
    'citizen_id',
    'Số định danh',
    'Số định danh cá nhân',
    'Mã định danh',
    'Số CCCD',
    'CCCD',
    'Số căn cước',
    'Số căn cước công dân',
    'Căn cước công dân',
  ],
  // The registry keeps the former number beside the CCCD, so CMND/CMT headers name the old ID here.
  old_id: ['old_id', 'Số CMND cũ', 'CMND cũ', 'CMND', 'Số CMND', 'Số CMT', 'CMT', 'cmnd'],
  full_name: ['full_name', 'Họ và tên', 'Họ tên'],
  birth_date: ['birth_date', 'Ngày sinh', 'Ngày tháng năm sinh'],
  gender: ['gender', 'Giới tính'],
  commune_code: ['commune_code', 'Mã xã', 'Mã xã/phường', 'Mã phường/xã', 'ward_code'],
  phone: ['phone', 'Số điện thoại', 'Điện thoại', 'SĐT', 'Số ĐT', 'Điện thoại di động', 'Số di động'],
};

/**
 * Words that betray a known field in a header that is none of its accepted names ("Số CMND cũ", "ĐT liên hệ",
 * "Lô 2", "Ngày tiêm mũi 2"): such a column is still passed through, but the file info lists it as suspicious so
 * the run can warn. Written folded (see ingest/headers.ts); a hint of 4 or more letters also matches inside a
 * word ("sodienthoai"), a shorter one only as a whole word ("lo" is not in "loai"). Checked in this order, the
 * first hit names the field ("Lô vắc xin mũi 2" is a lot, "Ngày tiêm mũi 2" a date); only the fields the file kind
 * has are checked.
 */
export const COLUMN_HINTS: Partial<Record<DoseField | RegistryField, string[]>> = {
  dose_date: ['ngay tiem', 'dose date', 'vaccination date'],
  birth_date: ['ngay sinh', 'nam sinh', 'birth', 'dob'],
  old_id: ['cmnd cu', 'cmt cu', 'old id'],
  citizen_id: ['cccd', 'cmnd', 'cmt', 'can cuoc', 'dinh danh', 'ho chieu', 'passport'],
  phone: ['dien thoai', 'sdt', 'di dong', 'phone', 'mobile'],
  lot_number: ['lo', 'lot', 'batch'],
  vaccine: ['vac xin', 'vaccine'],
  dose_number: ['mui', 'lan tiem', 'dose'],
  facility_code: ['co so tiem', 'facility'],
  full_name: ['ho ten', 'ho va ten'],
  gender: ['gioi tinh'],
};

/** Vietnamese output headers for --lang vi (platform names). */
export const VI_HEADERS: Record<string, string> = {
  record_id: 'Mã bản ghi',
  full_name: 'Họ và tên',
  birth_date: 'Ngày sinh',
  gender: 'Giới tính',
  citizen_id: 'Số CCCD/CMND',
  phone: 'Số điện thoại',
  commune_code: 'Mã xã',
  facility_code: 'Mã cơ sở tiêm',
  vaccine: 'Tên vắc xin',
  lot_number: 'Số lô',
  dose_number: 'Mũi tiêm',
  dose_date: 'Ngày tiêm',
};
