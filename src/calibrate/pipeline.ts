/**
 * `tokenmaxx calibrate` as a library call: the model calibrated to the calibration targets by ABC,
 * its posterior checked against the held-out facts, and the files written all or nothing.
 *
 *   scenario file, --employees, --weeks, --parameters
 *     │  checked together: every problem at once, nothing run; the runs the targets and facts read
 *     │  resolved at the prior's lower and upper ends
 *     ├─ abc()          SMC-ABC (or rejection) over the calibrated parameters (targets.ts), the
 *     │                 model as its simulator (simulator.ts); each finished generation appended to
 *     │                 the output folder's checkpoint, from which the same command resumes
 *     ├─ posterior.json the engine's posterior file (posterior.ts)
 *     ├─ particles.csv  each particle: weight, distance, parameter values, summaries
 *     ├─ targets.csv    each target: observed, scale, posterior mean and 95% interval of its summary
 *     ├─ validation.csv each held-out fact on K posterior draws: the share of draws it holds in, and
 *     │                 the interval of what it measures
 *     └─ manifest.json  what was run, and how to run it again
 *
 * Resume: a generation's record in the checkpoint (src/output/checkpoint.ts, one record per
 * generation) holds its counts, its population in unit coordinates with weights and distances, and
 * its particles' summaries; the last record is the engine's state (abc.ts, `resumeFrom`), so a
 * resumed calibration continues with the next generation and writes the bytes of an uninterrupted one.
 */
import { messages } from '../messages.js';
import { checkScenarioFile } from '../scenarios/load.js';
import { InputError, sortProblems, type Problem } from '../scenarios/problems.js';
import { resolveChecked } from '../scenarios/request.js';
import { canonicalJson, checkSetArguments, overrideRecord, scenarioRecord, type SetArgument } from '../scenarios/resolve.js';
import type { RunDestination, RunWriter, Written } from '../experiment/destination.js';
import { csvField, sha256, type Provenance } from '../experiment/outputs.js';
import type { Checkpoint } from '../output/checkpoint.js';
import { generationRecord, recordWidth, resumedState } from './generations.js';
import { abc, abcSettings, type AbcOptions, type AbcResult, type AbcSettings, type GenerationRecord, type Simulator, type StopReason } from './abc.js';
import { posteriorJson, posteriorOf, weightedQuantile, type Posterior } from './posterior.js';
import { simulatedOutcomes, validate, validationCsv, type FactRow } from './validation.js';
import { pointFromUnit, type Prior } from './prior.js';
import { calibrationSimulator, pointProblems, type SimulationSetup } from './simulator.js';
import {
  CALIBRATED_PATHS,
  CALIBRATION_TARGETS,
  calibrationPrior,
  engineTargets,
  factRuns,
  HELD_OUT_FACTS,
  targetRuns,
  windowIn,
  type CalibrationTarget,
  type HeldOutFact,
} from './targets.js';

/** What to calibrate. */
export interface CalibrateRequest {
  scenariosFile: string;
  /** Overrides of every run, before a particle's values: --employees and --weeks, each naming its flag. */
  sets?: readonly SetArgument[];
  /** The parameters to calibrate (default every one of CALIBRATED_PATHS); the others keep the scenarios' values. */
  parameters?: readonly string[];
  /** Where `parameters` came from, in problems (default --parameters). */
  parametersSource?: string;
  /** The held-out facts to check, by name (default every one of HELD_OUT_FACTS). */
  facts?: readonly string[];
}

/** How to calibrate. */
export interface CalibrateOptions {
  seed: string | number;
  method: 'smc' | 'rejection';
  /** Particles N of each generation. */
  particles: number;
  /** Generations at most, generation 0 included (smc). */
  generations: number;
  /** Replicates of each run per point. */
  reps: number;
  workers: number | 'auto';
  provenance: Omit<Provenance, 'seed' | 'replicates'>;
  /** Called once the inputs are checked and the output folder is taken, before anything is simulated. */
  onStart?: () => void;
  /** Called after each generation, finished now or taken from the checkpoint (`resumed`). */
  onGeneration?: (generation: number, record: GenerationRecord, resumed: boolean) => void;
  /** Problems the caller found in its own options, reported with every other. */
  problems?: readonly Problem[];
}

/** A calibration target as the posterior reproduces it (targets.csv). */
export interface TargetRow {
  target: CalibrationTarget;
  /** The summary's weighted mean and 2.5% and 97.5% weighted quantiles over the particles, in the target's transformed units. */
  mean: number;
  low: number;
  high: number;
}

/** A held-out fact checked on posterior draws (validation.csv; validation.ts). */
export type { FactRow } from './validation.js';

/** What a calibration made. */
export interface CalibrateResult {
  posterior: Posterior;
  stopped: StopReason;
  /** The final particles' summaries, in particle and target order. */
  summaries: Float64Array[];
  targets: TargetRow[];
  validation: FactRow[];
  /** Generations taken from the checkpoint of an interrupted attempt. */
  resumed: number;
  written: Written;
}

/** The files of a calibration, in the order they are written. */
export const CALIBRATE_FILES = ['posterior.json', 'particles.csv', 'targets.csv', 'validation.csv'] as const;

/** The most particles a calibration may have (a generation's checkpoint record stays under 2²⁰ values). */
export const MAX_PARTICLES = 20_000;
/** The most generations a calibration may run. */
export const MAX_GENERATIONS = 100;

/** The problems of a calibration's inputs, with the setup to run it when there are none. */
function checkCalibration(
  request: CalibrateRequest,
  options: CalibrateOptions,
): { problems: Problem[]; setup?: SimulationSetup; records: ReturnType<typeof scenarioRecord>[]; weeks: number; facts: readonly HeldOutFact[] } {
  const checked = checkScenarioFile(request.scenariosFile);
  const sets = checkSetArguments(request.sets ?? []);
  const { facts, problems: factProblems } = selectFacts(request.facts);
  const runs = [...targetRuns(CALIBRATION_TARGETS), ...factRuns(facts)];
  const names = [...new Set(runs.map((r) => r.scenario))];
  const { problems, scenarios } = resolveChecked(checked, sets, names);
  problems.push(...(options.problems ?? []), ...factProblems);
  const paths = request.parameters ?? CALIBRATED_PATHS;
  const source = request.parametersSource ?? '--parameters';
  for (const p of paths) if (!(CALIBRATED_PATHS as readonly string[]).includes(p)) problems.push({ source, path: [], message: messages.calibrateUnknownParameter(p, CALIBRATED_PATHS) });
  if (paths.length === 0) problems.push({ source, path: [], message: messages.calibrateNoParameters(CALIBRATED_PATHS) });
  for (const p of new Set(paths)) if (paths.indexOf(p) !== paths.lastIndexOf(p)) problems.push({ source, path: [], message: messages.calibrateRepeatedParameter(p) });
  if (problems.length > 0) return { problems: sortProblems(problems), records: [], weeks: 0, facts };
  const prior = calibrationPrior(paths);
  const setup: SimulationSetup = { file: checked.file, base: sets.overrides, prior, reps: options.reps, workers: options.workers };
  // Every run at the prior's corners: a scenario file whose presets some values make invalid is refused before any run.
  const corners = [Float64Array.from(prior, (p) => p.lo), Float64Array.from(prior, (p) => p.hi)];
  const ends = ['lower', 'upper'];
  problems.push(...pointProblems(setup, corners, runs, (i) => messages.calibratePriorEnd(ends[i])));
  return { problems: sortProblems(problems), setup, records: scenarios.map(scenarioRecord), weeks: scenarios[0].weekly.length, facts };
}

/** The held-out facts named (all of them when none is), in HELD_OUT_FACTS' order, with a problem for each unknown or repeated name. */
function selectFacts(names: readonly string[] | undefined): { facts: readonly HeldOutFact[]; problems: Problem[] } {
  if (names === undefined) return { facts: HELD_OUT_FACTS, problems: [] };
  const known = HELD_OUT_FACTS.map((f) => f.name);
  const problems: Problem[] = [];
  for (const n of names) if (!known.includes(n)) problems.push({ source: '--facts', path: [], message: messages.calibrateUnknownFact(n, known) });
  for (const n of new Set(names)) if (names.indexOf(n) !== names.lastIndexOf(n)) problems.push({ source: '--facts', path: [], message: messages.calibrateRepeatedFact(n) });
  if (names.length === 0) problems.push({ source: '--facts', path: [], message: messages.calibrateNoFacts(known) });
  return { facts: HELD_OUT_FACTS.filter((f) => names.includes(f.name)), problems };
}

/**
 * The id of a calibration: sha256 of everything its results depend on — the tool's version, the
 * presets as resolved, the prior, the targets, the facts, the seed and settings. A checkpoint or a
 * finished folder of the same id holds the same calibration.
 */
function experimentId(setup: SimulationSetup, records: readonly unknown[], settings: AbcSettings, options: CalibrateOptions, facts: readonly HeldOutFact[]): string {
  return sha256(
    canonicalJson({
      toolVersion: options.provenance.toolVersion,
      kind: 'calibrate',
      scenarios: records,
      overrides: setup.base.map(overrideRecord),
      prior: setup.prior,
      targets: CALIBRATION_TARGETS,
      facts: facts.map((f) => ({ name: f.name, runs: f.runs })),
      seed: options.seed,
      settings,
      generations: options.generations,
      reps: options.reps,
    }),
  );
}

const keyOf = (x: ArrayLike<number>) => Array.from(x).join(',');

/** A calibration engine's run: its result, the final particles' summaries, and the generations resumed. */
export interface EngineRun {
  result: AbcResult;
  summaries: Float64Array[];
  resumed: number;
}

/**
 * Runs the engine, resuming from the checkpoint when it holds generations of this calibration, and
 * appending each finished generation to it: the result and its particles' summaries. `simulator`
 * replaces the model, and `batches` sizes the engine's batches (a sharded calibration's, rounds.ts).
 */
export async function calibrate(
  setup: SimulationSetup,
  settings: AbcSettings,
  options: CalibrateOptions,
  checkpoint: Checkpoint | undefined,
  simulator?: Simulator,
  batches?: Pick<AbcOptions, 'margin' | 'minBatch'>,
): Promise<EngineRun> {
  const prior = setup.prior;
  const targets = engineTargets();
  const T = targets.length;
  const width = recordWidth(settings.particles, prior.length, T);
  const base = { format: 'tokenmaxx-abc-state', version: 1, seed: options.seed, settings: { ...settings }, prior: prior.map((p) => ({ ...p })), targets } as const;
  const resumed = checkpoint ? resumedState(checkpoint.done, base, prior.length, T) : undefined;
  resumed?.state.generations.forEach((r, g) => options.onGeneration?.(g, r, true));
  let summaries = resumed?.summaries ?? [];

  // The summaries of the points simulated in the current generation, by their values: what the
  // engine keeps of a particle is its coordinates and distance, and particles.csv needs its summaries too.
  const model = simulator ?? calibrationSimulator(setup, CALIBRATION_TARGETS, options.seed);
  const seen = new Map<string, Float64Array>();
  let seenIn = -1;
  const simulate: Simulator = async (points, generation, proposals) => {
    if (generation !== seenIn) {
      seen.clear();
      seenIn = generation;
    }
    const out = await model(points, generation, proposals);
    points.forEach((x, i) => seen.set(keyOf(x), out[i]));
    return out;
  };
  const result = await abc(prior, targets, simulate, {
    seed: options.seed,
    method: settings.method,
    particles: settings.particles,
    maxGenerations: options.generations,
    ...batches,
    resumeFrom: resumed?.state,
    onGeneration: (state) => {
      const g = state.generations.length - 1;
      summaries = state.population.unit.map((u) => {
        const s = seen.get(keyOf(pointFromUnit(prior, u)));
        if (!s) throw new Error(`calibrate: no summaries kept for a particle of generation ${g}`);
        return s;
      });
      checkpoint?.append(g, generationRecord(state, summaries, width));
      options.onGeneration?.(g, state.generations[g], false);
    },
  });
  return { result, summaries, resumed: resumed?.state.generations.length ?? 0 };
}

/** Each target's posterior mean and 95% interval of its summary over the particles, by weight. */
function targetRows(posterior: Posterior, summaries: readonly Float64Array[]): TargetRow[] {
  const weights = posterior.particles.map((p) => p.weight);
  const total = weights.reduce((a, b) => a + b, 0);
  return CALIBRATION_TARGETS.map((target, t) => {
    const xs = summaries.map((s) => s[t]);
    const mean = xs.reduce((sum, x, i) => sum + (weights[i] / total) * x, 0);
    return { target, mean, low: weightedQuantile(xs, weights, 0.025), high: weightedQuantile(xs, weights, 0.975) };
  });
}

const cells = (xs: readonly (string | number | boolean)[]) => xs.map((x) => csvField(String(x))).join(',');

/** particles.csv: one row per particle of the posterior. */
export function particlesCsv(posterior: Posterior, summaries: readonly Float64Array[]): string {
  const header = ['particle', 'weight', 'distance', ...posterior.prior.map((p) => p.path), ...CALIBRATION_TARGETS.map((t) => t.name)];
  const rows = posterior.particles.map((q, i) => cells([i, q.weight, q.distance, ...posterior.prior.map((p) => q.values[p.path]), ...summaries[i]]));
  return `${[cells(header), ...rows].join('\n')}\n`;
}

/** targets.csv: one row per calibration target. */
export function targetsCsv(rows: readonly TargetRow[], weeks: number): string {
  const header = ['target', 'scenario', 'metric', 'fromWeek', 'toWeek', 'transform', 'observed', 'scale', 'mean', 'low', 'high', 'source'];
  const body = rows.map(({ target: t, mean, low, high }) => {
    const [from, to] = windowIn(t.weeks, weeks);
    return cells([t.name, t.scenario, t.metric, from, to, t.transform, t.observed, t.scale, mean, low, high, t.source]);
  });
  return `${[cells(header), ...body].join('\n')}\n`;
}

/**
 * A calibration, checked, run and written into `destination` all or nothing. Throws InputError
 * naming every problem before anything is run or written.
 */
export async function calibratePipeline(request: CalibrateRequest, options: CalibrateOptions, to: (experiment: string | undefined) => RunDestination): Promise<CalibrateResult> {
  const { calibration, destination } = prepareCalibration(request, options, to);
  const { setup, settings, experiment, generations, facts } = calibration;
  let made: Omit<CalibrateResult, 'written'> | undefined;
  const written = await destination.write(async (writer) => {
    const width = recordWidth(settings.particles, setup.prior.length, CALIBRATION_TARGETS.length);
    const checkpoint = writer.checkpoint?.({ experiment, runs: generations, width });
    options.onStart?.();
    let run: EngineRun;
    try {
      run = await calibrate(setup, settings, { ...options, generations }, checkpoint);
    } finally {
      checkpoint?.close();
    }
    const posterior = posteriorOf(run.result);
    const validation = await validate(posterior, options.seed, facts, simulatedOutcomes(setup, options.seed, facts));
    made = { ...calibrationResult(run, posterior, validation), resumed: run.resumed };
    return writeCalibration(writer, made, calibration, options);
  });
  return { ...made!, written };
}

/** A calibration checked and ready to run: its setup, settings, id, generations and facts. */
export interface PreparedCalibration {
  setup: SimulationSetup;
  settings: AbcSettings;
  /** sha256 of everything the calibration's results depend on. */
  experiment: string;
  generations: number;
  facts: readonly HeldOutFact[];
  records: ReturnType<typeof scenarioRecord>[];
  weeks: number;
}

/**
 * Checks a calibration's inputs and options (and its destination, made from its id), every problem
 * at once. Throws InputError naming them before anything is run or written.
 */
export function prepareCalibration<D extends { problems(): Problem[] }>(
  request: CalibrateRequest,
  options: CalibrateOptions,
  to: (experiment: string | undefined) => D,
): { calibration: PreparedCalibration; destination: D } {
  const { problems, setup, records, weeks, facts } = checkCalibration(request, options);
  let settings: AbcSettings | undefined;
  if (problems.length === 0) settings = abcSettings({ method: options.method, particles: options.particles });
  const experiment = setup && settings && problems.length === 0 ? experimentId(setup, records, settings, options, facts) : undefined;
  const destination = to(experiment);
  problems.push(...destination.problems());
  if (problems.length > 0 || !setup || !settings || !experiment) throw new InputError(sortProblems(problems));
  const generations = settings.method === 'rejection' ? 1 : options.generations;
  return { calibration: { setup, settings, experiment, generations, facts, records, weeks }, destination };
}

/** What a finished calibration made, but the files: its posterior, targets and held-out facts. */
export function calibrationResult(run: Pick<EngineRun, 'result' | 'summaries'>, posterior: Posterior, validation: FactRow[]): Omit<CalibrateResult, 'written' | 'resumed'> {
  return { posterior, stopped: run.result.stopped, summaries: run.summaries, targets: targetRows(posterior, run.summaries), validation };
}

/** Writes a finished calibration's files into `writer` and returns its manifest: the same bytes however it was run. */
export function writeCalibration(
  writer: Pick<RunWriter, 'writeFile' | 'files'>,
  made: Omit<CalibrateResult, 'written' | 'resumed'>,
  calibration: Pick<PreparedCalibration, 'experiment' | 'records' | 'weeks'>,
  options: Pick<CalibrateOptions, 'provenance' | 'seed' | 'reps'>,
): string {
  writer.writeFile('posterior.json', posteriorJson(made.posterior));
  writer.writeFile('particles.csv', particlesCsv(made.posterior, made.summaries));
  writer.writeFile('targets.csv', targetsCsv(made.targets, calibration.weeks));
  writer.writeFile('validation.csv', validationCsv(made.validation));
  const p = options.provenance;
  return (
    canonicalJson(
      {
        tool: 'tokenmaxx',
        toolVersion: p.toolVersion,
        nodeVersion: p.nodeVersion,
        gitCommit: p.gitCommit,
        command: p.command,
        experiment: 'calibrate',
        experimentId: calibration.experiment,
        seed: options.seed,
        replicates: options.reps,
        scenarios: calibration.records,
        files: writer.files(),
      },
      2,
    ) + '\n'
  );
}

/** A generation's checkpoint record (generations.ts). */
export { recordWidth } from './generations.js';

/** What `tokenmaxx calibrate` prints (table.ts). */
export { calibrationTable } from './table.js';
