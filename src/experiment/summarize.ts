/**
 * Summaries over replicates: for each scenario and metric, the mean, sample sd and a 95% confidence
 * interval (Student t) of the final week's value and of the run's weekly mean.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { METRIC_NAMES, METRICS, type MetricName } from '../model/metrics.js';
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

/** Summarises every metric of one scenario over its replicates. */
export function summarizeScenario(result: ScenarioResult): ScenarioSummary {
  const width = METRICS.length;
  const out = {} as ScenarioSummary;
  METRIC_NAMES.forEach((name, m) => {
    const finals: number[] = [];
    const means: number[] = [];
    for (const r of result.replicates) {
      finals.push(r.values[(r.weeks - 1) * width + m]);
      let sum = 0;
      for (let w = 0; w < r.weeks; w++) sum += r.values[w * width + m];
      means.push(sum / r.weeks);
    }
    out[name] = { final: estimate(finals), weeklyMean: estimate(means) };
  });
  return out;
}
