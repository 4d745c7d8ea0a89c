// The README documents every stable code: the tables between the markers are generated from src/codes.ts.
// UPDATE_GOLDEN=1 npm test rewrites them on purpose.

import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CODES, INPUT_ERROR_CODES, SEVERITIES, type CodeInfo } from '../../src/codes.js';
import { ANALYST_DUPLICATE, DUPLICATE_RULES } from '../../src/dedupe/index.js';
import { RECORD_VERSION_RULES } from '../../src/ingest/record-identity.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

function codesMarkdown(): string {
  const rows = (dest: string) =>
    Object.entries(CODES as Record<string, CodeInfo>)
      .filter(([, c]) => c.dest === dest)
      .map(([code, c]) => `| \`${code}\` | ${c.severity} |${dest === 'note' ? '' : ` ${c.moh || ''} |`} ${c.en} | ${c.vi} |`)
      .join('\n');
  return [
    '`severity` is how `vaxrec validate` counts the code: **error** (the row would be rejected, or the file cannot be used), ' +
      '**warning** (a value reconcile repairs or flags), **info** (a decision about the whole file, or a fact with nothing to fix).',
    '',
    'Rows that cannot be used at all (**rejects.csv**, `reason`):',
    '',
    '| code | severity | category | meaning | Vietnamese |',
    '|---|---|---|---|---|',
    rows('reject'),
    '',
    'Problems in kept records (**mismatches.csv**, `issue`; `category` is the Ministry of Health cleaning category, and each record counts in one category: the first of a, b, c that applies):',
    '',
    '| code | severity | category | meaning | Vietnamese |',
    '|---|---|---|---|---|',
    rows('mismatch'),
    '',
    'Decisions about a whole file, one per file and column (`validate` lists them at the header line; `reconcile` and `registry import` log them):',
    '',
    '| code | severity | meaning | Vietnamese |',
    '|---|---|---|---|',
    rows('note'),
    '',
    `Duplicate rules (**duplicates.csv**, \`rule\`): ${DUPLICATE_RULES.map((r) => `\`${r}\``).join(', ')}; and ` +
      `\`${ANALYST_DUPLICATE}\`, an analyst's review decision \`duplicate_of\` (in summary.json's \`byRule\` once used).`,
    '',
    'Record versions (**duplicates.csv**, `rule`, with `kept_record_id` = `record_id`): ' +
      Object.entries(RECORD_VERSION_RULES)
        .map(([r, meaning]) => `\`${r}\` (${meaning})`)
        .join('; ') +
      '.',
    '',
    'Input errors (severity error; exit 2, printed as `file:line (column): message`; nothing is written):',
    '',
    '| code | meaning |',
    '|---|---|',
    ...Object.entries(INPUT_ERROR_CODES).map(([code, en]) => `| \`${code}\` | ${en} |`),
  ].join('\n');
}

describe('codes.ts', () => {
  it('gives every code a severity, and errors are exactly the rejects', () => {
    for (const [code, c] of Object.entries(CODES as Record<string, CodeInfo>)) {
      expect(SEVERITIES, code).toContain(c.severity);
      expect(c.severity === 'error', code).toBe(c.dest === 'reject');
    }
  });
});

describe('README', () => {
  it('shows each code with its severity', () => {
    const text = readFileSync(README, 'utf8');
    const entries = Object.entries(CODES as Record<string, CodeInfo>);
    expect(new Set(entries.map(([, c]) => c.severity))).toEqual(new Set(SEVERITIES));
    for (const [code, c] of entries) expect(text, code).toContain(`| \`${code}\` | ${c.severity} |`);
  });

  it('lists every problem code, duplicate rule and input error code', () => {
    const text = readFileSync(README, 'utf8');
    const start = text.indexOf('<!-- codes:start -->\n');
    const end = text.indexOf('<!-- codes:end -->');
    expect(start).toBeGreaterThan(0);
    const current = text.slice(start + '<!-- codes:start -->\n'.length, end);
    const expected = `${codesMarkdown()}\n`;
    if (process.env.UPDATE_GOLDEN === '1' && current !== expected) {
      writeFileSync(README, `${text.slice(0, start)}<!-- codes:start -->\n${expected}${text.slice(end)}`);
      return;
    }
    expect(current).toBe(expected);
  });
});
