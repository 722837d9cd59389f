/**
 * Sensitivity analysis: which assumptions drive the answer. A sensitivity analysis is a sweep of one
 * scenario over a Morris or a Saltelli design (src/stats/designs.ts) whose points are then analysed:
 *
 *   design (ranges; default: every parameter's plausible range, docs/ODD.md)
 *     → the sweep's runs, replicates on the same seeds at every point (sweep.ts)
 *     → one output per point and metric: the mean over replicates of its weekly mean (or final week)
 *     → Morris μ, μ*, σ with bootstrap intervals of μ*, or Sobol' S1 (Saltelli 2010) and ST (Jansen
 *       1999) with bootstrap intervals (src/stats/sensitivity.ts)
 *     → sensitivity.csv, and SALib's text files (salib/) so a Python user can check the analysis
 *
 * Averaging replicates at each point on common seeds takes the model's own noise out of the
 * indices as far as R replicates can (docs/EXPERIMENTS.md).
 */
import { METRIC_INDEX, METRIC_NAMES, type MetricName } from '../model/metrics.js';
import type { Problem } from '../scenarios/problems.js';
import { salibOutputsText, salibProblemText, salibSamplesText } from '../stats/salib.js';
import { morrisIndices, sobolIndices, type MorrisIndex, type SobolIndex } from '../stats/sensitivity.js';
import type { MorrisDesign, SaltelliDesign } from '../stats/designs.js';
import { messages } from '../messages.js';
import type { Statistic } from './compare.js';
import type { DesignPoints, DesignSpec } from './design.js';
import { parquetOfCsv } from '../output/parquet.js';
import { csvField } from './outputs.js';
import type { RunDestination } from './destination.js';
import { sweepPipeline, type PointSummary, type RunSource, type SweepOptions, type SweepRequest, type SweepResult } from './sweep.js';

/** The indices of one metric. */
export interface MetricSensitivity {
  metric: MetricName;
  morris?: MorrisIndex[];
  sobol?: SobolIndex[];
}

/** A sensitivity analysis's results. */
export interface SensitivityAnalysis {
  method: 'morris' | 'sobol';
  statistic: Statistic;
  /** Bootstrap resamples behind the intervals. */
  resamples: number;
  metrics: MetricSensitivity[];
}

/** The metrics analysed by default: what the report's headline is about. */
export const DEFAULT_SENSITIVITY_METRICS: readonly MetricName[] = ['netValuePerEmployeeUSD', 'wasteShare', 'gamingShare', 'adoptionRate'];

/** Problems of a sensitivity design: a Morris or Sobol' method, and ranges only (indices need a continuous scale). */
export function sensitivityDesignProblems(spec: DesignSpec, source: string): Problem[] {
  const problems: Problem[] = [];
  if (spec.method !== 'morris' && spec.method !== 'sobol') problems.push({ source, path: [], message: messages.badFlag('method', spec.method, 'morris or sobol') });
  for (const p of spec.parameters) if (!p.range) problems.push({ source: p.source, path: [], message: messages.sensitivityNeedsRange(p.path) });
  if (spec.parameters.length === 0) problems.push({ source, path: [], message: messages.sensitivityNoParameters() });
  return problems;
}

/** Problems of the metric names asked for. */
export function metricProblems(metrics: readonly string[], source: string): Problem[] {
  return metrics.filter((m) => !(METRIC_NAMES as readonly string[]).includes(m)).map((m) => ({ source, path: [], message: messages.unknownMetric(m, METRIC_NAMES) }));
}

/**
 * The analysis of a finished sweep over a Morris or Saltelli design: per metric, the indices of
 * every parameter from the points' means over replicates, in design order.
 */
export function analyse(points: DesignPoints, summaries: readonly PointSummary[], metrics: readonly MetricName[], statistic: Statistic, options: { seed: string | number; resamples: number }): SensitivityAnalysis {
  const method = points.spec.method === 'morris' ? 'morris' : 'sobol';
  const results = metrics.map((metric): MetricSensitivity => {
    const m = METRIC_INDEX[metric];
    // Summaries come point by point in design order (one scenario).
    const outputs = summaries.map((p) => p.estimates[statistic][m].mean);
    const bootstrap = { seed: `${String(options.seed)}/sensitivity/${metric}`, resamples: options.resamples };
    return method === 'morris'
      ? { metric, morris: morrisIndices(points.design as MorrisDesign, outputs, bootstrap) }
      : { metric, sobol: sobolIndices(points.design as SaltelliDesign, outputs, bootstrap) };
  });
  return { method, statistic, resamples: options.resamples, metrics: results };
}

/** The columns of sensitivity.csv (long: one row per metric × parameter × index). */
export const SENSITIVITY_COLUMNS = ['metric', 'statistic', 'method', 'parameter', 'index', 'estimate', 'ciLow', 'ciHigh'] as const;

/** sensitivity.csv: μ, μ*, σ (Morris) or S1, ST (Sobol'), each with its bootstrap interval where it has one. */
export function sensitivityCsv(a: SensitivityAnalysis): string {
  const rows: (string | number)[][] = [];
  for (const m of a.metrics) {
    for (const x of m.morris ?? []) {
      rows.push([m.metric, a.statistic, a.method, x.path, 'mu', x.mu, '', '']);
      rows.push([m.metric, a.statistic, a.method, x.path, 'muStar', x.muStar, x.muStarCi[0], x.muStarCi[1]]);
      rows.push([m.metric, a.statistic, a.method, x.path, 'sigma', x.sigma, '', '']);
    }
    for (const x of m.sobol ?? []) {
      rows.push([m.metric, a.statistic, a.method, x.path, 'S1', x.s1, x.s1Ci[0], x.s1Ci[1]]);
      rows.push([m.metric, a.statistic, a.method, x.path, 'ST', x.st, x.stCi[0], x.stCi[1]]);
    }
  }
  return `${SENSITIVITY_COLUMNS.join(',')}\n${rows.map((r) => `${r.map((c) => csvField(String(c))).join(',')}\n`).join('')}`;
}

/** SALib's files: the problem, the samples (parameter values, run order), and each metric's outputs. */
export function salibFiles(points: DesignPoints, summaries: readonly PointSummary[], a: SensitivityAnalysis): Record<string, string> {
  const files: Record<string, string> = {
    'salib/problem.txt': salibProblemText(points.design.parameters),
    'salib/samples.txt': salibSamplesText(points.design),
  };
  for (const m of a.metrics) {
    const i = METRIC_INDEX[m.metric];
    files[`salib/outputs-${m.metric}.txt`] = salibOutputsText(summaries.map((p) => p.estimates[a.statistic][i].mean));
  }
  return files;
}

/** What `tokenmaxx sensitivity` prints: per metric, the parameters ranked by μ* or ST. */
export function sensitivityTable(a: SensitivityAnalysis): string {
  const num = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : '—');
  const lines: string[] = [];
  for (const m of a.metrics) {
    const rows =
      a.method === 'morris'
        ? [...m.morris!].sort((x, y) => y.muStar - x.muStar).map((x) => [x.path, num(x.muStar), `[${num(x.muStarCi[0])}, ${num(x.muStarCi[1])}]`, num(x.mu), num(x.sigma)])
        : [...m.sobol!].sort((x, y) => y.st - x.st).map((x) => [x.path, num(x.st), `[${num(x.stCi[0])}, ${num(x.stCi[1])}]`, num(x.s1), `[${num(x.s1Ci[0])}, ${num(x.s1Ci[1])}]`]);
    const header = a.method === 'morris' ? ['parameter', 'μ*', '95% CI', 'μ', 'σ'] : ['parameter', 'ST', '95% CI', 'S1', '95% CI'];
    const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
    const line = (c: string[]) => c.map((x, j) => (j === 0 ? x.padEnd(widths[j]) : x.padStart(widths[j]))).join('  ');
    lines.push(`${m.metric} (${a.statistic}), ${a.method === 'morris' ? 'Morris elementary effects, by μ*' : "Sobol' indices, by total index ST"}:`, line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '');
  }
  return lines.join('\n');
}

/** What to analyse. */
export interface SensitivityRequest {
  scenariosFile: string;
  /** The one scenario whose assumptions vary. */
  scenario: string;
  sets?: SweepRequest['sets'];
  design: DesignSpec;
  metrics: readonly MetricName[];
  statistic: Statistic;
  /** Bootstrap resamples for the intervals. */
  resamples: number;
}

/**
 * A sensitivity analysis, checked, run and written into `destination` all or nothing: the sweep's
 * files, sensitivity.csv and salib/. Throws InputError naming every problem before anything runs.
 * With `from`, every run is taken from it (a merge of shards).
 */
export async function sensitivityPipeline(
  request: SensitivityRequest,
  options: SweepOptions,
  destination: RunDestination | ((experiment: string | undefined) => RunDestination),
  from?: RunSource,
): Promise<SweepResult & { sensitivity: SensitivityAnalysis }> {
  const result = await sweepPipeline(
    { scenariosFile: request.scenariosFile, names: [request.scenario], sets: request.sets, design: request.design },
    {
      ...options,
      best: undefined,
      analyse: (points, summaries) => {
        const sensitivity = analyse(points, summaries, request.metrics, request.statistic, { seed: options.seed, resamples: request.resamples });
        const csv = sensitivityCsv(sensitivity);
        const parquet: Record<string, Uint8Array> = options.parquet ? { 'sensitivity.parquet': parquetOfCsv(csv, ['metric', 'statistic', 'method', 'parameter', 'index']) } : {};
        return { files: { 'sensitivity.csv': csv, ...parquet, ...salibFiles(points, summaries, sensitivity) }, sensitivity };
      },
    },
    destination,
    from,
  );
  return { ...result, sensitivity: result.sensitivity! };
}
