/**
 * Sweeps: every scenario asked for × every point of a design × every replicate, with the same
 * replicate seeds at every point (common random numbers: points differ by their parameters, not by
 * luck), answered as files and as a constrained question.
 *
 *   scenario file, --set, design (--vary or --design FILE)
 *     │  checked together: every problem at once, nothing run (as `run` does)
 *     ├─ points        the design's points (src/experiment/design.ts), each a --set of every
 *     │                varied parameter, after the scenario's own and the command's --set
 *     ├─ runs          scenario-major, then point, then replicate; on the worker pool, results
 *     │                taken in that order whatever order they finish in (src/experiment/pool.ts)
 *     ├─ sweep.csv     one row per run, as it is taken: the point's values, the seed, each
 *     │                metric's final-week and weekly-mean value
 *     ├─ sweep-summary.csv   per point and metric: mean, sd, 95% t-interval over replicates,
 *     │                written when a point's last replicate is taken
 *     ├─ best          with --best: the best point meeting --where, and the points tied with it
 *     │                (docs/EXPERIMENTS.md)
 *     └─ design.json, manifest.json   what was run, and how to run it again
 *
 * Memory holds the runs in flight, the point being summarised, and per point its means and the
 * replicate values of the --best metric: it does not grow with the number of runs taken.
 */
import { METRIC_NAMES, METRICS } from '../model/metrics.js';
import { checkScenarioFile, locateInFile, type CheckedFile } from '../scenarios/load.js';
import { InputError, sortProblems, type Problem } from '../scenarios/problems.js';
import { resolveChecked } from '../scenarios/request.js';
import { canonicalJson, checkSetArguments, overrideRecord, resolveScenario, scenarioRecord, type Override, type ResolvedScenario, type SetArgument } from '../scenarios/resolve.js';
import { messages } from '../messages.js';
import { ParquetStream, typedColumns } from '../output/parquet.js';
import type { RunDestination, RunWriter, Written } from './destination.js';
import { designPoints, designSizeProblems, pointOverrides, type DesignPoints, type DesignSpec, type DesignValue } from './design.js';
import { csvField, sha256, type Provenance } from './outputs.js';
import { autoWorkers, runInOrder, type RunSpec } from './pool.js';
import { replicateSeeds } from './run.js';
import { estimate, replicateScalars, type Estimate } from './summarize.js';
import { answerBest, bestJson, bestProblems, type BestAnswer, type BestQuestion } from './best.js';
import { STATISTICS, type Statistic } from './compare.js';
import type { SensitivityAnalysis } from './sensitivity.js';

/** What to sweep. */
export interface SweepRequest {
  scenariosFile: string;
  /** Scenario names; empty = every scenario of the file, in name order. */
  names?: readonly string[];
  sets?: readonly SetArgument[];
  design: DesignSpec;
}

/** The best point under a condition (best.ts), asked of a sweep's points. */
export { answerBest, bestJson, type BestAnswer, type BestQuestion } from './best.js';

/** How to sweep. */
export interface SweepOptions {
  seed: string | number;
  replicates: number;
  /** Worker threads; 'auto' = one per core, or this thread for a sweep under a second. */
  workers: number | 'auto';
  provenance: Omit<Provenance, 'seed' | 'replicates'>;
  best?: BestQuestion;
  /** Also write charts/ and report.html. */
  report?: boolean;
  /** Also render each chart to PNG (implies `report`). */
  png?: boolean;
  /**
   * A study built on the sweep (`tokenmaxx sensitivity`): once every point is summarised, its own
   * data files, and an analysis the report shows.
   */
  analyse?: (points: DesignPoints, summaries: readonly PointSummary[]) => { files: Record<string, string | Uint8Array>; sensitivity?: SensitivityAnalysis };
  /** Also write sweep.parquet and sweep-summary.parquet (and the analysis's tables) beside the CSV files. */
  parquet?: boolean;
  progress?: { update: (done: number, total: number, label: string) => void; stop(): void };
  /** Problems the caller found in its own options, reported with every other. */
  problems?: readonly Problem[];
}

/** One point of one scenario, summarised over its replicates. */
export interface PointSummary {
  scenario: string;
  point: number;
  values: DesignValue[];
  /** Per metric and statistic: the estimate over replicates. */
  estimates: Record<Statistic, Estimate[]>;
  /** The --best metric's value in each replicate (for the paired tie test), when asked. */
  bestValues?: number[];
}

/** What a sweep made. */
export interface SweepResult {
  design: DesignPoints;
  scenarios: ResolvedScenario[];
  summaries: PointSummary[];
  best?: BestAnswer;
  sensitivity?: SensitivityAnalysis;
  written: Written;
}

/** The files of a sweep, in the order they are written. */
export const SWEEP_FILES = ['sweep.csv', 'sweep-summary.csv', 'design.json'] as const;

/** Checks everything a sweep needs before any run: the file, the names, the --set, every point of every scenario, the question. */
function checkSweep(request: SweepRequest, options: SweepOptions, resolves: PointFilter = () => true): { checked: CheckedFile; overrides: Override[]; scenarios: ResolvedScenario[]; points?: DesignPoints; problems: Problem[] } {
  const checked = checkScenarioFile(request.scenariosFile);
  const sets = checkSetArguments(request.sets ?? []);
  const { problems, scenarios } = resolveChecked(checked, sets, request.names);
  problems.push(...(options.problems ?? []));
  if (options.best) problems.push(...bestProblems(options.best));
  if (options.best && options.replicates < 2) problems.push({ source: '--reps', path: [], message: messages.needsReplicates('--best (which points are tied)', options.replicates) });
  problems.push(...designSizeProblems(request.design, request.design.parameters[0]?.source ?? 'design'));
  // A design with problems (the caller's, in options.problems) has no points to check.
  if (problems.length > 0) return { checked, overrides: sets.overrides, scenarios, problems: sortProblems(problems) };
  const points = designPoints(request.design, options.seed);
  {
    // Each point resolved once here, and its problems (an expression that fails in some week) named by
    // point; each point's values are checked, and its weeks resolved if `resolves` says so.
    scenarios.forEach((s, j) => {
      points.values.forEach((values, k) => {
        const point = pointOverrides(request.design, values, k);
        problems.push(...point.problems);
        if (point.problems.length > 0 || !resolves(j, k, points.values.length)) return;
        try {
          resolveScenario(checked.file, s.name, [...sets.overrides, ...point.overrides]);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          problems.push(...locateInFile(checked.file, e.problems));
        }
      });
    });
  }
  return { checked, overrides: sets.overrides, scenarios, points, problems: sortProblems(problems) };
}

/** The columns of sweep.csv: keys, the point's parameters, then every metric at each statistic. */
export function sweepColumns(spec: DesignSpec): string[] {
  return ['scenario', 'point', ...spec.parameters.map((p) => p.path), 'replicate', 'seed', ...STATISTICS.flatMap((s) => METRIC_NAMES.map((m) => `${m}.${s}`))];
}

/** The columns of sweep-summary.csv (long: one row per point × metric × statistic). */
export function summaryColumns(spec: DesignSpec): string[] {
  return ['scenario', 'point', ...spec.parameters.map((p) => p.path), 'metric', 'statistic', 'n', 'mean', 'sd', 'ciLow', 'ciHigh'];
}

/**
 * sweep.parquet and sweep-summary.parquet, row by row beside the CSV files: a parameter's column is
 * text when its values are (`first`, the first point's values, says), a number otherwise.
 */
function sweepParquet(spec: DesignSpec, first: readonly DesignValue[], writer: Pick<RunWriter, 'create'>): { runs: ParquetStream; summary: ParquetStream; close(): Promise<void> } {
  const text = spec.parameters.filter((_, i) => typeof first[i] === 'string').map((p) => p.path);
  const open = (name: string, columns: string[], ints: string[]) => {
    const file = writer.create(name);
    return { file, table: new ParquetStream(typedColumns(columns, [...text, 'scenario', 'seed', 'metric', 'statistic'], ints), (bytes) => file.write(bytes)) };
  };
  const runs = open('sweep.parquet', sweepColumns(spec), ['point', 'replicate']);
  const summary = open('sweep-summary.parquet', summaryColumns(spec), ['point', 'n']);
  return {
    runs: runs.table,
    summary: summary.table,
    close: async () => {
      for (const t of [runs, summary]) {
        await t.table.close();
        t.file.close();
      }
    },
  };
}

const cells = (xs: readonly (string | number)[]) => xs.map((x) => csvField(String(x))).join(',');

/** A sweep checked and laid out: its points, seeds and run list, ready to run whole or in shards. */
export interface SweepPlan {
  checked: CheckedFile;
  overrides: Override[];
  scenarios: ResolvedScenario[];
  points: DesignPoints;
  /** sha256 of everything the results depend on (experimentId below). */
  experiment: string;
  seeds: string[];
  /** Runs: scenarios × points × replicates. */
  total: number;
  /** Run `index` = (scenario × P + point) × R + replicate: the study's run list, scenario-major. */
  runOf(index: number): { scenario: number; point: number; replicate: number };
  /**
   * The runs of `indexes` (ascending), each with what simulating it takes; a point's weekly
   * parameters are resolved when its first run is listed, and shared by the runs that follow it.
   */
  specs(indexes: Iterable<number>): Generator<RunSpec & { index: number }>;
}

/**
 * Which points a sweep resolves week by week before it runs (scenario index, point index, points in
 * the design): every point on one machine; a shard, its own points only (the other shards resolve
 * theirs); a merge, none (every point was resolved by the shard that ran it). Every point's values
 * are checked in every case.
 */
export type PointFilter = (scenario: number, point: number, points: number) => boolean;

/** Values each run keeps: every metric at each statistic (sweep.csv's metric columns). */
export const SWEEP_RUN_WIDTH = STATISTICS.length * METRICS.length;

/**
 * Checks a sweep (as {@link sweepPipeline} does, with `destination`'s problems made from its id) and
 * lays it out. Throws InputError naming every problem before anything is run or written.
 */
export function planSweep<D extends { problems(): Problem[] }>(
  request: SweepRequest,
  options: SweepOptions,
  to: (experiment: string | undefined) => D,
  resolves?: PointFilter,
): { plan: SweepPlan; destination: D } {
  const checkedSweep = checkSweep(request, options, resolves);
  const { checked, overrides, scenarios, problems } = checkedSweep;
  const points = checkedSweep.points;
  const experiment = points && problems.length === 0 ? experimentId(scenarios, overrides, points, options) : undefined;
  const destination = to(experiment);
  problems.push(...destination.problems());
  if (problems.length > 0 || !points || !experiment) throw new InputError(sortProblems(problems));
  const seeds = replicateSeeds(options.seed, options.replicates);
  const R = seeds.length;
  const P = points.values.length;
  const runOf = (index: number) => ({ scenario: Math.floor(index / (P * R)), point: Math.floor(index / R) % P, replicate: index % R });
  function* specs(indexes: Iterable<number>): Generator<RunSpec & { index: number }> {
    let weekly: RunSpec['weekly'] | undefined;
    let weeklyOf = -1;
    for (const index of indexes) {
      const run = runOf(index);
      const key = run.scenario * P + run.point;
      if (key !== weeklyOf) {
        weekly = resolveScenario(checked.file, scenarios[run.scenario].name, [...overrides, ...pointOverrides(request.design, points!.values[run.point], run.point).overrides]).weekly;
        weeklyOf = key;
      }
      yield { weekly: weekly!, seed: seeds[run.replicate], index };
    }
  }
  return { plan: { checked, overrides, scenarios, points, experiment, seeds, total: scenarios.length * P * R, runOf, specs }, destination };
}

/** Where a merged study's runs come from: finished shards (src/experiment/shard.ts), nothing simulated. */
export interface RunSource {
  /** The id of the study the runs belong to; a sweep of another id is refused. */
  experiment: string;
  /** Run `index`'s values (SWEEP_RUN_WIDTH of them). */
  take(index: number): Float64Array;
}

/**
 * A sweep, checked, run and written into `destination` all or nothing. Throws InputError naming
 * every problem before anything is run or written. With `from`, every run is taken from it (a
 * merge of shards), and it must be of this very sweep.
 */
export async function sweepPipeline(request: SweepRequest, options: SweepOptions, to: RunDestination | ((experiment: string | undefined) => RunDestination), from?: RunSource): Promise<SweepResult> {
  const { plan, destination } = planSweep(request, options, (experiment) => {
    const d = typeof to === 'function' ? to(experiment) : to;
    const mismatch = from && experiment !== undefined && from.experiment !== experiment;
    return { problems: () => [...d.problems(), ...(mismatch ? [{ source: 'merge', path: [], message: messages.shardsOtherStudy(from.experiment, experiment) }] : [])], write: d.write.bind(d) };
  }, from ? () => false : undefined);
  const { scenarios, points, experiment, seeds, total, runOf } = plan;
  const spec = request.design;
  const R = seeds.length;
  const P = points.values.length;
  const summaries: PointSummary[] = [];
  const bestIndex = options.best ? METRIC_NAMES.indexOf(options.best.metric as (typeof METRIC_NAMES)[number]) + METRICS.length * STATISTICS.indexOf(options.best.statistic) : -1;

  /** Every run not in `done`, in order (none when the runs come from shards). */
  function* unfinished(done: ReadonlySet<number>): Generator<number> {
    for (let index = 0; index < total && !from; index++) if (!done.has(index)) yield index;
  }

  let sensitivity: SensitivityAnalysis | undefined;
  const written = await destination.write(async (writer) => {
    const csv = writer.create('sweep.csv');
    const summary = writer.create('sweep-summary.csv');
    csv.write(`${sweepColumns(spec).join(',')}\n`);
    summary.write(`${summaryColumns(spec).join(',')}\n`);
    const tables = options.parquet ? sweepParquet(spec, points.values[0] ?? [], writer) : undefined;
    let scalars: Float64Array[] = [];
    // Runs finished by an earlier, interrupted attempt of this same experiment are taken from its
    // checkpoint; each run finished now is appended to it as it is taken.
    const checkpoint = from ? undefined : writer.checkpoint?.({ experiment, runs: total, width: SWEEP_RUN_WIDTH });
    const done = checkpoint?.done ?? new Map<number, Float64Array>();
    const missing = from ? 0 : total - done.size;
    const workers = options.workers === 'auto' ? autoWorkers(scenarios.map((sc) => ({ weekly: sc.weekly, runs: missing / Math.max(1, scenarios.length) }))) : options.workers;
    const simulated = runInOrder(plan.specs(unfinished(new Set(done.keys()))), { workers })[Symbol.asyncIterator]();
    let taken = 0;
    // The pool and the checkpoint are closed on every path, a failure part-way included.
    try {
      for (let index = 0; index < total; index++) {
        let x = from ? from.take(index) : done.get(index);
        done.delete(index);
        if (!x) {
          const next = await simulated.next();
          if (next.done || next.value.spec.index !== index) throw new Error(`sweep: run ${index} expected from the pool`);
          x = replicateScalars(next.value.result);
          checkpoint?.append(index, x);
          options.progress?.update(++taken, missing, `point ${Math.floor(index / R) + 1}/${scenarios.length * P}`);
        }
        const run = { ...runOf(index), seed: seeds[index % R] };
        const name = scenarios[run.scenario].name;
        const values = points.values[run.point];
        csv.write(`${cells([name, run.point, ...values, run.replicate, run.seed])},${Array.from(x, String).join(',')}\n`);
        tables?.runs.add([name, run.point, ...values, run.replicate, run.seed, ...x]);
        scalars.push(x);
        if (run.replicate < R - 1) continue;
        const point = summarisePoint(name, run.point, values, scalars, bestIndex);
        for (const statistic of STATISTICS) {
          METRIC_NAMES.forEach((metric, m) => {
            const e = point.estimates[statistic][m];
            summary.write(`${cells([name, run.point, ...values, metric, statistic, e.n, e.mean, e.sd, e.ci95[0], e.ci95[1]])}\n`);
            tables?.summary.add([name, run.point, ...values, metric, statistic, e.n, e.mean, e.sd, e.ci95[0], e.ci95[1]]);
          });
        }
        await tables?.runs.ready();
        await tables?.summary.ready();
        summaries.push(point);
        scalars = [];
      }
    } finally {
      await simulated.return?.(undefined);
      options.progress?.stop();
      checkpoint?.close();
    }
    csv.close();
    summary.close();
    await tables?.close();
    writer.writeFile('design.json', designJson(points, options));
    if (options.best) writer.writeFile('best.json', bestJson(answerBest(options.best, summaries)));
    const analysis = options.analyse?.(points, summaries);
    for (const [name, text] of Object.entries(analysis?.files ?? {})) writer.writeFile(name, text);
    sensitivity = analysis?.sensitivity;
    if (options.report || options.png) {
      const { buildSweepReport } = await import('../report/sweepReport.js');
      const best = options.best ? answerBest(options.best, summaries) : undefined;
      const files = await buildSweepReport({ spec, summaries, best, sensitivity, replicates: R, seed: options.seed, png: options.png, command: options.provenance.command, toolVersion: options.provenance.toolVersion });
      for (const [name, text] of Object.entries(files)) writer.writeFile(name, text);
    }
    return canonicalJson(
      {
        tool: 'tokenmaxx',
        toolVersion: options.provenance.toolVersion,
        nodeVersion: options.provenance.nodeVersion,
        gitCommit: options.provenance.gitCommit,
        command: options.provenance.command,
        experiment: 'sweep',
        seed: options.seed,
        experimentId: experiment,
        replicates: R,
        replicateSeeds: seeds,
        scenarios: scenarios.map(scenarioRecord),
        files: writer.files(),
      },
      2,
    ) + '\n';
  });
  const best = options.best ? answerBest(options.best, summaries) : undefined;
  return { design: points, scenarios, summaries, best, sensitivity, written };
}

/** design.json: the design as run — method, sizes, parameters, and every point's values. */
function designJson(points: DesignPoints, options: Pick<SweepOptions, 'seed'>): string {
  const { spec } = points;
  return (
    canonicalJson(
      {
        method: spec.method,
        // The levels the design used: a Morris grid's own (4), a grid's per range.
        levels: 'levels' in points.design ? (points.design as { levels: number }).levels : spec.levels,
        samples: spec.samples,
        trajectories: spec.trajectories,
        seed: options.seed,
        parameters: spec.parameters.map((p) => ({ path: p.path, ...(p.values ? { values: p.values } : { range: p.range }), integer: p.integer })),
        points: points.values,
      },
      2,
    ) + '\n'
  );
}

/** A point's estimates over its replicates' scalars, and the --best metric's replicate values. */
function summarisePoint(scenario: string, point: number, values: DesignValue[], scalars: readonly Float64Array[], bestIndex: number): PointSummary {
  const width = METRICS.length;
  const estimates = Object.fromEntries(STATISTICS.map((s, j) => [s, METRICS.map((_, m) => estimate(scalars.map((x) => x[j * width + m])))])) as Record<Statistic, Estimate[]>;
  return { scenario, point, values, estimates, ...(bestIndex >= 0 ? { bestValues: scalars.map((x) => x[bestIndex]) } : {}) };
}

/** What `tokenmaxx sweep` prints (sweepTable.ts). */
export { sweepTable } from './sweepTable.js';

/**
 * The id of a sweep: sha256 of everything its results depend on — the tool's version, each
 * scenario as resolved (with the --set), the design's points, the seed and the replicates. A
 * checkpoint or a finished folder of the same id holds the same runs.
 */
function experimentId(scenarios: readonly ResolvedScenario[], overrides: readonly Override[], points: DesignPoints, options: Pick<SweepOptions, 'seed' | 'replicates' | 'provenance'>): string {
  const identity = {
    toolVersion: options.provenance.toolVersion,
    scenarios: scenarios.map(scenarioRecord),
    overrides: overrides.map(overrideRecord),
    method: points.spec.method,
    parameters: points.spec.parameters.map((p) => p.path),
    points: points.values,
    seed: options.seed,
    replicates: options.replicates,
  };
  return sha256(canonicalJson(identity));
}
