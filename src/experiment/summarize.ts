/**
 * Summaries over replicates: for each scenario and metric, the mean, sample sd and a 95% confidence
 * interval (Student t) of the final week's value and of the run's weekly mean.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { METRIC_NAMES, METRICS, type MetricName } from '../model/metrics.js';
import type { ReplicateResult } from '../model/simulate.js';
import type { ScenarioResult } from './run.js';

/** Mean, sd and 95% CI of a quantity over replicates. */
export interface Estimate {
  mean: number;
  sd: number;
  ci95: [number, number];
  n: number;
}

/** A metric's estimates: at the final week and averaged over every week of the run. */
export interface MetricSummary {
  final: Estimate;
  weeklyMean: Estimate;
}

/** Summary of one scenario: metric → estimates. */
export type ScenarioSummary = Record<MetricName, MetricSummary>;

/** Mean, sd and 95% t-interval of `xs` (sd 0 and a point interval for a single replicate). */
export function estimate(xs: readonly number[]): Estimate {
  const n = xs.length;
  const m = mean(xs as number[]);
  const sd = n > 1 ? sampleStandardDeviation(xs as number[]) : 0;
  const half = n > 1 ? tQuantile(0.975, n - 1) * (sd / Math.sqrt(n)) : 0;
  return { mean: m, sd, ci95: [m - half, m + half], n };
}

/**
 * What a summary keeps of one replicate: each metric's final-week value and its mean over the
 * weeks, `[final..., weeklyMean...]` by metric index. Summaries of a run need only these, so memory
 * grows with replicates, not with weeks.
 */
export function replicateScalars(r: ReplicateResult): Float64Array {
  const width = METRICS.length;
  const out = new Float64Array(2 * width);
  for (let m = 0; m < width; m++) {
    out[m] = r.values[(r.weeks - 1) * width + m];
    let sum = 0;
    for (let w = 0; w < r.weeks; w++) sum += r.values[w * width + m];
    out[width + m] = sum / r.weeks;
  }
  return out;
}

/** Summarises every metric of one scenario from its replicates' scalars (`replicateScalars`), in replicate order. */
export function summarizeScalars(replicates: readonly Float64Array[]): ScenarioSummary {
  const width = METRICS.length;
  const out = {} as ScenarioSummary;
  METRIC_NAMES.forEach((name, m) => {
    out[name] = { final: estimate(replicates.map((s) => s[m])), weeklyMean: estimate(replicates.map((s) => s[width + m])) };
  });
  return out;
}

/** Summarises every metric of one scenario over its replicates. */
export function summarizeScenario(result: ScenarioResult): ScenarioSummary {
  return summarizeScalars(result.replicates.map(replicateScalars));
}
