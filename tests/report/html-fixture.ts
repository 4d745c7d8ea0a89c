// A run with every section of report.html populated, including hostile text in names and explanations.

import type { RunResult } from '../../src/pipeline.js';
import { buildSummary } from '../../src/report/outputs.js';
import type { Citizen, ScoredCandidate } from '../../src/types.js';
import { countIssues, makeOptions, makeRun, nameKeys, type RecordSpec } from './run-fixture.js';

export const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>';

const citizens: Citizen[] = [
  {
    citizenId: '001080000001',
    oldId: '',
    name: nameKeys('Nguyễn Văn An'),
    birth: { iso: '1980-05-17', year: 1980, month: 5, day: 17, precision: 'day', swapped: null },
    gender: 'M',
    commune: 'C1',
    communeKey: 'C1',
    phone: '',
  },
  {
    citizenId: '001080000002',
    oldId: '',
    name: nameKeys(`Trần Thị ${HOSTILE}`),
    birth: { iso: '1980-05-18', year: 1980, month: 5, day: 18, precision: 'day', swapped: null },
    gender: 'F',
    commune: 'C1',
    communeKey: 'C1',
    phone: '',
  },
];

const candidate = (citizenIndex: number, probability: number): ScoredCandidate => ({
  citizenIndex,
  citizenId: citizens[citizenIndex]!.citizenId,
  rule: 'name+birth_year',
  comparisons: [
    { field: 'name', level: 'jaro_winkler>=0.95', weight: 9.2 },
    { field: 'birth_date', level: 'day_month_swapped', weight: 2.5 },
    { field: 'gender', level: 'different', weight: -4.1 },
    { field: 'commune', level: 'exact', weight: 3.3 },
  ],
  totalWeight: -18 + 9.2 + 2.5 - 4.1 + 3.3,
  probability,
});

export function htmlRun(): { run: RunResult; summary: ReturnType<typeof buildSummary> } {
  const records: RecordSpec[] = [];
  const statuses = ['verified', 'verified', 'verified', 'verified_with_discrepancy', 'corrected', 'review', 'unmatched'] as const;
  for (let i = 0; i < 140; i++) {
    const status = statuses[i % statuses.length]!;
    records.push({
      facility: `F${i % 7}`,
      date: `2021-08-0${1 + (i % 3)}`,
      status,
      score: status === 'unmatched' ? (i % 2 ? 0 : 0.2) : status === 'review' ? 0.6 + (i % 30) / 100 : 0.991 + (i % 9) / 1000,
      codes: i % 5 === 0 ? ['ID_MISSING'] : i % 11 === 0 ? ['ID_BAD_FORMAT'] : [],
      linkCodes: status === 'review' ? ['LINK_AMBIGUOUS'] : [],
      name: i === 5 ? HOSTILE : 'Lê Thị Hòa',
      candidates: status === 'review' ? [candidate(0, 0.62), candidate(1, 0.3)] : [],
      explanation: status === 'review' ? `rule=name+birth_year name=jw ${HOSTILE}` : '',
      dupOf: i % 13 === 12 ? i - 1 : undefined,
    });
  }
  const run = makeRun(records, [{ reason: 'NAME_MISSING' }, { reason: 'ROW_FIELD_COUNT' }], citizens);
  const { issues, moh } = countIssues(run);
  return { run, summary: buildSummary(run, makeOptions(), issues, moh) };
}
