/**
 * The CLI's commands: each turns its flags into a call of the library (the pipeline,
 * src/experiment/pipeline.ts) and prints what it made.
 */
import { setFlagsFromString } from 'node:v8';
import { folderDestination, isReportFile, type Written } from '../experiment/destination.js';
import { comparePipeline, comparisonTable, STATISTICS, type Statistic } from '../experiment/compare.js';
import { DESIGN_DEFAULTS, designJsonSchema, loadDesignFile, parseVaryArguments, type DesignMethod, type DesignSpec, type VariedParameter } from '../experiment/design.js';
import { DEFAULT_SENSITIVITY_METRICS, metricProblems, sensitivityDesignProblems, sensitivityPipeline, sensitivityTable } from '../experiment/sensitivity.js';
import type { MetricName } from '../model/metrics.js';
import { plausibleRanges } from '../scenarios/schema.js';
import { sweepPipeline, sweepTable, type SweepOptions, type SweepRequest } from '../experiment/sweep.js';
import { hasFlag, shardOf, shardPipeline, type ShardSet } from '../experiment/shard.js';
import { reportFolder, runPipeline, type RunOptions } from '../experiment/pipeline.js';
import { studyReport } from '../experiment/study.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkPosteriorDraws, type PosteriorRequest } from '../experiment/draws.js';
import { headlineTable, keyMetricsTable } from '../experiment/table.js';
import { messages, printable } from '../messages.js';
import { gitCommit, toolVersion } from '../paths.js';
import { loadScenarioFile } from '../scenarios/load.js';
import { InputError, type Problem } from '../scenarios/problems.js';
import { checkRequest } from '../scenarios/request.js';
import type { SetArgument } from '../scenarios/resolve.js';
import { scenarioJsonSchema } from '../scenarios/schema.js';
import { progressReporter } from './progress.js';
import { quoteArg } from '../shell.js';

/** `tokenmaxx list`. */
export function listCommand(file: string): void {
  const loaded = loadScenarioFile(file);
  const names = Object.keys(loaded.scenarios).sort();
  const width = Math.max(...names.map((n) => n.length));
  for (const name of names) {
    const d = loaded.scenarios[name].description ?? '';
    const first = d.split(/(?<=[.!?])\s/)[0] ?? '';
    const line = first.length > 100 ? `${first.slice(0, 99).trimEnd()}…` : first;
    process.stdout.write(`${printable(`${name.padEnd(width)}  ${line}`)}\n`);
  }
}

/** `tokenmaxx validate`. */
export function validateCommand(file: string): void {
  // Resolving every scenario also checks extends chains and expression values in every week.
  const { problems, scenarios } = checkRequest({ scenariosFile: file });
  if (problems.length > 0) throw new InputError(problems);
  process.stdout.write(`${printable(messages.valid(file, scenarios.length))}\n`);
}

/** `tokenmaxx schema`. */
export function schemaCommand(design = false): void {
  process.stdout.write(`${JSON.stringify(design ? designJsonSchema() : scenarioJsonSchema(), null, 2)}\n`);
}

/** Flags of `tokenmaxx run`, as strings where the user typed them. */
export interface RunFlags {
  scenariosFile: string;
  names: string[];
  seed: string;
  reps: string;
  weeks?: string;
  employees?: string;
  /** Worker threads; absent = one per core, or 1 for a run too small to gain from threads. */
  workers?: string;
  /** `--format`: csv, parquet or csv,parquet (absent = csv); CSV is always written. */
  format?: string;
  sets: string[];
  out: string;
  quiet: boolean;
  report: boolean;
  png: boolean;
  /** Replace another experiment's unfinished runs (and, for sweeps, its results) in --out. */
  force: boolean;
  argv: readonly string[];
  /** run only: `--posterior FILE` (an array when given more than once). */
  posterior?: string | string[];
  /** run only: `--draws K` (an array when given more than once). */
  draws?: string | string[];
}

/** Flags of a study that can be split across machines (sweep, sensitivity). */
export interface StudyFlags extends RunFlags {
  /** `--shard I/N`, `auto` or `auto/N`: run only that shard of the study's runs, into --out. */
  shard?: string;
  /** Given by `tokenmaxx merge`: every run is taken from these finished shards, none simulated. */
  fromShards?: ShardSet;
  /** A design file, read by the study (its sha256 is kept in a shard). */
  design?: string;
}

/** `--flag`'s value as an integer in [min, max]; a problem naming the flag otherwise. */
export function integerFlag(flag: string, text: string, min: number, max: number, problems: Problem[]): number {
  const v = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || v < min || v > max) {
    problems.push({ source: `--${flag}`, path: [], message: messages.badFlag(flag, text, `an integer in [${min}, ${max}]`) });
  }
  return v;
}

/** A seed is a non-empty string; a string of digits is the integer it spells. */
export function seedOf(text: string, problems: Problem[]): string | number {
  if (text.trim() === '') problems.push({ source: '--seed', path: [], message: messages.badFlag('seed', text, 'a non-empty string or an integer') });
  return /^\d{1,15}$/.test(text) ? Number(text) : text;
}

/** The most worker threads `--workers` may ask for. */
export const MAX_WORKERS = 256;

/**
 * `--workers`: as given, or else one per core unless the run is too small for threads to pay off.
 * Results never depend on it, only the time they take.
 */
export function workersOf(text: string | undefined, problems: Problem[]): number | 'auto' {
  return text === undefined ? 'auto' : integerFlag('workers', text, 1, MAX_WORKERS, problems);
}

/**
 * `--format`: whether the tables are also written as parquet. CSV is always written (the report reads
 * it), so `csv`, `parquet` and `csv,parquet` are the choices; anything else is a problem.
 */
export function parquetOf(text: string | undefined, problems: Problem[]): boolean {
  if (text === undefined) return false;
  const formats = text.split(',').map((x) => x.trim());
  if (formats.length === 0 || formats.some((x) => !['csv', 'parquet'].includes(x))) {
    problems.push({ source: '--format', path: [], message: messages.badFlag('format', text, 'csv, parquet or csv,parquet') });
  }
  return formats.includes('parquet');
}

/** Problems with the values of run's own flags (--reps, --seed, --workers, --format), as runCommand finds them. */
export function runFlagProblems(f: Pick<RunFlags, 'reps' | 'seed' | 'workers' | 'format'>): Problem[] {
  const problems: Problem[] = [];
  integerFlag('reps', f.reps, 1, 10_000, problems);
  seedOf(f.seed, problems);
  workersOf(f.workers, problems);
  parquetOf(f.format, problems);
  return problems;
}


/** What run and compare make of the flags they share: options for the pipeline, and the --set arguments. */
function runOptions(f: RunFlags): { options: RunOptions; sets: SetArgument[]; command: string } {
  const problems: Problem[] = [];
  const replicates = integerFlag('reps', f.reps, 1, 10_000, problems);
  const seed = seedOf(f.seed, problems);
  const workers = workersOf(f.workers, problems);
  const parquet = parquetOf(f.format, problems);
  const sets: SetArgument[] = [...f.sets];
  // Problems with --weeks and --employees name those flags, not the --set they stand for.
  if (f.weeks !== undefined) sets.push({ arg: `weeks=${f.weeks}`, source: `--weeks ${f.weeks}` });
  if (f.employees !== undefined) sets.push({ arg: `population.employees=${f.employees}`, source: `--employees ${f.employees}` });
  const command = ['tokenmaxx', ...f.argv].map(quoteArg).join(' ');
  // Streaming keeps live memory flat, but formatting millions of numbers leaves garbage that V8 by
  // default lets grow to several times the live heap before collecting it; collecting when the heap
  // has grown by half keeps peak memory flat for a few percent of CPU (docs/PERFORMANCE.md).
  setFlagsFromString('--heap-growing-percent=50');
  const options: RunOptions = {
    seed,
    replicates,
    workers,
    provenance: { toolVersion: toolVersion(), nodeVersion: process.version, gitCommit: gitCommit(), command },
    parquet,
    report: f.report,
    png: f.png,
    progress: progressReporter(f.quiet),
    problems,
  };
  return { options, sets, command };
}

/** Posterior draws when --posterior is not given: enough for a first look at the parameters' spread. */
export const DEFAULT_DRAWS = 10;
/** The most draws `--draws` may ask for. */
export const MAX_DRAWS = 10_000;

/**
 * `--posterior FILE --draws K` as run takes them: the draws asked for (none without --posterior),
 * and every problem of the two flags' values (given twice, empty, --draws alone, K not in 2–10000).
 */
export function posteriorFlags(f: Pick<RunFlags, 'posterior' | 'draws'>, problems: Problem[]): PosteriorRequest | undefined {
  const single = (flag: string, v: string | string[] | undefined): string | undefined => {
    if (!Array.isArray(v)) return v;
    problems.push({ source: `--${flag}`, path: [], message: messages.flagRepeated(flag, v.length) });
    return undefined;
  };
  const file = single('posterior', f.posterior);
  const drawsText = single('draws', f.draws);
  if (file === '') problems.push({ source: '--posterior', path: [], message: messages.flagEmpty('posterior') });
  const given = drawsText === undefined ? DEFAULT_DRAWS : integerFlag('draws', drawsText, 2, MAX_DRAWS, problems);
  // A refused count is replaced by the default, so that the file is still checked with the rest.
  const draws = Number.isInteger(given) && given >= 2 && given <= MAX_DRAWS ? given : DEFAULT_DRAWS;
  if (f.posterior === undefined && f.draws !== undefined) problems.push({ source: '--draws', path: [], message: messages.posteriorWithoutFile('draws') });
  return file ? { file, draws } : undefined;
}

/**
 * Every problem of --posterior and --draws, the posterior file's included, for a command line
 * refused for other flags first (so that one run names every problem).
 */
export function posteriorFlagProblems(f: Pick<RunFlags, 'posterior' | 'draws' | 'seed'>): Problem[] {
  const problems: Problem[] = [];
  const request = posteriorFlags(f, problems);
  if (request) problems.push(...checkPosteriorDraws(request, f.seed === '' ? 1 : seedOf(f.seed, []), 1).problems);
  return problems;
}

/** `tokenmaxx run`. */
export async function runCommand(f: RunFlags): Promise<void> {
  const { options, sets, command } = runOptions(f);
  const problems = [...(options.problems ?? [])];
  const posterior = posteriorFlags(f, problems);
  const request = { scenariosFile: f.scenariosFile, names: f.names, sets, ...(posterior ? { posterior } : {}) };
  const { resolved, summarised, written } = await runPipeline(request, { ...options, problems }, folderDestination(f.out, '--out', { force: f.force, kind: 'run' }));
  printKept(written);
  if (f.quiet) return;
  // Weeks count from 0, as in timeseries.csv: the final week of an 8-week run is week 7.
  const finalWeek = resolved.scenarios[0].weekly.length - 1;
  process.stdout.write(keyMetricsTable(resolved.scenarios.map((s) => ({ name: s.name, summary: summarised.summaries[s.name] })), finalWeek));
  if (summarised.headline) process.stdout.write(headlineTable(summarised.headline).split('\n').map(printable).join('\n'));
  process.stdout.write(`${printable(messages.wrote(f.out, outputNames(written.names)))}\n${printable(messages.reproduce(command))}\n`);
}

/** `tokenmaxx compare A B`: the run of A and B, paired, with comparison.csv and flows.csv. */
export async function compareCommand(f: RunFlags & { a: string; b: string }): Promise<void> {
  const { options, sets, command } = runOptions(f);
  const { resolved, comparison, written } = await comparePipeline({ scenariosFile: f.scenariosFile, a: f.a, b: f.b, sets }, options, folderDestination(f.out, '--out', { force: f.force, kind: 'compare' }));
  printKept(written);
  if (f.quiet) return;
  const finalWeek = resolved.scenarios[0].weekly.length - 1;
  process.stdout.write(comparisonTable(comparison.rows, { a: f.a, b: f.b }, finalWeek).split('\n').map(printable).join('\n'));
  process.stdout.write(`${printable(messages.flowsLine(comparison.flows))}\n`);
  process.stdout.write(`${printable(messages.wrote(f.out, outputNames(written.names)))}\n${printable(messages.reproduce(command))}\n`);
}

/** Flags of `tokenmaxx sweep` beyond run's. */
export interface SweepFlags extends StudyFlags {
  vary: string[];
  design?: string;
  method?: string;
  levels?: string;
  samples?: string;
  best?: string;
  where?: string;
  minimize: boolean;
  statistic: string;
}

/** The design of a sweep from --design and --vary, with the sizes the flags give; every problem of both. */
function sweepDesign(f: SweepFlags, problems: Problem[]): DesignSpec {
  const fromFile = f.design !== undefined ? loadDesignFile(f.design) : undefined;
  problems.push(...(fromFile?.problems ?? []));
  const vary = parseVaryArguments(f.vary);
  problems.push(...vary.problems);
  const parameters = [...(fromFile?.spec?.parameters ?? []), ...vary.parameters];
  for (const p of vary.parameters) {
    if (fromFile?.spec?.parameters.some((q) => q.path === p.path)) problems.push({ source: p.source, path: [], message: messages.designRepeatedParameter(p.path) });
  }
  // With nothing varied, the scenarios named are the points; one scenario alone is no sweep.
  if (f.design === undefined && f.vary.length === 0 && f.names.length < 2) problems.push({ source: 'sweep', path: [], message: messages.sweepNoDesign() });
  const method = (f.method ?? fromFile?.spec?.method ?? 'grid') as DesignMethod;
  if (!(['grid', 'lhs'] as string[]).includes(method)) problems.push({ source: f.method !== undefined ? '--method' : (f.design ?? '--method'), path: [], message: messages.badFlag('method', method, 'grid or lhs (morris and sobol are for tokenmaxx sensitivity)') });
  // A size the method does not use is refused, not ignored.
  if (method === 'lhs' && f.levels !== undefined) problems.push({ source: '--levels', path: [], message: messages.optionNotForMethod('levels', 'lhs', '--samples') });
  if (method === 'grid' && f.samples !== undefined) problems.push({ source: '--samples', path: [], message: messages.optionNotForMethod('samples', 'grid', '--levels') });
  const levels = f.levels !== undefined ? integerFlag('levels', f.levels, 1, 1000, problems) : (fromFile?.spec?.levels ?? DESIGN_DEFAULTS.levels);
  const samples = f.samples !== undefined ? integerFlag('samples', f.samples, 1, 1_000_000, problems) : (fromFile?.spec?.samples ?? DESIGN_DEFAULTS.samples);
  return { method, levels, samples, trajectories: fromFile?.spec?.trajectories ?? DESIGN_DEFAULTS.trajectories, parameters };
}

/** `tokenmaxx sweep`: every scenario × design point × replicate, summarised, with the best point when asked. */
export async function sweepCommand(f: SweepFlags): Promise<void> {
  const { options, sets, command } = runOptions(f);
  const problems = [...(options.problems ?? [])];
  const design = sweepDesign(f, problems);
  if (!(STATISTICS as readonly string[]).includes(f.statistic)) problems.push({ source: '--statistic', path: [], message: messages.badFlag('statistic', f.statistic, STATISTICS.join(' or ')) });
  if (f.where !== undefined && f.best === undefined) problems.push({ source: '--where', path: [], message: messages.whereWithoutBest() });
  if (f.minimize && f.best === undefined) problems.push({ source: '--minimize', path: [], message: messages.whereWithoutBest() });
  const best = f.best !== undefined ? { metric: f.best, statistic: f.statistic as Statistic, where: f.where, minimize: f.minimize } : undefined;
  const request: SweepRequest = { scenariosFile: f.scenariosFile, names: f.names, sets, design };
  const sweepOptions: SweepOptions = { seed: options.seed, replicates: options.replicates, workers: options.workers ?? 'auto', provenance: options.provenance, parquet: options.parquet, best, report: f.report, png: f.png, progress: options.progress, problems };
  if (f.shard !== undefined) return shardCommand({ ...f, shard: f.shard }, request, sweepOptions);
  noteUnsharded(f);
  const result = await sweepPipeline(request, sweepOptions, (experiment) => folderDestination(f.out, '--out', { experiment, force: f.force, kind: 'sweep' }), f.fromShards);
  printKept(result.written);
  if (f.quiet) return;
  process.stdout.write(sweepTable(result).split('\n').map(printable).join('\n'));
  process.stdout.write(`${printable(messages.wrote(f.out, outputNames(result.written.names)))}\n${printable(messages.reproduce(command))}\n`);
}

/** Flags of `tokenmaxx sensitivity` beyond run's. */
export interface SensitivityFlags extends StudyFlags {
  vary: string[];
  design?: string;
  /** Absent: the design file's method, else morris. */
  method?: string;
  trajectories?: string;
  samples?: string;
  metrics?: string;
  statistic: string;
  resamples: string;
}

/** `tokenmaxx sensitivity`: a Morris or Sobol' analysis of one scenario over parameter ranges. */
export async function sensitivityCommand(f: SensitivityFlags): Promise<void> {
  const { options, sets, command } = runOptions(f);
  const problems = [...(options.problems ?? [])];
  const fromFile = f.design !== undefined ? loadDesignFile(f.design) : undefined;
  problems.push(...(fromFile?.problems ?? []));
  const vary = parseVaryArguments(f.vary);
  problems.push(...vary.problems);
  // The default design: every parameter's plausible range (docs/ODD.md §6.3).
  const plausible = (): VariedParameter[] => plausibleRanges().map((r) => ({ path: r.path, source: 'the plausible ranges', range: [r.lo, r.hi], integer: r.integer }));
  const parameters = fromFile || vary.parameters.length > 0 ? [...(fromFile?.spec?.parameters ?? []), ...vary.parameters] : plausible();
  const method = (f.method ?? fromFile?.spec?.method ?? 'morris') as DesignMethod;
  if (method === 'morris' && f.samples !== undefined) problems.push({ source: '--samples', path: [], message: messages.optionNotForMethod('samples', 'morris', '--trajectories') });
  if (method === 'sobol' && f.trajectories !== undefined) problems.push({ source: '--trajectories', path: [], message: messages.optionNotForMethod('trajectories', 'sobol', '--samples') });
  const design: DesignSpec = {
    method,
    levels: DESIGN_DEFAULTS.levels,
    samples: f.samples !== undefined ? integerFlag('samples', f.samples, 2, 1 << 19, problems) : (fromFile?.spec?.samples ?? DESIGN_DEFAULTS.samples),
    trajectories: f.trajectories !== undefined ? integerFlag('trajectories', f.trajectories, 2, 100_000, problems) : (fromFile?.spec?.trajectories ?? DESIGN_DEFAULTS.trajectories),
    parameters,
  };
  // A design file with problems has no design to judge.
  if (!fromFile || fromFile.problems.length === 0) problems.push(...sensitivityDesignProblems(design, f.method !== undefined ? '--method' : (f.design ?? '--method')));
  const metrics = f.metrics !== undefined ? f.metrics.split(',').map((m) => m.trim()) : [...DEFAULT_SENSITIVITY_METRICS];
  problems.push(...metricProblems(metrics, '--metrics'));
  if (!(STATISTICS as readonly string[]).includes(f.statistic)) problems.push({ source: '--statistic', path: [], message: messages.badFlag('statistic', f.statistic, STATISTICS.join(' or ')) });
  const resamples = integerFlag('resamples', f.resamples, 2, 100_000, problems);
  const sweepOptions: SweepOptions = { seed: options.seed, replicates: options.replicates, workers: options.workers ?? 'auto', provenance: options.provenance, parquet: options.parquet, report: f.report, png: f.png, progress: options.progress, problems };
  if (f.shard !== undefined) return shardCommand({ ...f, shard: f.shard }, { scenariosFile: f.scenariosFile, names: [f.names[0]], sets, design }, sweepOptions);
  noteUnsharded(f);
  const result = await sensitivityPipeline(
    { scenariosFile: f.scenariosFile, scenario: f.names[0], sets, design, metrics: metrics as MetricName[], statistic: f.statistic as Statistic, resamples },
    sweepOptions,
    (experiment) => folderDestination(f.out, '--out', { experiment, force: f.force, kind: 'sweep' }),
    f.fromShards,
  );
  printKept(result.written);
  if (f.quiet) return;
  process.stdout.write(sensitivityTable(result.sensitivity).split('\n').map(printable).join('\n'));
  process.stdout.write(`${printable(messages.wrote(f.out, outputNames(result.written.names)))}\n${printable(messages.reproduce(command))}\n`);
}

/**
 * A study's shard (`--shard`): its slice of the runs into --out, which must be given (every shard has
 * a folder of its own). The study's other flags (--best, --report, --format) are checked here and
 * acted on by the merge.
 */
async function shardCommand(f: StudyFlags & { shard: string }, request: SweepRequest, options: SweepOptions): Promise<void> {
  const problems = [...(options.problems ?? [])];
  const shard = shardOf(f.shard, process.env, problems);
  if (f.shard.trim() === 'auto' && shard?.count === 1 && !f.quiet) process.stderr.write(`${messages.shardAutoAlone()}\n`);
  if (!hasFlag(f.argv, ['out', 'o'])) problems.push({ source: '--shard', path: [], message: messages.shardNeedsOut() });
  const inputs = [f.scenariosFile, ...(f.design !== undefined ? [f.design] : [])];
  const result = await shardPipeline(request, { ...options, problems }, { shard: shard ?? { index: 0, count: 1 }, out: f.out, force: f.force, argv: f.argv, inputs });
  if (result.written) printKept(result.written);
  if (f.quiet) return;
  const { index, count } = result.shard;
  if (result.alreadyFinished) {
    process.stdout.write(`${printable(messages.shardAlreadyFinished(index, count, f.out))}\n`);
    return;
  }
  process.stdout.write(`${printable(messages.shardRan(index, count, result.runs, result.study, result.resumed))}\n`);
  process.stdout.write(`${printable(messages.wrote(f.out, outputNames(result.written!.names)))}\n${messages.shardMergeHint()}\n`);
}

/** A study run whole in every task of a Slurm array is likely a forgotten --shard: said on stderr. */
function noteUnsharded(f: StudyFlags): void {
  const tasks = process.env.SLURM_ARRAY_TASK_COUNT;
  if (f.fromShards === undefined && !f.quiet && tasks !== undefined && Number(tasks) > 1) process.stderr.write(`${messages.shardArrayWithout(printable(tasks))}\n`);
}

/** Names on stderr the folder where files found in the replaced set were kept, if any. */
function printKept(written: Written): void {
  if (written.kept) process.stderr.write(`${printable(messages.keptAside(written.kept))}\n`);
}

/** Output names to list: top-level files, and the charts folder once. */
function outputNames(files: readonly string[]): string[] {
  return [...new Set(files.map((f) => (f.startsWith('charts/') ? 'charts/' : f)))].sort();
}

/** `tokenmaxx report --from DIR`: charts and report.html for a finished run, switched in with its data. */
export async function reportCommand(froms: readonly string[], png: boolean, quiet: boolean, out?: string, argv: readonly string[] = [], force = false): Promise<void> {
  const isSweep = (dir: string) => existsSync(join(dir, 'sweep.csv'));
  if (froms.length === 1 && !isSweep(froms[0])) {
    if (out !== undefined) throw new InputError([{ source: '--out', path: [], message: messages.reportOutOneRun(froms[0]) }]);
    const { written } = await reportFolder(froms[0], { png });
    printKept(written);
    if (!quiet) process.stdout.write(`${printable(messages.wrote(froms[0], outputNames(written.names.filter(isReportFile))))}\n`);
    return;
  }
  const command = ['tokenmaxx', ...argv].map(quoteArg).join(' ');
  const { dir, written } = await studyReport(froms, { png, out, command, force });
  printKept(written);
  if (!quiet) process.stdout.write(`${printable(messages.wrote(dir, outputNames(written.names.filter(isReportFile))))}\n`);
}
