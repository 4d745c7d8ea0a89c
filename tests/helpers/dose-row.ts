// A well-formed dose row and the normalisers' context the unit tests read it with (today pinned).

import type { NormalizeContext } from '../../src/normalize/dose.js';
import type { DoseField } from '../../src/types.js';

export const TEST_CONTEXT: NormalizeContext = {
  dateOptions: { today: '2022-08-05', maxAgeYears: 120, date1904: false, campaignStart: '2021-03-08' },
  nameEncoding: null,
};

export const GOOD_DOSE: Readonly<Record<DoseField, string>> = {
  record_id: 'HN-000123',
  full_name: 'Nguyễn Thị Thủy',
  birth_date: '15/03/1985',
  gender: 'Nữ',
  citizen_id: '001185012345',
  phone: '0912345678',
  commune_code: '00001',
  facility_code: 'HN-BD-01',
  vaccine: 'AstraZeneca',
  lot_number: 'abv 5811',
  dose_number: 'Mũi 1',
  dose_date: '20/07/2021',
};
