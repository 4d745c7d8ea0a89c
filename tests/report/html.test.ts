import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtmlReport } from '../../src/report/html.js';
import { buildSummary } from '../../src/report/outputs.js';
import { HOSTILE, htmlRun } from './html-fixture.js';
import { makeOptions, makeRun } from './run-fixture.js';

const cfg = { linkThreshold: 0.99, reviewThreshold: 0.5 };

describe('renderHtmlReport', () => {
  const { run, summary } = htmlRun();
  const html = renderHtmlReport(run, summary, cfg);

  it('is one self-contained page: no script, no external URL, a CSP that forbids fetching', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).toContain(`content="default-src 'none'`);
    // Only the SVG namespace URL appears.
    expect(html.match(/https?:\/\/[^"\s]+/g)!.every((u) => u === 'http://www.w3.org/2000/svg')).toBe(true);
  });

  it('escapes every data value: names and explanations never become markup', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain(escapeHtml(HOSTILE));
  });

  it('draws the charts from the data', () => {
    for (const id of ['chart-accounting', 'chart-link-status', 'chart-moh', 'chart-scores']) expect(html).toContain(`<svg id="${id}"`);
    expect(html).toContain(`${summary.counts.link_status.review} (`);
    expect(html).toMatch(/review ≥ 0\.5/);
    expect(html).toMatch(/link ≥ 0\.99/);
    expect(html).toContain('every row accounted for');
  });

  it('lists the worst facilities and explains review cases field by field', () => {
    expect(html).toContain('id="worst-mismatch"');
    expect(html).toContain('id="worst-duplicate"');
    expect((html.match(/<article class="case">/g) ?? []).length).toBe(Math.min(20, summary.counts.link_status.review!));
    expect(summary.counts.link_status.review).toBeGreaterThan(0);
    expect(html).toContain('gender: different');
    expect(html).toContain('-4.10');
    expect(html).toContain('Nguyễn Văn An');
  });

  it('is deterministic', () => {
    expect(renderHtmlReport(run, summary, cfg)).toBe(html);
  });

  it('renders an empty run and shows the gap totals when given', () => {
    const empty = makeRun([]);
    const s = buildSummary(empty, makeOptions(), {}, { a: 0, b: 0, c: 0 });
    const page = renderHtmlReport(empty, s, {
      ...cfg,
      gap: { reported: 251_700_000, entered: 234_900_000, distinct: 230_000_000, gap: 16_800_000 },
    });
    expect(page).toContain('No distinct dose needs review.');
    expect(page).toContain('16,800,000');
    expect(page).not.toContain('NaN');
  });
});

describe('escapeHtml', () => {
  it.each([
    ['a<b>&"c\'', 'a&lt;b&gt;&amp;&quot;c&#39;'],
    ['Nguyễn', 'Nguyễn'],
    [3, '3'],
  ])('%j -> %j', (input, expected) => expect(escapeHtml(input)).toBe(expected));
});
