// report.html: one self-contained page (inline CSS and hand-written SVG, no script, nothing fetched) with the run's figures for people.

import { codeInfo } from '../codes.js';
import type { RunResult } from '../pipeline.js';
import { LINK_STATUSES, type Citizen, type LinkDecision, type NormalizedDose, type ScoredCandidate } from '../types.js';
import { mohCategoryAt } from './daily.js';
import { communeSystemAt, resolveCommune, type AdminUnits } from '../normalize/communes.js';
import { byCountDesc, fmt } from './format.js';
import type { GapTotals } from './gap.js';
import type { ReviewQueueSummary } from '../store/review.js';
import type { buildSummary } from './outputs.js';

export interface HtmlReportConfig {
  linkThreshold: number;
  reviewThreshold: number;
  /** National totals of --reported, when given. */
  gap?: GapTotals;
  /** --admin-units 2025: distinct doses by today's province and commune. */
  units?: AdminUnits | null;
}

type Summary = ReturnType<typeof buildSummary>;

/** Review decisions shown with their field-by-field weights (the first ones in input order: deterministic). */
const REVIEW_SAMPLE = 20;
/** Facilities listed in each "worst" table. */
const WORST_FACILITIES = 10;
/**
 * A facility needs this many records to be ranked: with 2 records, 1 problem is a 50% rate that says
 * nothing. Below it everywhere (small runs), every facility is ranked.
 */
const MIN_FACILITY_RECORDS = 20;
/** Today's communes listed, most doses first (all 34 provinces are always listed). */
const TOP_COMMUNES = 20;
/** Histogram bins over (0, 1]: 0.02 wide, so the 0.99 link threshold falls inside the last bin, not on an edge. */
const SCORE_BINS = 50;

const STATUS_COLOR: Record<string, string> = {
  verified: '#2e7d32',
  verified_with_discrepancy: '#7cb342',
  corrected: '#1565c0',
  review: '#f9a825',
  unmatched: '#c62828',
};
const MOH_LABEL: Record<string, string> = {
  a: 'a: no ID',
  b: 'b: ID in the wrong format',
  c: 'c: ID present, details wrong',
};

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML content and quoted attributes (SVG text included). */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
const e = escapeHtml;

function pct(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(1)}%`;
}

/** Round SVG coordinates so the same data gives the same bytes. */
function r2(n: number): string {
  return String(Math.round(n * 100) / 100);
}

interface Bar {
  label: string;
  value: number;
  color: string;
}

/** A horizontal bar chart with a label and the count and share at each bar. */
function barChart(id: string, title: string, bars: readonly Bar[], whole?: number): string {
  const width = 760;
  const labelW = 230;
  const valueW = 150;
  const rowH = 30;
  const height = bars.length * rowH + 10;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const total = whole ?? bars.reduce((s, b) => s + b.value, 0);
  const plotW = width - labelW - valueW;
  const rows = bars.map((b, i) => {
    const y = 5 + i * rowH;
    const w = (plotW * b.value) / max;
    return (
      `<g class="bar"><text x="${labelW - 8}" y="${r2(y + rowH / 2 + 4)}" text-anchor="end">${e(b.label)}</text>` +
      `<rect x="${labelW}" y="${y + 4}" width="${r2(Math.max(w, b.value > 0 ? 1 : 0))}" height="${rowH - 8}" fill="${e(b.color)}"/>` +
      `<text x="${r2(labelW + w + 6)}" y="${r2(y + rowH / 2 + 4)}">${e(fmt(b.value))} (${e(pct(b.value, total))})</text></g>`
    );
  });
  return (
    `<svg id="${e(id)}" class="chart" role="img" aria-label="${e(title)}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${e(title)}</title>${rows.join('')}</svg>`
  );
}

/** One bar split into segments: the row accounting at a glance. */
function stackedBar(id: string, title: string, parts: readonly Bar[]): string {
  const width = 760;
  const total = parts.reduce((s, p) => s + p.value, 0);
  let x = 0;
  const segs: string[] = [];
  const legend: string[] = [];
  parts.forEach((p, i) => {
    const w = total === 0 ? 0 : (width * p.value) / total;
    segs.push(
      `<rect x="${r2(x)}" y="0" width="${r2(w)}" height="28" fill="${e(p.color)}"><title>${e(p.label)}: ${e(fmt(p.value))}</title></rect>`,
    );
    x += w;
    const lx = i * 250;
    legend.push(
      `<rect x="${lx}" y="40" width="12" height="12" fill="${e(p.color)}"/><text x="${lx + 18}" y="51">${e(p.label)}: ${e(fmt(p.value))} (${e(pct(p.value, total))})</text>`,
    );
  });
  return (
    `<svg id="${e(id)}" class="chart" role="img" aria-label="${e(title)}" viewBox="0 0 ${width} 60" width="100%" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${e(title)}</title>${segs.join('')}${legend.join('')}</svg>`
  );
}

/** Histogram of match probabilities on a log scale (scores pile up near 0 and 1), thresholds marked. */
function scoreHistogram(scores: readonly number[], cfg: HtmlReportConfig): string {
  const bins = new Array<number>(SCORE_BINS).fill(0);
  for (const s of scores) bins[Math.min(SCORE_BINS - 1, Math.max(0, Math.ceil(s * SCORE_BINS) - 1))]!++;
  const width = 760;
  const height = 260;
  const left = 50;
  const right = 10;
  const top = 30;
  const bottom = 40;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const maxLog = Math.log10(1 + Math.max(1, ...bins));
  const bw = plotW / SCORE_BINS;
  const bars = bins.map((n, i) => {
    const h = (plotH * Math.log10(1 + n)) / maxLog;
    const lo = (i / SCORE_BINS).toFixed(2);
    const hi = ((i + 1) / SCORE_BINS).toFixed(2);
    return `<rect x="${r2(left + i * bw + 0.5)}" y="${r2(top + plotH - h)}" width="${r2(bw - 1)}" height="${r2(h)}" fill="#5c6bc0"><title>${lo}-${hi}: ${fmt(n)}</title></rect>`;
  });
  const ticks: string[] = [];
  for (let t = 0; t <= 10; t += 2) {
    const x = left + (plotW * t) / 10;
    ticks.push(
      `<line x1="${r2(x)}" y1="${top + plotH}" x2="${r2(x)}" y2="${top + plotH + 5}" stroke="#333"/><text x="${r2(x)}" y="${top + plotH + 18}" text-anchor="middle">${(t / 10).toFixed(1)}</text>`,
    );
  }
  const yTicks: string[] = [];
  const maxCount = Math.max(1, ...bins);
  for (let p = 1; p <= maxCount; p *= 10) {
    const y = top + plotH - (plotH * Math.log10(1 + p)) / maxLog;
    yTicks.push(
      `<line x1="${left - 4}" y1="${r2(y)}" x2="${left}" y2="${r2(y)}" stroke="#333"/><text x="${left - 6}" y="${r2(y + 4)}" text-anchor="end">${fmt(p)}</text>`,
    );
  }
  const marker = (t: number, label: string, cls: string, anchor: 'start' | 'end', dy: number) => {
    const x = left + plotW * t;
    return (
      `<g class="threshold ${cls}"><line x1="${r2(x)}" y1="${top - 6}" x2="${r2(x)}" y2="${top + plotH}" stroke-dasharray="5 3"/>` +
      `<text x="${r2(anchor === 'end' ? x - 4 : x + 4)}" y="${top - 10 + dy}" text-anchor="${anchor}">${e(label)}</text></g>`
    );
  };
  const title = 'Distribution of match probabilities of distinct doses (log scale), with the review and link thresholds';
  return (
    `<svg id="chart-scores" class="chart" role="img" aria-label="${e(title)}" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${e(title)}</title>` +
    `<line x1="${left}" y1="${top + plotH}" x2="${width - right}" y2="${top + plotH}" stroke="#333"/>` +
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#333"/>` +
    bars.join('') +
    ticks.join('') +
    yTicks.join('') +
    marker(cfg.reviewThreshold, `review ≥ ${cfg.reviewThreshold}`, 'review', 'start', 0) +
    marker(cfg.linkThreshold, `link ≥ ${cfg.linkThreshold}`, 'link', 'end', 0) +
    `<text x="${left + plotW / 2}" y="${height - 4}" text-anchor="middle">match probability of the chosen or best candidate</text>` +
    `</svg>`
  );
}

/** The waterfall of one candidate: the prior, then each field's weight, adding up to the total (log2 odds). */
function waterfall(c: ScoredCandidate, idx: number): string {
  const sum = c.comparisons.reduce((s, f) => s + f.weight, 0);
  const steps = [
    { label: 'prior', level: '', weight: c.totalWeight - sum },
    ...c.comparisons.map((f) => ({ label: f.field, level: f.level, weight: f.weight })),
  ];
  let acc = 0;
  let lo = 0;
  let hi = 0;
  for (const s of steps) {
    acc += s.weight;
    lo = Math.min(lo, acc);
    hi = Math.max(hi, acc);
  }
  const width = 760;
  const labelW = 250;
  const valueW = 70;
  const rowH = 22;
  const plotW = width - labelW - valueW;
  const span = Math.max(1e-9, hi - lo);
  const xOf = (v: number) => labelW + (plotW * (v - lo)) / span;
  const rows: string[] = [];
  acc = 0;
  steps.forEach((s, i) => {
    const from = acc;
    acc += s.weight;
    const x0 = xOf(Math.min(from, acc));
    const w = Math.max(1, Math.abs(xOf(acc) - xOf(from)));
    const y = i * rowH;
    const label = s.level ? `${s.label}: ${s.level}` : s.label;
    rows.push(
      `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${e(label)}</text>` +
        `<rect x="${r2(x0)}" y="${y + 3}" width="${r2(w)}" height="${rowH - 6}" class="${s.weight >= 0 ? 'pos' : 'neg'}"/>` +
        `<text x="${width - 4}" y="${y + 15}" text-anchor="end">${e((s.weight >= 0 ? '+' : '') + s.weight.toFixed(2))}</text>`,
    );
  });
  const y = steps.length * rowH;
  const zero = xOf(0);
  const end = xOf(c.totalWeight);
  rows.push(
    `<line x1="${r2(zero)}" y1="0" x2="${r2(zero)}" y2="${y + rowH}" stroke="#666" stroke-dasharray="2 2"/>` +
      `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" font-weight="bold">total</text>` +
      `<rect x="${r2(Math.min(zero, end))}" y="${y + 3}" width="${r2(Math.max(1, Math.abs(end - zero)))}" height="${rowH - 6}" class="tot"/>` +
      `<text x="${width - 4}" y="${y + 15}" text-anchor="end" font-weight="bold">${e(c.totalWeight.toFixed(2))}</text>`,
  );
  const title = `Field-by-field weights (log2 odds) of candidate ${idx + 1}`;
  return (
    `<svg class="chart waterfall" role="img" aria-label="${e(title)}" viewBox="0 0 ${width} ${y + rowH}" width="100%" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${e(title)}</title>${rows.join('')}</svg>`
  );
}

interface FacilityRates {
  facility: string;
  entered: number;
  distinct: number;
  duplicates: number;
  needingCleaning: number;
}

function facilityRates(r: RunResult): FacilityRates[] {
  const m = new Map<string, FacilityRates>();
  for (let i = 0; i < r.doses.length; i++) {
    const f = r.doses[i]!.facility;
    let x = m.get(f);
    if (!x) {
      x = { facility: f, entered: 0, distinct: 0, duplicates: 0, needingCleaning: 0 };
      m.set(f, x);
    }
    x.entered++;
    if (r.dedupe.keptIndex[i] !== i) {
      x.duplicates++;
      continue;
    }
    x.distinct++;
    if (mohCategoryAt(r, i) !== '') x.needingCleaning++;
  }
  return [...m.values()];
}

function worstTable(
  id: string,
  caption: string,
  list: FacilityRates[],
  rate: (f: FacilityRates) => [number, number],
  rateLabel: string,
): string {
  const ranked = list
    .map((f) => ({ f, part: rate(f)[0], whole: rate(f)[1] }))
    .filter((x) => x.whole > 0)
    .sort(
      (a, b) =>
        b.part / b.whole - a.part / a.whole ||
        b.whole - a.whole ||
        (a.f.facility < b.f.facility ? -1 : a.f.facility > b.f.facility ? 1 : 0),
    )
    .slice(0, WORST_FACILITIES);
  const rows = ranked.map(
    (x) =>
      `<tr><td>${e(x.f.facility)}</td><td class="num">${e(fmt(x.f.entered))}</td><td class="num">${e(fmt(x.part))}</td>` +
      `<td class="num">${e(pct(x.part, x.whole))}</td><td class="meter"><svg viewBox="0 0 100 10" width="100" height="10" xmlns="http://www.w3.org/2000/svg"><rect width="100" height="10" fill="#eee"/><rect width="${r2((100 * x.part) / x.whole)}" height="10" fill="#c62828"/></svg></td></tr>`,
  );
  return (
    `<table id="${e(id)}"><caption>${e(caption)}</caption><thead><tr><th>facility</th><th>records entered</th><th>${e(rateLabel)}</th><th>rate</th><th></th></tr></thead>` +
    `<tbody>${rows.join('') || '<tr><td colspan="5">no facility</td></tr>'}</tbody></table>`
  );
}

/** Distinct doses by today's province and commune: a divided or abolished commune counts in its province only. */
function todayUnitsSection(r: RunResult, units: AdminUnits): string {
  const provinces = new Map<string, { doses: number; placed: number }>();
  const communes = new Map<string, number>();
  let unknown = 0;
  let missing = 0;
  for (let i = 0; i < r.doses.length; i++) {
    if (r.dedupe.keptIndex[i] !== i) continue;
    const d = r.doses[i]!;
    const u = resolveCommune(units, d.commune, communeSystemAt(units, d.doseDate));
    if (u.status === 'missing') missing++;
    if (u.province === '') {
      if (u.status === 'unknown') unknown++;
      continue;
    }
    let p = provinces.get(u.province);
    if (!p) provinces.set(u.province, (p = { doses: 0, placed: 0 }));
    p.doses++;
    if (u.commune !== '') {
      p.placed++;
      communes.set(u.commune, (communes.get(u.commune) ?? 0) + 1);
    }
  }
  const byDoses = <T>(a: [string, T], b: [string, T], n: (t: T) => number) => n(b[1]) - n(a[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  const provinceRows = [...provinces]
    .sort((a, b) => byDoses(a, b, (p) => p.doses))
    .map(
      ([code, p]) =>
        `<tr><td>${e(code)}</td><td>${e(units.provinceNames.get(code) ?? '')}</td><td class="num">${e(fmt(p.doses))}</td>` +
        `<td class="num">${e(fmt(p.placed))}</td><td class="num">${e(fmt(p.doses - p.placed))}</td></tr>`,
    );
  const communeRows = [...communes]
    .sort((a, b) => byDoses(a, b, (n) => n))
    .slice(0, TOP_COMMUNES)
    .map(([code, n]) => `<tr><td>${e(code)}</td><td>${e(units.communeNames.get(code) ?? '')}</td><td class="num">${e(fmt(n))}</td></tr>`);
  return (
    `<h2 id="units">Distinct doses by today's province and commune</h2>\n` +
    `<p>Commune codes read as the units of ${e(units.effective)} (a dose given earlier carries the old codes). A divided commune, or one ` +
    `abolished before 2025 without a known successor, counts in its province only (COMMUNE_SPLIT, COMMUNE_ABOLISHED). ` +
    `${e(fmt(unknown))} distinct doses have a code in no list (COMMUNE_UNKNOWN) and ${e(fmt(missing))} have none.</p>\n` +
    `<div class="grid">\n<table id="units-provinces"><caption>Today's provinces</caption><thead><tr><th>code</th><th>province</th>` +
    `<th class="num">distinct doses</th><th class="num">in a commune</th><th class="num">province only</th></tr></thead>` +
    `<tbody>${provinceRows.join('') || '<tr><td colspan="5">none</td></tr>'}</tbody></table>\n` +
    `<table id="units-communes"><caption>Today's communes with the most distinct doses (first ${TOP_COMMUNES})</caption>` +
    '<thead><tr><th>code</th><th>commune</th><th class="num">distinct doses</th></tr></thead>' +
    `<tbody>${communeRows.join('') || '<tr><td colspan="3">none</td></tr>'}</tbody></table>\n</div>\n`
  );
}

function personCells(name: string, birth: string, gender: string, id: string): string {
  return `<td>${e(name)}</td><td>${e(birth)}</td><td>${e(gender)}</td><td>${e(id)}</td>`;
}

function reviewCase(d: NormalizedDose, dec: LinkDecision, citizens: ReadonlyMap<string, Citizen>): string {
  const cands = dec.candidates.map((c, i) => {
    const p = citizens.get(c.citizenId);
    return (
      `<tr><td>candidate ${i + 1}</td>` +
      personCells(p?.name.display ?? '', p?.birth?.iso ?? '', p?.gender ?? '', c.citizenId) +
      `<td>${e(c.rule)}</td><td class="num">${e(c.probability.toFixed(4))}</td><td class="num">${e(c.totalWeight.toFixed(2))}</td></tr>`
    );
  });
  const best = dec.candidates[0];
  return (
    `<article class="case"><h3>record ${e(d.recordId)} <small>${e(d.facility)} · ${e(d.source.file)}:${e(d.source.line)} · score ${e(dec.score.toFixed(4))}</small></h3>` +
    `<table class="people"><thead><tr><th></th><th>name</th><th>birth date</th><th>gender</th><th>ID</th><th>blocking rule</th><th>probability</th><th>log2 odds</th></tr></thead><tbody>` +
    `<tr><td>record</td>${personCells(d.name.display, d.birth?.iso ?? '', d.gender, d.id.value)}<td></td><td></td><td></td></tr>${cands.join('')}</tbody></table>` +
    (best ? waterfall(best, 0) : '') +
    `<p class="explanation">${e(dec.explanation)}</p></article>`
  );
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#222;margin:0 auto;max-width:1000px;padding:16px 24px}
h1{font-size:24px;margin:8px 0}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px;margin:16px 0 6px}
.meta{color:#666}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.card{border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:150px}.card b{display:block;font-size:22px}
table{border-collapse:collapse;margin:8px 0;width:100%}th,td{border-bottom:1px solid #eee;padding:4px 8px;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;font-weight:600;padding:4px 0}
.ok{color:#2e7d32}.bad{color:#c62828;font-weight:bold}
svg.chart{display:block;max-width:760px;margin:6px 0}svg.chart text{font-size:12px;fill:#222}
.threshold line{stroke:#c62828;stroke-width:2}.threshold.review line{stroke:#f9a825}
.waterfall .pos{fill:#2e7d32}.waterfall .neg{fill:#c62828}.waterfall .tot{fill:#1565c0}
.people td:nth-child(3),.people td:nth-child(5){white-space:nowrap}
.case{border:1px solid #e3e3e3;border-radius:6px;padding:4px 12px;margin:10px 0}.case small{color:#666;font-weight:normal}
.explanation{font-family:ui-monospace,monospace;font-size:12px;color:#444;white-space:pre-wrap}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}@media(max-width:800px){.grid{grid-template-columns:1fr}}
`;

function reviewQueue(q: ReviewQueueSummary | undefined): string {
  if (q === undefined) return '';
  const rows = q.by_facility.map(
    (f) =>
      `<tr><td><code>${e(f.facility)}</code></td><td class="num">${e(fmt(f.open))}</td><td class="num">${e(fmt(f.pairs))}</td>` +
      `<td class="num">${e(fmt(f.median_days))}</td><td class="num">${e(fmt(f.oldest_days))}</td></tr>`,
  );
  return (
    `<h2 id="review-queue">Open review queue per facility</h2>` +
    `<p>${e(fmt(q.open))} records and ${e(fmt(q.pairs))} possible-duplicate pairs wait for an analyst ` +
    `(<code>vaxrec review export</code>); ${e(fmt(q.decisions_in_force))} analysts' decisions in force, ` +
    `${e(fmt(q.waiting_for_next_run))} records to decide again at the next run.</p>` +
    `<table id="review-queue-table"><caption>Open cases by facility, most first, with how long they have waited (days)</caption>` +
    `<thead><tr><th>facility</th><th class="num">records</th><th class="num">pairs</th><th class="num">median wait</th>` +
    `<th class="num">longest wait</th></tr></thead><tbody>${rows.join('') || '<tr><td colspan="5">none</td></tr>'}</tbody></table>`
  );
}

export function renderHtmlReport(r: RunResult, summary: Summary, cfg: HtmlReportConfig): string {
  const c = summary.counts;
  const acc = summary.accounting;
  const folded = r.dedupe.duplicates.length;

  const scores: number[] = [];
  let noCandidate = 0;
  const reviews: number[] = [];
  for (let i = 0; i < r.doses.length; i++) {
    if (r.dedupe.keptIndex[i] !== i) continue;
    const dec = r.decisions[i]!;
    if (dec.score > 0) scores.push(dec.score);
    else noCandidate++;
    if (dec.status === 'review' && reviews.length < REVIEW_SAMPLE) reviews.push(i);
  }
  const reviewTotal = c.link_status.review ?? 0;
  // The registry details of the review cases' candidates, by citizen ID.
  const wanted = new Set(reviews.flatMap((i) => r.decisions[i]!.candidates.map((k) => k.citizenId)));
  const reviewCitizens = new Map<string, Citizen>();
  for (const id of wanted) {
    const p = r.citizen(id);
    if (p !== undefined) reviewCitizens.set(id, p);
  }

  const rates = facilityRates(r);
  const ranked = rates.some((f) => f.entered >= MIN_FACILITY_RECORDS) ? rates.filter((f) => f.entered >= MIN_FACILITY_RECORDS) : rates;

  const statusBars = LINK_STATUSES.map((s) => ({ label: s.replace(/_/g, ' '), value: c.link_status[s] ?? 0, color: STATUS_COLOR[s]! }));
  const mohBars = (['a', 'b', 'c'] as const).map((k) => ({ label: MOH_LABEL[k]!, value: c.moh_categories[k] ?? 0, color: '#8e24aa' }));
  const issueRows = Object.entries(c.issues)
    .sort(byCountDesc)
    .map(
      ([code, n]) =>
        `<tr><td><code>${e(code)}</code></td><td>${e(codeInfo(code)?.moh ?? '')}</td><td>${e(codeInfo(code)?.en ?? '')}</td><td class="num">${e(fmt(n))}</td></tr>`,
    );
  const rejectRows = Object.entries(c.reject_reasons).map(
    ([code, n]) => `<tr><td><code>${e(code)}</code></td><td>${e(codeInfo(code)?.en ?? '')}</td><td class="num">${e(fmt(n))}</td></tr>`,
  );

  const gap = cfg.gap
    ? `<h2 id="gap">Reported versus entered doses</h2><div class="cards">` +
      `<div class="card">reported<b>${e(fmt(cfg.gap.reported))}</b></div><div class="card">entered<b>${e(fmt(cfg.gap.entered))}</b></div>` +
      `<div class="card">distinct<b>${e(fmt(cfg.gap.distinct))}</b></div><div class="card">missing (reported − entered)<b>${e(fmt(cfg.gap.gap))}</b></div></div>` +
      `<p>Per facility and day, largest gap first: <code>gap_report.csv</code>.</p>`
    : '';

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>vaxrec report</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>Vaccination dose reconciliation</h1>
<p class="meta">vaxrec ${e(summary.tool.version)} · ${e(fmt(r.files.length))} dose file(s) · registry of ${e(fmt(r.registrySize))} citizens · model ${e(summary.inputs.model)}</p></header>

<h2 id="totals">Totals and row accounting</h2>
<div class="cards">
<div class="card">input rows<b>${e(fmt(c.input_rows))}</b></div>
<div class="card">distinct doses<b>${e(fmt(c.clean))}</b></div>
<div class="card">duplicates folded<b>${e(fmt(c.duplicates))}</b></div>
<div class="card">rejected rows<b>${e(fmt(c.rejects))}</b></div>
</div>
<p id="accounting">${e(fmt(acc.input_rows))} input rows = ${e(fmt(c.clean))} distinct + ${e(fmt(folded))} folded duplicates + ${e(fmt(acc.rejects))} rejects:
${acc.holds ? '<span class="ok">every row accounted for</span>' : '<span class="bad">the accounting does not hold</span>'}</p>
${stackedBar('chart-accounting', 'Where every input row went', [
  { label: 'distinct doses', value: c.clean, color: '#2e7d32' },
  { label: 'duplicates folded', value: folded, color: '#f9a825' },
  { label: 'rejected rows', value: acc.rejects, color: '#c62828' },
])}
${gap}
<h2 id="link">Link status of distinct doses</h2>
${barChart('chart-link-status', 'Link status of distinct doses', statusBars)}

<h2 id="moh">Ministry of Health cleaning categories</h2>
<p>Công văn 2262/BYT-CNTT. Distinct doses in each category (each record in one category, the first of a, b, c that applies; shares of all distinct doses).</p>
${barChart('chart-moh', 'Ministry of Health cleaning categories', mohBars, c.clean)}
<table id="issues"><caption>Problems found in distinct doses</caption><thead><tr><th>code</th><th>category</th><th>meaning</th><th class="num">problems</th></tr></thead><tbody>${issueRows.join('') || '<tr><td colspan="4">none</td></tr>'}</tbody></table>
<table id="rejects"><caption>Rejected rows by reason</caption><thead><tr><th>code</th><th>meaning</th><th class="num">rows</th></tr></thead><tbody>${rejectRows.join('') || '<tr><td colspan="3">none</td></tr>'}</tbody></table>

<h2 id="facilities">Facilities with the worst rates</h2>
<p>${ranked.length < rates.length ? `Facilities with at least ${MIN_FACILITY_RECORDS} records (${e(fmt(ranked.length))} of ${e(fmt(rates.length))}).` : `All ${e(fmt(rates.length))} facilities.`}</p>
<div class="grid">
${worstTable('worst-mismatch', 'Distinct doses needing cleaning (category a, b or c)', ranked, (f) => [f.needingCleaning, f.distinct], 'needing cleaning')}
${worstTable('worst-duplicate', 'Records entered that were duplicates', ranked, (f) => [f.duplicates, f.entered], 'duplicates')}
</div>

${cfg.units ? todayUnitsSection(r, cfg.units) : ''}
<h2 id="scores">Match probabilities</h2>
${scoreHistogram(scores, cfg)}
<p>${e(fmt(scores.length))} distinct doses with a candidate; ${e(fmt(noCandidate))} with none (not shown). Linked automatically at ≥ ${e(cfg.linkThreshold)}, sent to review at ≥ ${e(cfg.reviewThreshold)}.</p>

<h2 id="review">Review cases explained</h2>
<p>${reviews.length === 0 ? 'No distinct dose needs review.' : `The first ${e(fmt(reviews.length))} of ${e(fmt(reviewTotal))} review cases, in input order, with each field's weight toward the best candidate.`}</p>
${reviews.map((i) => reviewCase(r.doses[i]!, r.decisions[i]!, reviewCitizens)).join('\n')}
${reviewQueue((summary as { review_queue?: ReviewQueueSummary }).review_queue)}
</body>
</html>
`;
}
