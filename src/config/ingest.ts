// Ingest settings and the column mapping: canonical field -> accepted header aliases.
// Headers are compared after folding (lower case, no diacritics, no spaces/punctuation): see ingest/headers.ts.

import type { DoseField, RegistryField } from '../types.js';

export const ingestConfig = {
  /** Largest accepted cell, in characters. Longer cells make the row a reject (ROW_FIELD_TOO_LONG). */
  maxFieldChars: 4096,
  /** Read chunk size: 1 MiB chunks read 2.5x faster than the 64 KiB default (shared/PERF-LIMITS.md a). */
  readChunkBytes: 1 << 20,
};

/** Vietnamese platform headers from the export of the national vaccination platform (issue 2). */
export const DOSE_COLUMN_ALIASES: Record<DoseField, string[]> = {
  record_id: ['record_id', 'Mã bản ghi', 'id'],
  full_name: ['full_name', 'Họ và tên', 'Họ tên', 'name'],
  birth_date: ['birth_date', 'Ngày sinh', 'dob', 'date_of_birth'],
  gender: ['gender', 'Giới tính', 'sex'],
  citizen_id: ['citizen_id', 'Số CCCD/CMND', 'CCCD', 'CMND', 'Số CCCD', 'Số định danh'],
  phone: ['phone', 'Số điện thoại', 'SĐT', 'phone_number'],
  commune_code: ['commune_code', 'Mã xã', 'ward_code'],
  facility_code: ['facility_code', 'Mã cơ sở tiêm', 'facility'],
  vaccine: ['vaccine', 'Tên vắc xin', 'Vắc xin', 'vaccine_name'],
  lot_number: ['lot_number', 'Số lô', 'lot'],
  dose_number: ['dose_number', 'Mũi tiêm', 'Mũi', 'dose'],
  dose_date: ['dose_date', 'Ngày tiêm', 'vaccination_date'],
};

export const REGISTRY_COLUMN_ALIASES: Record<RegistryField, string[]> = {
  citizen_id: ['citizen_id', 'Số định danh', 'Số CCCD', 'CCCD'],
  old_id: ['old_id', 'Số CMND cũ', 'CMND', 'cmnd'],
  full_name: ['full_name', 'Họ và tên', 'Họ tên'],
  birth_date: ['birth_date', 'Ngày sinh'],
  gender: ['gender', 'Giới tính'],
  commune_code: ['commune_code', 'Mã xã', 'ward_code'],
  phone: ['phone', 'Số điện thoại'],
};

/** Vietnamese output headers for --lang vi (platform names). */
export const VI_HEADERS: Record<string, string> = {
  record_id: 'Mã bản ghi', full_name: 'Họ và tên', birth_date: 'Ngày sinh', gender: 'Giới tính',
  citizen_id: 'Số CCCD/CMND', phone: 'Số điện thoại', commune_code: 'Mã xã', facility_code: 'Mã cơ sở tiêm',
  vaccine: 'Tên vắc xin', lot_number: 'Số lô', dose_number: 'Mũi tiêm', dose_date: 'Ngày tiêm',
};
