/**
 * A paired comparison of two scenarios, A and B, under common random numbers: replicate r of A and
 * of B run on the same replicate seed, so the same employees meet the same luck and differ only by
 * the policies. Pure: per-replicate scalars and final strategies in, rows and text out.
 *
 *   - Per metric and statistic (the final week's value, the run's weekly mean): the means of A and
 *     of B, and the mean paired difference B − A with its 95% paired-t interval (docs/EXPERIMENTS.md).
 *   - What pairing bought, measured: B is also run on independent seeds (replicates R..2R−1 of the
 *     same run seed), and the unpaired (Welch) interval of B − A from those is set beside the paired
 *     one; `ciWidthRatio` = unpaired width ÷ paired width.
 *   - Counterfactual flows: each employee's final-week strategy under A and under B, counted as a
 *     from → to matrix. Only paired streams make this meaningful: employee i is the same person,
 *     with the same traits and the same draws, in both runs.
 */
import { messages } from '../messages.js';
import { METRIC_NAMES, METRICS } from '../model/metrics.js';
import { STRATEGY_COUNT, STRATEGY_NAMES } from '../model/strategies.js';
import type { Problem } from '../scenarios/problems.js';
import type { ResolvedScenario } from '../scenarios/resolve.js';
import { pairedComparison, welchComparison } from '../stats/paired.js';
import type { RunDestination } from './destination.js';
import { csvField } from './outputs.js';
import { runPipeline, type Collected, type PipelineResult, type Resolved, type RunOptions, type RunRequest, type Study } from './pipeline.js';
import type { RunSpec } from './pool.js';
import type { ReplicateResult } from '../model/simulate.js';
import { replicateSeeds, type FinishedReplicate } from './run.js';
import { replicateScalars } from './summarize.js';

/** The two statistics of a metric that summary.json estimates, in replicateScalars' layout. */
export const STATISTICS = ['final', 'weeklyMean'] as const;
/** One of the two statistics: `final` (the last week's value) or `weeklyMean` (the mean over every week). */
export type Statistic = (typeof STATISTICS)[number];

/** One row of comparison.csv. */
export interface ComparisonRow {
  metric: string;
  unit: string;
  statistic: Statistic;
  /** Paired replicates. */
  n: number;
  meanA: number;
  meanB: number;
  /** Mean paired difference B − A, with its 95% paired-t interval. */
  difference: number;
  ciLow: number;
  ciHigh: number;
  /** The 95% Welch interval of B − A with B on independent seeds. */
  independentCiLow: number;
  independentCiHigh: number;
  /** Unpaired width ÷ paired width; null when the paired interval has no width. */
  ciWidthRatio: number | null;
}

/** The columns of comparison.csv, in order. */
export const COMPARISON_COLUMNS = [
  'metric',
  'unit',
  'statistic',
  'n',
  'meanA',
  'meanB',
  'difference',
  'ciLow',
  'ciHigh',
  'independentCiLow',
  'independentCiHigh',
  'ciWidthRatio',
] as const satisfies readonly (keyof ComparisonRow)[];

/**
 * Every metric and statistic compared. Each argument holds one `replicateScalars` block per
 * replicate, in replicate order: `a[r]` and `b[r]` share replicate r's seed; `independentB[r]` has a
 * seed of its own.
 */
export function compareScalars(a: readonly Float64Array[], b: readonly Float64Array[], independentB: readonly Float64Array[]): ComparisonRow[] {
  const width = METRICS.length;
  const rows: ComparisonRow[] = [];
  STATISTICS.forEach((statistic, k) => {
    METRICS.forEach((metric, m) => {
      const at = k * width + m;
      const column = (blocks: readonly Float64Array[]) => blocks.map((s) => s[at]);
      const xa = column(a);
      const paired = pairedComparison(xa, column(b));
      const d = paired.difference;
      const unpaired = welchComparison(xa, column(independentB));
      const width95 = d.ci95[1] - d.ci95[0];
      rows.push({
        metric: metric.name,
        unit: metric.unit,
        statistic,
        n: d.n,
        meanA: paired.meanA,
        meanB: paired.meanB,
        difference: d.mean,
        ciLow: d.ci95[0],
        ciHigh: d.ci95[1],
        independentCiLow: unpaired.ci95[0],
        independentCiHigh: unpaired.ci95[1],
        ciWidthRatio: width95 > 0 ? (unpaired.ci95[1] - unpaired.ci95[0]) / width95 : null,
      });
    });
  });
  return rows;
}

/** comparison.csv: one row per metric × statistic, in metric order within each statistic. */
export function comparisonCsv(rows: readonly ComparisonRow[]): string {
  const lines = rows.map((r) => COMPARISON_COLUMNS.map((c) => (r[c] === null ? '' : csvField(String(r[c])))).join(','));
  return `${COMPARISON_COLUMNS.join(',')}\n${lines.map((l) => `${l}\n`).join('')}`;
}

/** One cell of the flows matrix. */
export interface FlowRow {
  from: string;
  to: string;
  /** Employees per replicate moving from → to, averaged over replicates. */
  employees: number;
  /** Share of all employees. */
  share: number;
  /** Share of the employees whose strategy under A is `from`. */
  shareOfFrom: number;
}

/** The columns of flows.csv, in order. */
export const FLOW_COLUMNS = ['from', 'to', 'employees', 'share', 'shareOfFrom'] as const satisfies readonly (keyof FlowRow)[];

/** Counts final-week strategy pairs (A → B), employee by employee, replicate by replicate. */
export class FlowTally {
  private readonly counts = new Float64Array(STRATEGY_COUNT * STRATEGY_COUNT);
  private replicates = 0;
  private employees = 0;

  /** Adds one replicate: employee i's final strategy under A and under B. */
  add(a: Uint8Array, b: Uint8Array): void {
    if (a.length !== b.length) throw new RangeError(`flows need the same employees under A and B (${a.length} vs ${b.length})`);
    for (let i = 0; i < a.length; i++) this.counts[a[i] * STRATEGY_COUNT + b[i]] += 1;
    this.replicates += 1;
    this.employees += a.length;
  }

  /** The 16 cells, from-strategy major, in strategy-code order. */
  rows(): FlowRow[] {
    const rows: FlowRow[] = [];
    for (let from = 0; from < STRATEGY_COUNT; from++) {
      let fromTotal = 0;
      for (let to = 0; to < STRATEGY_COUNT; to++) fromTotal += this.counts[from * STRATEGY_COUNT + to];
      for (let to = 0; to < STRATEGY_COUNT; to++) {
        const c = this.counts[from * STRATEGY_COUNT + to];
        rows.push({
          from: STRATEGY_NAMES[from],
          to: STRATEGY_NAMES[to],
          employees: this.replicates > 0 ? c / this.replicates : 0,
          share: this.employees > 0 ? c / this.employees : 0,
          shareOfFrom: fromTotal > 0 ? c / fromTotal : 0,
        });
      }
    }
    return rows;
  }
}

/** flows.csv: the 16 cells of the from → to matrix. */
export function flowsCsv(rows: readonly FlowRow[]): string {
  return `${FLOW_COLUMNS.join(',')}\n${rows.map((r) => `${FLOW_COLUMNS.map((c) => String(r[c])).join(',')}\n`).join('')}`;
}

/** The metrics the printed comparison shows, in order (every metric is in comparison.csv). */
export const PRINTED_METRICS = [
  'adoptionRate',
  'gamingShare',
  'wasteShare',
  'spendPerEmployeeUSD',
  'outputGain',
  'meanBelief',
  'incidentsPer1kOutput',
  'netValuePerEmployeeUSD',
] as const satisfies readonly (typeof METRIC_NAMES)[number][];

/** A number printed with 4 significant digits, or as an integer when large. */
function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 1000) return x.toFixed(0);
  return Number(x.toPrecision(4)).toString();
}

/** The table `tokenmaxx compare` prints: final-week key metrics, A, B, B − A with its CI, and what pairing bought. */
export function comparisonTable(rows: readonly ComparisonRow[], names: { a: string; b: string }, finalWeek: number): string {
  const shown = PRINTED_METRICS.map((m) => rows.find((r) => r.metric === m && r.statistic === 'final')!);
  const header = ['metric', names.a, names.b, 'B − A', '95% CI (paired)', 'unpaired CI ÷ paired'];
  const body = shown.map((r) => [
    r.metric,
    num(r.meanA),
    num(r.meanB),
    num(r.difference),
    `[${num(r.ciLow)}, ${num(r.ciHigh)}]`,
    r.ciWidthRatio === null ? '—' : `${r.ciWidthRatio.toFixed(1)}×`,
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((c) => c[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  const title = `Final week (week ${finalWeek}), B = ${names.b} against A = ${names.a}, ${shown[0]?.n ?? 0} paired replicates:`;
  return [title, line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n') + '\n';
}

/** The data files a comparison adds to its run, in the order they are written. */
export const COMPARISON_FILES = ['comparison.csv', 'flows.csv'] as const;

/** What `tokenmaxx compare` asks for: two scenarios of a file, and `--set` arguments for both. */
export interface CompareRequest {
  scenariosFile: string;
  a: string;
  b: string;
  sets?: RunRequest['sets'];
}

/** A comparison's results besides its run's: the rows of comparison.csv and flows.csv. */
export interface ComparisonResult {
  rows: ComparisonRow[];
  flows: FlowRow[];
}

/**
 * The comparison as a study of a run of [A, B]: it checks that A and B simulate the same employees
 * for the same weeks (else "employee i" and "the final week" would not be the same in both), pairs
 * each replicate's final strategies as they are collected (A's are kept until B's replicate of the
 * same seed arrives: employees × replicates bytes), then runs B on independent seeds.
 */
export class Comparison implements Study {
  private readonly pendingA = new Map<number, Uint8Array>();
  private readonly flows = new FlowTally();
  /** The results, once `files` has run. */
  result: ComparisonResult | undefined;

  constructor(
    private readonly a: string,
    private readonly b: string,
  ) {}

  readonly kind = 'compare';

  /** B again on R independent seeds; every run keeps its final strategies (the flows). */
  extra(options: Pick<RunOptions, 'replicates'>): { runs: number; strategies: boolean } {
    return { runs: options.replicates, strategies: true };
  }

  problems(resolved: Resolved): Problem[] {
    const [a, b] = resolved.scenarios;
    if (!a || !b) return [];
    const shape = (s: ResolvedScenario) => ({ weeks: s.weekly.length, employees: s.weekly[0].population.employees });
    const [sa, sb] = [shape(a), shape(b)];
    if (sa.weeks === sb.weeks && sa.employees === sb.employees) return [];
    return [{ source: 'compare', path: [], message: messages.compareShapes(a.name, sa, b.name, sb) }];
  }

  readonly textColumns = { 'comparison.csv': ['metric', 'unit', 'statistic'], 'flows.csv': ['from', 'to'] };

  observe(r: FinishedReplicate): void {
    if (r.scenario.name === this.a) this.pendingA.set(r.replicate, r.result.finalStrategies);
    else {
      this.flows.add(this.pendingA.get(r.replicate)!, r.result.finalStrategies);
      this.pendingA.delete(r.replicate);
    }
  }

  async files(collected: Collected, options: Pick<RunOptions, 'seed' | 'replicates' | 'workers'>, runs: (specs: readonly RunSpec[]) => AsyncIterable<ReplicateResult>): Promise<Record<string, string>> {
    const b = collected.scenarios.find((s) => s.name === this.b)!;
    // B on seeds of its own: replicates R..2R−1 of the same run seed, independent of 0..R−1.
    const seeds = replicateSeeds(options.seed, 2 * options.replicates).slice(options.replicates);
    const independent: Float64Array[] = [];
    for await (const result of runs(seeds.map((seed) => ({ weekly: b.weekly, seed })))) independent.push(replicateScalars(result));
    const rows = compareScalars(collected.collector.scalarsOf(this.a), collected.collector.scalarsOf(this.b), independent);
    this.result = { rows, flows: this.flows.rows() };
    return { 'comparison.csv': comparisonCsv(rows), 'flows.csv': flowsCsv(this.result.flows) };
  }
}

/**
 * `tokenmaxx compare A B`: the run of [A, B] (paired replicates under common random numbers, with
 * every file of a run and its report), plus comparison.csv and flows.csv. Throws InputError naming
 * every problem before anything is simulated or written.
 */
export async function comparePipeline(request: CompareRequest, options: RunOptions, destination?: RunDestination): Promise<PipelineResult & { comparison: ComparisonResult }> {
  const problems: Problem[] = [...(options.problems ?? [])];
  if (request.a === request.b) problems.push({ source: 'compare', path: [], message: messages.compareSame(request.a) });
  if (options.replicates < 2) problems.push({ source: '--reps', path: [], message: messages.needsReplicates('compare', options.replicates) });
  const comparison = new Comparison(request.a, request.b);
  const names = request.a === request.b ? [request.a] : [request.a, request.b];
  const result = await runPipeline({ scenariosFile: request.scenariosFile, names, sets: request.sets }, { ...options, problems }, destination, comparison);
  return { ...result, comparison: comparison.result! };
}
