/**
 * The data behind the charts and the report: a finished run, validated (src/report/readRun.ts), with
 * timeseries.csv reduced row by row to what the charts draw, so memory grows with scenarios × weeks
 * (and scenarios × replicates for the frontier's dots), never with the number of rows:
 *
 *   - per scenario × week × measure, the running mean and sum of squared deviations over replicates
 *     (Welford), from which the mean and 95% t-interval are read as `estimate` gives them;
 *   - per scenario × replicate, the run's weekly average of the frontier's measures.
 *
 * Everything here is pure: metric values in, aggregates and tidy chart rows out.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { METRIC_INDEX, METRIC_NAMES, type MetricName } from '../model/metrics.js';
import type { RunHeadline } from '../experiment/headline.js';
import { estimate, type ScenarioSummary } from '../experiment/summarize.js';
import type { ComparisonData } from '../report/comparison.js';
import type { Distributions, Manifest } from '../report/runFiles.js';

/** What a manifest holds that the report shows: its provenance, seeds, scenarios and file hashes. */
export type ManifestData = Manifest;

/** A quantity a chart draws: a declared metric (derived figures included, see src/model/metrics.ts). */
export type Measure = MetricName;

/** Every measure aggregated per week, in column order of the aggregates: the metrics. */
export const MEASURES: readonly Measure[] = METRIC_NAMES;

/** The measures the frontier averages per replicate over the run. */
export const FRONTIER_MEASURES = ['spendPerEmployeeUSD', 'outputGain'] as const satisfies readonly Measure[];

/** Running moments over replicates of every measure, week by week, for one scenario. */
export interface WeeklyMoments {
  /** Weeks of the scenario. */
  weeks: number;
  /** Replicates seen, per week. */
  n: Uint32Array;
  /** Running mean, at `week * MEASURES.length + measure`. */
  mean: Float64Array;
  /** Running sum of squared deviations from the mean, same layout. */
  m2: Float64Array;
}

/** One dot of the frontier: a replicate's weekly averages over the run, rounded for charts. */
export interface ReplicatePoint {
  scenario: string;
  replicate: number;
  spendPerEmployeeUSD: number;
  outputGain: number;
}

/** A finished run, validated and reduced to what the report shows. */
export interface RunData {
  manifest: ManifestData;
  /**
   * The manifest as the report shows it: `files` restricted to the data files, keys sorted at every
   * level, two-space indented, so the report never depends on its own hash.
   */
  manifestText: string;
  summary: Record<string, ScenarioSummary>;
  lorenz: Distributions;
  /** Scenario names in the run's order. */
  scenarios: string[];
  /** Weeks of the longest scenario. */
  weeks: number;
  /** Employees of the first row of timeseries.csv. */
  employees: number;
  /** Per scenario, the weekly moments of every measure over replicates. */
  weekly: Record<string, WeeklyMoments>;
  /** Per scenario and replicate, the frontier's measures averaged over the run (scenario by scenario, replicate order). */
  replicates: ReplicatePoint[];
  /** A comparison of B with A (`tokenmaxx compare`), when the run is one. */
  comparison?: ComparisonData;
  /** The headline figures as intervals (summary.json's `headline`), when the run drew from a posterior. */
  headline?: RunHeadline;
}

/**
 * Reduces rows to the aggregates of RunData as they arrive (scenario by scenario, replicate by
 * replicate, week by week). Memory: scenarios × weeks × measures, plus scenarios × replicates.
 */
export class RunAccumulator {
  private readonly weekly: WeeklyMoments[];
  private readonly sums: Float64Array[];
  private readonly counts: Uint32Array[];
  private readonly frontier = FRONTIER_MEASURES.map((m) => METRIC_INDEX[m]);
  /** Employees of the first row added. */
  employees: number | undefined;

  constructor(
    private readonly scenarios: readonly { name: string; weeks: number }[],
    private readonly replicates: number,
  ) {
    const width = MEASURES.length;
    this.weekly = scenarios.map((s) => ({ weeks: s.weeks, n: new Uint32Array(s.weeks), mean: new Float64Array(s.weeks * width), m2: new Float64Array(s.weeks * width) }));
    this.sums = scenarios.map(() => new Float64Array(replicates * this.frontier.length));
    this.counts = scenarios.map(() => new Uint32Array(replicates));
  }

  /** Adds one row: scenario index, replicate, week, and its metric values in METRIC_NAMES order. */
  add(scenario: number, replicate: number, week: number, metrics: ArrayLike<number>): void {
    this.employees ??= metrics[METRIC_INDEX.employees];
    const w = this.weekly[scenario];
    const width = MEASURES.length;
    const n = ++w.n[week];
    for (let m = 0, at = week * width; m < width; m++, at++) {
      const d = metrics[m] - w.mean[at];
      w.mean[at] += d / n;
      w.m2[at] += d * (metrics[m] - w.mean[at]);
    }
    const sums = this.sums[scenario];
    for (let k = 0; k < this.frontier.length; k++) sums[replicate * this.frontier.length + k] += metrics[this.frontier[k]];
    this.counts[scenario][replicate] += 1;
  }

  /** The aggregates of RunData. */
  result(): Pick<RunData, 'weekly' | 'replicates' | 'weeks' | 'employees'> {
    const weekly: Record<string, WeeklyMoments> = Object.create(null) as Record<string, WeeklyMoments>;
    this.scenarios.forEach((s, k) => (weekly[s.name] = this.weekly[k]));
    const replicates: ReplicatePoint[] = [];
    this.scenarios.forEach((s, k) => {
      for (let r = 0; r < this.replicates; r++) {
        const n = this.counts[k][r];
        const at = r * this.frontier.length;
        replicates.push({ scenario: s.name, replicate: r, spendPerEmployeeUSD: chartNumber(this.sums[k][at] / n), outputGain: chartNumber(this.sums[k][at + 1] / n) });
      }
    });
    return { weekly, replicates, weeks: Math.max(0, ...this.scenarios.map((s) => s.weeks)), employees: this.employees ?? 0 };
  }
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

/** Mean and 95% t-interval of each measure per scenario and week, over replicates: tidy rows. */
export function weeklyMeans(run: Pick<RunData, 'scenarios' | 'weekly'>, measures: readonly Measure[]): WeeklyPoint[] {
  const width = MEASURES.length;
  const columns = measures.map((m) => METRIC_INDEX[m]);
  const out: WeeklyPoint[] = [];
  for (const scenario of run.scenarios) {
    const w = run.weekly[scenario];
    for (let week = 0; week < w.weeks; week++) {
      if (w.n[week] === 0) continue;
      measures.forEach((measure, k) => {
        const at = week * width + columns[k];
        out.push({ scenario, week, measure, ...momentsCi(w.n[week], w.mean[at], w.m2[at]) });
      });
    }
  }
  return out;
}

/**
 * Tidy rows in columns, for a chart's data: rows that agree on the `keys` fields become one object
 * whose `series` fields are arrays, and Vega-Lite's `flatten` transform turns them back into rows.
 * A field name written once per series rather than once per row keeps a long run's report small.
 *
 * @example columnar([{ s: 'a', w: 0, v: 1 }, { s: 'a', w: 1, v: 2 }], ['s'], ['w', 'v'])
 * // { values: [{ s: 'a', w: [0, 1], v: [1, 2] }], transform: [{ flatten: ['w', 'v'] }] }
 */
export function columnar<Row extends object>(rows: readonly Row[], keys: readonly (keyof Row & string)[], series: readonly (keyof Row & string)[]): { values: Record<string, unknown>[]; transform: { flatten: string[] }[] } {
  const groups = new Map<string, Record<string, unknown>>();
  for (const row of rows) {
    const id = JSON.stringify(keys.map((k) => row[k]));
    const group: Record<string, unknown> = groups.get(id) ?? Object.fromEntries([...keys.map((k) => [k, row[k]]), ...series.map((k) => [k, []])]);
    groups.set(id, group);
    for (const k of series) (group[k] as unknown[]).push(row[k]);
  }
  return { values: [...groups.values()], transform: [{ flatten: [...series] }] };
}

/** Rounds to 5 significant digits: far below chart resolution, and it keeps report.html small. */
export function chartNumber(x: number): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(5)) : x;
}

const tCache = new Map<number, number>();
/** The 97.5% quantile of Student's t with `df` degrees of freedom, as `estimate` uses it. */
function t975(df: number): number {
  let q = tCache.get(df);
  if (q === undefined) tCache.set(df, (q = tQuantile(0.975, df)));
  return q;
}

/** Mean and 95% t-interval from running moments (as `estimate` computes them from the values), rounded for charts. */
export function momentsCi(n: number, mean: number, m2: number): { value: number; lo: number; hi: number } {
  const sd = n > 1 ? Math.sqrt(Math.max(0, m2) / (n - 1)) : 0;
  const half = n > 1 ? t975(n - 1) * (sd / Math.sqrt(n)) : 0;
  return { value: chartNumber(mean), lo: chartNumber(mean - half), hi: chartNumber(mean + half) };
}

/** Mean and 95% t-interval (as in summary.json), rounded for charts. */
export function meanCi(xs: readonly number[]): { value: number; lo: number; hi: number } {
  const e = estimate(xs);
  return { value: chartNumber(e.mean), lo: chartNumber(e.ci95[0]), hi: chartNumber(e.ci95[1]) };
}
