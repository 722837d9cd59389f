/**
 * The model as the calibration engine sees it: a batch of points in, one summary vector per point
 * out (abc.ts's `Simulator`).
 *
 *   point x (natural units, prior order)
 *     → each run the targets read (a preset, plus its own settings) resolved with --employees and
 *       --weeks, then x's values, then the run's settings; every run of every point of the batch
 *       resolved before any is simulated, so a point that makes a scenario invalid is refused with
 *       its problems located, and nothing run
 *     → `reps` replicates of each run on the worker pool, taken in order (pool.ts), on seeds that
 *       depend only on (seed, generation, proposal, replicate): the same bytes for any number of
 *       workers and any batch
 *     → per run, each metric's weekly series averaged over replicates (RunSeries)
 *     → per target, the mean over its weeks, transformed (targets.ts): the summary vector
 *
 * The same path, with seeds keyed by draw instead of proposal, evaluates the held-out facts on
 * posterior draws ({@link simulatePoints}).
 */
import { METRICS } from '../model/metrics.js';
import { replicateSeed } from '../model/rng.js';
import type { LoadedFile } from '../scenarios/load.js';
import { locateInFile } from '../scenarios/load.js';
import { InputError, sortProblems, type Problem } from '../scenarios/problems.js';
import { checkSetArguments, resolveScenario, type Override } from '../scenarios/resolve.js';
import type { WeekParameters } from '../scenarios/schema.js';
import { autoWorkers, runInOrder, type RunSpec } from '../experiment/pool.js';
import type { Simulator } from './abc.js';
import type { Prior } from './prior.js';
import { metricSeries, targetRuns, targetSummary, type CalibrationRun, type CalibrationTarget, type RunSeries } from './targets.js';

/** What every point of a calibration is simulated with. */
export interface SimulationSetup {
  /** The scenario file the runs' presets come from. */
  file: LoadedFile;
  /** Overrides applied first to every run (--employees, --weeks), before the point's values. */
  base: readonly Override[];
  /** The calibrated parameters, in the order of a point's coordinates. */
  prior: Prior;
  /** Replicates of each run per point. */
  reps: number;
  /** Worker threads; 'auto' = one per core, or this thread for a batch under a second. */
  workers: number | 'auto';
}

/**
 * The seed of replicate `replicate` of every run of proposal `proposal` of generation `generation`:
 * a function of those and the calibration's seed only. The runs of one point share it (common random
 * numbers across its scenarios).
 */
export function proposalSeed(seed: string | number, generation: number, proposal: number, replicate: number): string {
  return replicateSeed(`${seed}/calibrate/${generation}/${proposal}`, replicate);
}

/** The seed of replicate `replicate` of every run of posterior draw `draw` when the held-out facts are checked. */
export function validationSeed(seed: string | number, draw: number, replicate: number): string {
  return replicateSeed(`${seed}/validate/${draw}`, replicate);
}

/**
 * The overrides that set point `x`'s values and then run `run`'s own settings, each named by
 * `source` in problems; and the problems of values a parameter does not accept.
 */
export function particleOverrides(prior: Prior, x: ArrayLike<number>, run: CalibrationRun, source: string): { overrides: Override[]; problems: Problem[] } {
  const point = checkSetArguments(prior.map((p, j) => ({ arg: `${p.path}=${x[j]}`, source })));
  const own = checkSetArguments(run.sets.map((s) => ({ arg: `${s.path}=${s.value}`, source: `${source}, ${run.id}` })));
  return { overrides: [...point.overrides, ...own.overrides], problems: [...point.problems, ...own.problems] };
}

/** The weekly parameters of `run` at point `x`; throws InputError with the problems, located in the file. */
function resolveRun(setup: SimulationSetup, x: ArrayLike<number>, run: CalibrationRun, source: string): WeekParameters[] {
  const { overrides, problems } = particleOverrides(setup.prior, x, run, source);
  if (problems.length > 0) throw new InputError(problems);
  try {
    return resolveScenario(setup.file, run.scenario, [...setup.base, ...overrides]).weekly;
  } catch (e) {
    if (e instanceof InputError) throw new InputError(locateInFile(setup.file, e.problems));
    throw e;
  }
}

/**
 * Every problem of resolving each run at each point, located; empty when all resolve. `labelOf(i)`
 * names point i in problems (`calibration point (generation 2, proposal 17)`).
 */
export function pointProblems(setup: SimulationSetup, points: readonly ArrayLike<number>[], runs: readonly CalibrationRun[], labelOf: (i: number) => string): Problem[] {
  const problems: Problem[] = [];
  points.forEach((x, i) => {
    for (const run of runs) {
      try {
        resolveRun(setup, x, run, labelOf(i));
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        problems.push(...e.problems);
      }
    }
  });
  return sortProblems(problems);
}

/**
 * Simulates `runs` at every point, `setup.reps` replicates each on `seedOf(point, replicate)`, and
 * calls `onPoint(i, series)` with point i's series (each metric averaged over replicates) in point
 * order, as soon as its last run is taken. Throws InputError, before any run, if a point makes a run
 * invalid. Memory holds the runs in flight and one point's sums.
 */
export async function simulatePoints(
  setup: SimulationSetup,
  points: readonly ArrayLike<number>[],
  runs: readonly CalibrationRun[],
  seedOf: (point: number, replicate: number) => string,
  labelOf: (point: number) => string,
  onPoint: (point: number, series: RunSeries) => void,
): Promise<void> {
  if (points.length === 0) return;
  const problems = pointProblems(setup, points, runs, labelOf);
  if (problems.length > 0) throw new InputError(problems);
  const R = setup.reps;
  const perPoint = runs.length * R;
  const total = points.length * perPoint;

  /** Every run in order: point, then run, then replicate; a run's weekly parameters shared by its replicates. */
  function* specs(): Generator<RunSpec & { index: number }> {
    for (let index = 0; index < total; index += R) {
      const i = Math.floor(index / perPoint);
      const weekly = resolveRun(setup, points[i], runs[(index % perPoint) / R], labelOf(i));
      for (let r = 0; r < R; r++) yield { weekly, seed: seedOf(i, r), index: index + r };
    }
  }

  const workers = setup.workers === 'auto' ? autoWorkers([{ weekly: resolveRun(setup, points[0], runs[0], labelOf(0)), runs: total }]) : setup.workers;
  const width = METRICS.length;
  let sums: Float64Array[] = [];
  let weeks = 0;
  for await (const { spec, result } of runInOrder(specs(), { workers })) {
    const within = spec.index % perPoint;
    const k = Math.floor(within / R);
    if (within === 0) {
      weeks = result.weeks;
      sums = runs.map(() => new Float64Array(weeks * width));
    }
    const sum = sums[k];
    for (let j = 0; j < sum.length; j++) sum[j] += result.values[j];
    if (within < perPoint - 1) continue;
    const series: Record<string, ReturnType<typeof metricSeries>> = {};
    runs.forEach((run, q) => {
      for (let j = 0; j < sums[q].length; j++) sums[q][j] /= R;
      series[run.id] = metricSeries(sums[q], weeks);
    });
    onPoint(Math.floor(spec.index / perPoint), series);
  }
}

/** The summary vector of a point's series: one value per target, in target order. */
export function summaryOf(targets: readonly CalibrationTarget[], series: RunSeries): Float64Array {
  return Float64Array.from(targets, (t) => targetSummary(t, series));
}

/**
 * The calibration's simulator: each point's summary vector, in target order, from the runs the
 * targets read, `setup.reps` replicates each on seeds keyed by (seed, generation, proposal,
 * replicate). Throws InputError, before any run of the batch, if a point makes a scenario invalid.
 */
export function calibrationSimulator(setup: SimulationSetup, targets: readonly CalibrationTarget[], seed: string | number): Simulator {
  const runs = targetRuns(targets);
  return async (points, generation, proposals) => {
    const summaries: Float64Array[] = new Array(points.length);
    await simulatePoints(
      setup,
      points,
      runs,
      (i, r) => proposalSeed(seed, generation, proposals[i], r),
      (i) => `calibration point (generation ${generation}, proposal ${proposals[i]})`,
      (i, series) => (summaries[i] = summaryOf(targets, series)),
    );
    return summaries;
  };
}
