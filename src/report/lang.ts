// Output languages: the column headers of every CSV and the descriptions of codes and statuses, in English or Vietnamese.

import { codeInfo } from '../codes.js';

export type Lang = 'en' | 'vi';
export const LANGS: readonly Lang[] = ['en', 'vi'];

/**
 * Vietnamese headers: the national vaccination platform's own names where it has one (the input
 * contract's columns, as in config/ingest VI_HEADERS), plain descriptive names elsewhere.
 */
const VI: Readonly<Record<string, string>> = {
  // Dose fields (the platform's export names).
  record_id: 'Mã bản ghi',
  full_name: 'Họ và tên',
  birth_date: 'Ngày sinh',
  gender: 'Giới tính',
  phone: 'Số điện thoại',
  commune_code: 'Mã xã',
  commune_code_2025: 'Mã xã (từ 01/07/2025)',
  province_code_2025: 'Mã tỉnh (từ 01/07/2025)',
  facility_code: 'Mã cơ sở tiêm',
  vaccine: 'Tên vắc xin',
  lot_number: 'Số lô',
  dose_number: 'Mũi tiêm',
  dose_date: 'Ngày tiêm',
  // clean_doses.csv
  citizen_id: 'Số định danh cá nhân',
  link_status: 'Trạng thái đối chiếu',
  match_score: 'Xác suất khớp',
  decided_by: 'Người quyết định',
  merged_record_ids: 'Mã bản ghi đã gộp',
  person_key: 'Mã nhóm người tiêm',
  id_as_entered: 'Số CCCD/CMND đã nhập',
  dose_seq: 'Thứ tự mũi',
  source_file: 'Tệp nguồn',
  line: 'Dòng',
  // duplicates.csv
  kept_record_id: 'Mã bản ghi được giữ',
  rule: 'Quy tắc trùng',
  detail: 'Chi tiết',
  // mismatches.csv
  issue: 'Mã lỗi',
  issue_description: 'Mô tả lỗi',
  moh_category: 'Nhóm làm sạch (CV 2262/BYT-CNTT)',
  field: 'Trường',
  record_value: 'Giá trị trong bản ghi',
  registry_value: 'Giá trị trong CSDL dân cư',
  candidate_citizen_id: 'Số định danh đề xuất',
  score: 'Điểm khớp',
  fix: 'Đề xuất sửa',
  // rejects.csv
  reason: 'Lý do loại',
  reason_description: 'Mô tả lý do',
  raw: 'Dòng gốc',
  // daily_report.csv
  date: 'Ngày',
  doses_entered: 'Số mũi đã nhập',
  distinct_doses: 'Số mũi sau khi loại trùng',
  duplicates_removed: 'Số bản ghi trùng đã loại',
  verified: 'Đã xác thực',
  verified_with_discrepancy: 'Đã xác thực, có sai lệch',
  corrected: 'Đã sửa số định danh',
  review: 'Cần xác minh',
  unmatched: 'Không tìm thấy trong CSDL dân cư',
  rejected: 'Bản ghi bị loại',
  moh_a_no_id: 'Nhóm a: không có số định danh',
  moh_b_wrong_format: 'Nhóm b: sai định dạng số định danh',
  moh_c_wrong_details: 'Nhóm c: sai thông tin',
  // gap_report.csv
  reported_doses: 'Số mũi báo cáo',
  gap: 'Chênh lệch (báo cáo - đã nhập)',
  gap_distinct: 'Chênh lệch (báo cáo - sau khi loại trùng)',
};

const STATUS: Readonly<Record<string, { en: string; vi: string }>> = {
  verified: { en: 'ID found, details agree', vi: 'Đã xác thực' },
  verified_with_discrepancy: { en: 'ID found, same person, some detail differs', vi: 'Đã xác thực, có sai lệch thông tin' },
  corrected: { en: 'ID missing or wrong; person found by their details', vi: 'Số định danh thiếu hoặc sai, đã tìm được người đúng' },
  review: { en: 'needs review', vi: 'Cần xác minh' },
  unmatched: { en: 'nobody in the registry fits', vi: 'Không tìm thấy trong CSDL dân cư' },
};

/** The header to write for `column`; columns not produced by vaxrec (pass-through input columns) keep their own name. */
export function headerFor(column: string, lang: Lang): string {
  if (lang === 'en') return column;
  return VI[column] ?? column;
}

export function headersFor(columns: readonly string[], lang: Lang): string[] {
  return columns.map((c) => headerFor(c, lang));
}

/** A problem or reject code's description; an unknown code is returned as is (codes are the stable part). */
export function describeCode(code: string, lang: Lang): string {
  return codeInfo(code)?.[lang] ?? code;
}

/** A link status's description (the status value itself stays in the CSV: it is the stable part). */
export function describeStatus(status: string, lang: Lang): string {
  return STATUS[status]?.[lang] ?? status;
}

/** Parse --lang; null when not a supported language (the caller raises the UsageError). */
export function parseLang(value: string): Lang | null {
  return (LANGS as readonly string[]).includes(value) ? (value as Lang) : null;
}
