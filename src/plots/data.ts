/**
 * The data behind the charts and the report, read from a run's files (timeseries.csv, summary.json,
 * distributions.json, manifest.json), so that `tokenmaxx report --from DIR` and `run --report` build
 * the same report from the same bytes. Everything here is pure: texts in, tidy rows out.
 */
import { METRIC_NAMES, type MetricName } from '../model/metrics.js';
import type { Parameters } from '../scenarios/schema.js';
import type { Provenance } from '../experiment/outputs.js';
import { estimate, type ScenarioSummary } from '../experiment/summarize.js';

/** What a manifest holds that the report shows: its provenance, seeds, scenarios and file hashes. */
export interface ManifestData extends Provenance {
  replicateSeeds: string[];
  scenarios: { name: string; description: string; parameters: Parameters; schedule: { week: number; set: Record<string, number | string> }[]; sha256: string }[];
  files: Record<string, { sha256: string }>;
}

/** One row of timeseries.csv. */
export type TimeseriesRow = { scenario: string; replicate: number; week: number } & Record<MetricName, number>;

/** A finished run, parsed. */
export interface RunData {
  manifest: ManifestData;
  rows: TimeseriesRow[];
  summary: Record<string, ScenarioSummary>;
  lorenz: { populationShares: number[]; scenarios: Record<string, { tokenLorenz: number[] }> };
  /** Scenario names in the run's order. */
  scenarios: string[];
}

/** Parses the text of timeseries.csv (as written by tokenmaxx: scenario names may be quoted). */
export function parseTimeseries(text: string): TimeseriesRow[] {
  const lines = text.trimEnd().split('\n');
  const header = lines[0].split(',');
  return lines.slice(1).map((line) => {
    const cells = splitCsvLine(line);
    const row: Record<string, number | string> = {};
    header.forEach((h, k) => {
      row[h] = h === 'scenario' || h === 'seed' ? cells[k] : Number(cells[k]);
    });
    return row as unknown as TimeseriesRow;
  });
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let j = i + 1;
      let cell = '';
      while (j < line.length) {
        if (line[j] === '"' && line[j + 1] === '"') { cell += '"'; j += 2; }
        else if (line[j] === '"') { j += 1; break; }
        else { cell += line[j]; j += 1; }
      }
      cells.push(cell);
      i = j + 1;
    } else {
      const j = line.indexOf(',', i);
      const end = j < 0 ? line.length : j;
      cells.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return cells;
}

/** Parses a run's files (name → text). */
export function parseRun(files: Record<string, string>): RunData {
  const manifest = JSON.parse(files['manifest.json']) as ManifestData;
  return {
    manifest,
    rows: parseTimeseries(files['timeseries.csv']),
    summary: (JSON.parse(files['summary.json']) as { scenarios: Record<string, ScenarioSummary> }).scenarios,
    lorenz: JSON.parse(files['distributions.json']) as RunData['lorenz'],
    scenarios: manifest.scenarios.map((s) => s.name),
  };
}

/** A weekly mean over replicates with its 95% CI: one row of a chart's data. */
export interface WeeklyPoint {
  scenario: string;
  week: number;
  measure: string;
  value: number;
  lo: number;
  hi: number;
}

/** Derived weekly quantities the charts use besides the metrics themselves. */
const DERIVED: Record<string, (r: TimeseriesRow) => number> = {
  spendPerEmployeeUSD: (r) => r.computeSpendUSD / r.employees,
  gamingShare: (r) => r.sharePadding + r.shareMaxxing,
  incidentsPer1kOutput: (r) => (r.output > 0 ? (1000 * r.incidents) / r.output : 0),
  incidentCostPerEmployeeUSD: (r) => r.incidentCostUSD / r.employees,
};

/** The value of a metric or derived quantity in a row. */
export function valueOf(r: TimeseriesRow, measure: string): number {
  return (METRIC_NAMES as readonly string[]).includes(measure) ? r[measure as MetricName] : DERIVED[measure](r);
}

/** Rows grouped by a key, groups in order of first appearance. */
function groupBy(rows: readonly TimeseriesRow[], key: (r: TimeseriesRow) => string): TimeseriesRow[][] {
  const groups = new Map<string, TimeseriesRow[]>();
  for (const r of rows) {
    const k = key(r);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.values()];
}

/** Mean and 95% t-interval of each measure per scenario and week, over replicates: tidy rows. */
export function weeklyMeans(rows: readonly TimeseriesRow[], measures: readonly string[]): WeeklyPoint[] {
  const out: WeeklyPoint[] = [];
  for (const g of groupBy(rows, (r) => `${r.scenario}\u0000${r.week}`)) {
    for (const measure of measures) out.push({ scenario: g[0].scenario, week: g[0].week, measure, ...meanCi(g.map((r) => valueOf(r, measure))) });
  }
  return out;
}

/** Rounds to 5 significant digits: far below chart resolution, and it keeps report.html small. */
export function chartNumber(x: number): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(5)) : x;
}

/** Mean and 95% t-interval (as in summary.json), rounded for charts. */
export function meanCi(xs: readonly number[]): { value: number; lo: number; hi: number } {
  const e = estimate(xs);
  return { value: chartNumber(e.mean), lo: chartNumber(e.ci95[0]), hi: chartNumber(e.ci95[1]) };
}

/** Per scenario and replicate, the run's weekly average of each measure. */
export function replicateMeans(rows: readonly TimeseriesRow[], measures: readonly string[]): Record<string, string | number>[] {
  return groupBy(rows, (r) => `${r.scenario}\u0000${r.replicate}`).map((g) => ({
    scenario: g[0].scenario,
    replicate: g[0].replicate,
    ...Object.fromEntries(measures.map((m) => [m, chartNumber(g.reduce((a, r) => a + valueOf(r, m), 0) / g.length)])),
  }));
}
