/**
 * What the explorer makes of its replicates: summary.json as `tokenmaxx run` writes it, the headline
 * figures of base and explored with their paired differences, and the week-by-week means the charts
 * draw. The engine's own summaries (src/experiment/summarize.ts) and paired comparison
 * (src/stats/paired.ts) do the arithmetic, so the figures are the command line's to the last digit.
 */
import { METRIC_INDEX, METRICS } from '../model/metrics.js';
import { summarizeScalars, estimate, type Estimate } from '../experiment/summarize.js';
import { pairedComparison } from '../stats/paired.js';
import { EXPLORER_FIGURES, SERIES_METRICS, type ExplorerFigure } from './controls.js';

/** What a worker sends back for one replicate. */
export interface ReplicateOutcome {
  /** `replicateScalars` of the replicate: each metric's final value, then its weekly mean. */
  scalars: Float64Array;
  /** `series[week * SERIES_METRICS.length + k]`: metric SERIES_METRICS[k] in that week. */
  series: Float64Array;
}

/** summary.json of a one-scenario run, byte for byte as `tokenmaxx run` writes it. */
export function summaryText(scenario: string, replicates: readonly ReplicateOutcome[]): string {
  return JSON.stringify({ scenarios: { [scenario]: summarizeScalars(replicates.map((r) => r.scalars)) } }, null, 2) + '\n';
}

/** One headline figure: its weekly mean under base and explored, and the paired difference. */
export interface FigureRow {
  figure: ExplorerFigure;
  base: Estimate;
  explored: Estimate;
  difference: Estimate;
}

/** The headline figures, replicate r of the explored policy paired with replicate r of the base (the same seed). */
export function figureRows(base: readonly ReplicateOutcome[], explored: readonly ReplicateOutcome[]): FigureRow[] {
  const width = METRICS.length;
  return EXPLORER_FIGURES.map((figure) => {
    const m = width + METRIC_INDEX[figure.metric];
    const a = base.map((r) => r.scalars[m]);
    const b = explored.map((r) => r.scalars[m]);
    return { figure, base: estimate(a), explored: estimate(b), difference: pairedComparison(a, b).difference };
  });
}

/** A week's mean of a series metric over replicates, with its 95% interval, for one arm. */
export interface SeriesPoint {
  arm: string;
  week: number;
  metric: (typeof SERIES_METRICS)[number];
  mean: number;
  lo: number;
  hi: number;
}

/** The week-by-week means (and 95% t-intervals) of every series metric, for one arm. */
export function seriesPoints(arm: string, replicates: readonly ReplicateOutcome[], weeks: number): SeriesPoint[] {
  const k = SERIES_METRICS.length;
  const points: SeriesPoint[] = [];
  for (let w = 0; w < weeks; w++) {
    SERIES_METRICS.forEach((metric, j) => {
      const e = estimate(replicates.map((r) => r.series[w * k + j]));
      points.push({ arm, week: w, metric, mean: e.mean, lo: e.ci95[0], hi: e.ci95[1] });
    });
  }
  return points;
}

/** A replicate's series: the chart metrics of every week, taken from the engine's weeks × metrics block. */
export function replicateSeries(values: Float64Array, weeks: number): Float64Array {
  const width = METRICS.length;
  const k = SERIES_METRICS.length;
  const out = new Float64Array(weeks * k);
  const index = SERIES_METRICS.map((m) => METRIC_INDEX[m]);
  for (let w = 0; w < weeks; w++) for (let j = 0; j < k; j++) out[w * k + j] = values[w * width + index[j]];
  return out;
}
