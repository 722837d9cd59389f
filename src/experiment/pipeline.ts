/**
 * The pipeline, end to end: what `tokenmaxx run` does, and what a notebook may do stage by stage.
 * Each stage returns what it made, as a typed object the next stage takes.
 *
 *   RunRequest: a scenario file, the names asked for, --set arguments
 *     │
 *     ├─ 1. load       read the file, parse it, check it against the schema        → Loaded
 *     ├─ 2. validate   parse the --set arguments into typed patches, checked
 *     │                against the schema                                         → Validated
 *     ├─ 3. resolve    each scenario asked for: defaults ← extends ← --set, then
 *     │                schedules and expressions, week by week                    → Resolved
 *     │    3b. draw    with --posterior: K draws of the posterior, each applied to
 *     │                every scenario, every scenario checked under every draw    → Resolved
 *     │      ── nothing is simulated or written while any problem of 1–3, of the
 *     │         caller's own options or of the destination stands: all are reported at once
 *     ├─ 4. simulate   every scenario × replicate, common random numbers, on
 *     │                `workers` threads, handed on in plan order                 → Simulation
 *     ├─ 5. collect    each replicate's rows to timeseries.csv as it finishes;
 *     │                per-replicate scalars and Lorenz sums kept                 → Collected
 *     ├─ 6. summarise  summary.json (with the headline as intervals when there are
 *     │                draws), distributions.json; manifest.json                  → Summarised
 *     ├─ 7. chart      the written run read back and validated as `report --from`
 *     │                reads a folder; a Vega-Lite spec per chart                 → Charted
 *     └─ 8. report     charts rendered (SVG, PNG), report.html assembled          → Reported
 *     │
 *     ▼  committed by the destination, all or nothing, manifest.json last
 *
 * Steps 4 and 5 stream: `simulate` runs only a few replicates per worker ahead of `collect` (with one
 * worker, each when `collect` asks for the next, in this thread), and hands them on in plan order
 * whatever order they finish in (src/experiment/pool.ts); `collect` hands each one's rows to the file
 * at once. So memory does not grow with replicates (docs/PERFORMANCE.md), and the files are the same
 * bytes for any number of workers. The other stages are pure functions of the stage before, but for
 * reading the scenario file (1) and the run back (7). Files go to a {@link RunDestination}: an
 * output folder (src/output's contract: checked, locked, staged, committed) or memory. `report
 * --from DIR` takes steps 7 and 8 on a finished run ({@link reportFolder}).
 */
import { messages } from '../messages.js';
import { recoverFolder } from '../output/outputSet.js';
import { verifyRun } from '../output/verify.js';
import type { RunData } from '../plots/data.js';
import type { ChartDefinition } from '../plots/index.js';
import { checkScenarioFile, type CheckedFile } from '../scenarios/load.js';
import { InputError, sortProblems, type Problem } from '../scenarios/problems.js';
import { resolveChecked } from '../scenarios/request.js';
import { checkSetArguments, type Override, type ResolvedScenario, type SetArgument } from '../scenarios/resolve.js';
import type { ReplicateResult } from '../model/simulate.js';
import type { WeekParameters } from '../scenarios/schema.js';
import { checkPosteriorDraws, drawCountProblems, drawnScenarioProblems, drawnWeekly, posteriorRecord, type PosteriorDraws, type PosteriorRequest } from './draws.js';
import { referenceOf, type HeadlineLayout, type RunHeadline } from './headline.js';
import { isReportFile, MemoryDestination, reportModules, writeOutputSet, type RunDestination, type RunWriter, type Written } from './destination.js';
import { parquetName, parquetOfCsv } from '../output/parquet.js';
import { fileTable, manifestJson, manifestWithFiles, RUN_DATA_FILES, RunCollector, timeseriesParquet, type Provenance, type RunDataFile } from './outputs.js';
import { checkpointStore } from './resume.js';
import { autoWorkers, type RunSpec } from './pool.js';
import { parallelReplicates, replicateSeeds, storedInOrder, type FinishedReplicate, type OnRun, type RunStore, type ScenarioResult } from './run.js';
import type { ScenarioSummary } from './summarize.js';

/** What to run, as a user asked for it. */
export interface RunRequest {
  /** Path of the scenario file. */
  scenariosFile: string;
  /** Scenario names; empty or absent = every scenario in the file, in name order. */
  names?: readonly string[];
  /** `--set PATH=VALUE` arguments, applied to every scenario after `extends`. */
  sets?: readonly SetArgument[];
  /**
   * `--posterior FILE --draws K`: K draws of a calibrated posterior, each applied to every scenario
   * (before `--set`), each run `replicates` times; summary.json then holds the headline as intervals.
   */
  posterior?: PosteriorRequest;
}

/** How to run it. */
export interface RunOptions {
  /** The run seed (string or integer); replicate seeds derive from it. */
  seed: string | number;
  /** Replicates per scenario; with posterior draws, per draw (a scenario then runs draws × replicates). */
  replicates: number;
  /**
   * Worker threads simulating replicates (default 1: in this thread, no worker started); `'auto'`:
   * one per core, or 1 for a run too small for threads to pay off (`autoWorkers`). Results never
   * depend on it: every file is the same bytes for any number.
   */
  workers?: number | 'auto';
  /** Where and how the run was made, for the manifest. */
  provenance: Omit<Provenance, 'seed' | 'replicates'>;
  /** Also write each CSV table as parquet beside it (timeseries.parquet, a study's tables). */
  parquet?: boolean;
  /** Also build charts/ and report.html (steps 7 and 8). */
  report?: boolean;
  /** Also render each chart to PNG (implies `report`). */
  png?: boolean;
  /** Told after each replicate; `stop` once every replicate is collected. */
  progress?: { update: OnRun; stop(): void };
  /** Problems the caller found in its own options (the command line's flags), reported first with every other. */
  problems?: readonly Problem[];
}

/** Step 1: the scenario file, checked as far as it could be. */
export interface Loaded {
  request: RunRequest;
  /** The scenarios that passed every check, every scenario name, and every problem, located. */
  checked: CheckedFile;
}

/** Step 2: the `--set` arguments as typed patches, and the problems of the others. */
export interface Validated extends Loaded {
  sets: { overrides: Override[]; problems: Problem[] };
}

/** Step 3: the scenarios ready to simulate, and every problem of steps 1–3 (sorted; none if all is well). */
export interface Resolved {
  scenarios: ResolvedScenario[];
  problems: Problem[];
  /**
   * With posterior draws (step 3b): the draws, and a maker of the function giving each replicate's
   * weekly parameters under its draw (each caller makes its own: it keeps the last scenario resolved).
   */
  posterior?: { draws: PosteriorDraws; weeklyOf: () => (scenarioIndex: number, replicate: number) => readonly WeekParameters[] };
}

/** Step 4: the replicates of every scenario, made as they are taken (a few per worker ahead), in plan order. */
export interface Simulation {
  scenarios: readonly ResolvedScenario[];
  seed: string | number;
  /** The replicate seeds, in replicate order (the same for every scenario; with draws, draw by draw). */
  replicateSeeds: string[];
  /** Each finished replicate, scenario by scenario in replicate order; can be taken once. */
  replicates: AsyncIterable<FinishedReplicate> | Iterable<FinishedReplicate>;
  /** With posterior draws: how the replicates are laid out for the headline in summary.json. */
  headline?: HeadlineLayout;
}

/** Step 5: what the summaries need of every replicate (timeseries.csv went to its sink). */
export interface Collected {
  scenarios: readonly ResolvedScenario[];
  replicateSeeds: string[];
  collector: RunCollector;
}

/** Step 6: the summary files' texts, and the summaries as summary.json holds them. */
export interface Summarised {
  files: Record<Exclude<RunDataFile, 'timeseries.csv'>, string>;
  summaries: Record<string, ScenarioSummary>;
  /** The headline as intervals, when the run drew from a posterior. */
  headline?: RunHeadline;
}

/** Step 7: the run as the report reads it, and each chart's Vega-Lite spec. */
export interface Charted {
  run: RunData;
  charts: { name: string; spec: ReturnType<ChartDefinition['build']> }[];
}

/** Step 8: chart files and report.html, by path in the output folder. */
export interface Reported {
  files: Record<string, string | Uint8Array>;
}

/** What a whole run made: each stage's output, and the files the destination committed. */
export interface PipelineResult {
  resolved: Resolved;
  summarised: Summarised;
  charted?: Charted;
  reported?: Reported;
  written: Written;
}

/** 1. load: reads the scenario file and checks it (JSON, schema, names, `extends`, expressions). Never throws for bad input. */
export function load(request: RunRequest): Loaded {
  return { request, checked: checkScenarioFile(request.scenariosFile) };
}

/** 2. validate: parses the `--set` arguments into typed patches checked against the schema. Never throws for bad input. */
export function validate(loaded: Loaded): Validated {
  return { ...loaded, sets: checkSetArguments(loaded.request.sets ?? []) };
}

/**
 * 3. resolve: every scenario asked for (each name checked), every week of it, with the valid
 * overrides; and every problem of steps 1–3, sorted. Never throws for bad input.
 */
export function resolve(validated: Validated): Resolved {
  return resolveChecked(validated.checked, validated.sets, validated.request.names);
}

/**
 * 3b. draw: with `request.posterior`, K particles of the posterior drawn with the run's seed, each
 * applied to every scenario; the posterior file's problems, and those of every scenario under every
 * particle drawn, join the others. Without it, `resolved` as it is. Never throws for bad input.
 */
export function draw(validated: Validated, resolved: Resolved, options: Pick<RunOptions, 'seed' | 'replicates'>): Resolved {
  const request = validated.request.posterior;
  if (!request) return resolved;
  const problems = [...resolved.problems, ...drawCountProblems(request.draws, options.replicates)];
  const checked = checkPosteriorDraws(request, options.seed, options.replicates);
  problems.push(...checked.problems);
  const draws = checked.draws;
  if (!draws) return { ...resolved, problems: sortProblems(problems) };
  const file = validated.checked.file;
  const sets = validated.sets.overrides;
  // Scenarios with problems of their own have nothing to check under the draws.
  if (resolved.problems.length === 0) problems.push(...drawnScenarioProblems(file, resolved.scenarios, sets, draws));
  return { ...resolved, problems: sortProblems(problems), posterior: { draws, weeklyOf: () => drawnWeekly(file, resolved.scenarios, sets, draws) } };
}

/** Replicates per scenario: with posterior draws, draws × replicates per draw. */
function replicatesOf(resolved: Pick<Resolved, 'posterior'>, options: Pick<RunOptions, 'replicates'>): number {
  return options.replicates * (resolved.posterior?.draws.draws ?? 1);
}

/** Steps 1–3 at once; throws InputError naming every problem of the file, the names and the `--set` arguments. */
export function resolveRequest(request: RunRequest): { scenarios: ResolvedScenario[] } {
  const { problems, scenarios } = resolve(validate(load(request)));
  if (problems.length > 0) throw new InputError(problems);
  return { scenarios };
}

/**
 * 4. simulate: the replicates of every scenario, with common random numbers, made lazily on
 * `options.workers` threads (default 1, this thread). Nothing starts until they are taken; taking
 * them all, or stopping early, closes the workers.
 */
export function simulate(resolved: Pick<Resolved, 'scenarios' | 'posterior'>, options: Pick<RunOptions, 'seed' | 'replicates' | 'progress' | 'workers'>, store?: RunStore): Simulation {
  const plan = { scenarios: resolved.scenarios, seed: options.seed, replicates: replicatesOf(resolved, options), weeklyOf: resolved.posterior?.weeklyOf() };
  const workers = options.workers === 'auto' ? autoWorkers(plan.scenarios.map((s) => ({ weekly: s.weekly, runs: plan.replicates }))) : (options.workers ?? 1);
  const replicates = parallelReplicates(plan, { workers, onRun: options.progress?.update, store });
  const names = plan.scenarios.map((s) => s.name);
  const headline: HeadlineLayout | undefined = resolved.posterior && {
    reference: referenceOf(names),
    draws: resolved.posterior.draws.draws,
    replicatesPerDraw: options.replicates,
    weeks: Math.min(...plan.scenarios.map((s) => s.weekly.length)),
  };
  return { scenarios: plan.scenarios, seed: plan.seed, replicateSeeds: replicateSeeds(plan.seed, plan.replicates), replicates, ...(headline ? { headline } : {}) };
}

/**
 * 5. collect: takes every replicate, handing its rows of timeseries.csv (header first) to `csv` at
 * once; `observe`, if given, sees each replicate once collected (a study's own tallies).
 */
export async function collect(simulation: Simulation, csv: (text: string) => void, observe?: (r: FinishedReplicate) => void | Promise<void>): Promise<Collected> {
  const collector = new RunCollector(csv, simulation.headline);
  for await (const r of simulation.replicates) {
    collector.add(r.scenario, r.replicate, r.result);
    await observe?.(r);
  }
  return collected(simulation, collector);
}

function collected(simulation: Pick<Simulation, 'scenarios' | 'replicateSeeds'>, collector: RunCollector): Collected {
  return { scenarios: simulation.scenarios, replicateSeeds: simulation.replicateSeeds, collector };
}

/**
 * What a study built on a run adds to it (`tokenmaxx compare`): problems of its own with the
 * scenarios resolved, a look at each replicate as it is collected, and data files of its own,
 * written after summary.json and listed in the manifest like every other.
 */
export interface Study {
  /** Names the study in the experiment's id (a checkpoint of one study is not another's). */
  kind: string;
  /** Runs it makes beyond the run's own, and whether each run's final strategies must be kept to resume it. */
  extra(options: Pick<RunOptions, 'replicates'>): { runs: number; strategies: boolean };
  problems(resolved: Resolved): Problem[];
  observe(replicate: FinishedReplicate): void;
  /** The text columns of each of its CSV files (the others are numbers), for their parquet copies. */
  textColumns: Readonly<Record<string, readonly string[]>>;
  /** Its files; `runs` simulates its extra runs (in order, on the pool, resumed from the checkpoint). */
  files(collected: Collected, options: Pick<RunOptions, 'seed' | 'replicates' | 'workers'>, runs: (specs: readonly RunSpec[]) => AsyncIterable<ReplicateResult>): Promise<Record<string, string>>;
}

/** 6. summarise: summary.json and distributions.json from what was collected. */
export function summarise(collected: Collected): Summarised {
  const summary = collected.collector.summaryJson();
  const { scenarios: summaries, headline } = JSON.parse(summary) as { scenarios: Record<string, ScenarioSummary>; headline?: RunHeadline };
  return { files: { 'summary.json': summary, 'distributions.json': collected.collector.distributionsJson() }, summaries, ...(headline ? { headline } : {}) };
}

/** 7. chart: a Vega-Lite spec of every chart, from a run read back and validated. */
export async function chart(run: RunData): Promise<Charted> {
  const { chartsFor } = await import('../plots/index.js');
  return { run, charts: chartsFor(run).map((c) => ({ name: c.name, spec: c.build(run) })) };
}

/** 8. report: every chart rendered (Vega, SVG, and PNG on request) and report.html, by path. */
export async function report(charted: Charted, options: { png?: boolean } = {}): Promise<Reported> {
  const [{ buildReport }] = await reportModules();
  // buildReport builds the specs again from the same run (a pure function of it, and cheap) as it renders them.
  return { files: await buildReport(charted.run, { png: options.png }) };
}

/**
 * A whole run, steps 1 to 8, into `destination` (memory by default: its `files` then hold the set).
 * Throws InputError naming every problem of the input, of `options.problems` and of the
 * destination before anything is simulated or written.
 */
export async function runPipeline(request: RunRequest, options: RunOptions, destination: RunDestination = new MemoryDestination(), study?: Study): Promise<PipelineResult> {
  // 1. load
  const loaded = load(request);
  // 2. validate
  const validated = validate(loaded);
  // 3. resolve
  if (request.posterior && study) throw new Error('runPipeline: a study is not run with posterior draws');
  // 3b. draw
  const resolved = draw(validated, resolve(validated), options);
  const problems = [...(options.problems ?? []), ...resolved.problems, ...(resolved.problems.length === 0 && study ? study.problems(resolved) : []), ...destination.problems()];
  if (problems.length > 0) throw new InputError(problems);

  let summarised: Summarised | undefined;
  let charted: Charted | undefined;
  let reported: Reported | undefined;
  // The checkpoint is closed on every path, a failure part-way included (the pool closes itself).
  let closeCheckpoint = () => {};
  const written = await destination.write(async (writer) => {
    try {
      // Runs an interrupted attempt of the same command finished are taken from the folder's checkpoint.
      const replicates = replicatesOf(resolved, options);
      const posterior = resolved.posterior && { record: posteriorRecord(resolved.posterior.draws), weeklyOf: resolved.posterior.weeklyOf() };
      const { store, close } = checkpointStore(writer, resolved.scenarios, { ...options, replicates }, study, posterior);
      closeCheckpoint = close;
      // Progress counts a study's own runs too (compare's B on independent seeds).
      const own = resolved.scenarios.length * replicates;
      const extra = study?.extra(options).runs ?? 0;
      const progress = options.progress && { ...options.progress, update: (done: number, _total: number, label: string) => options.progress!.update(done, own + extra, label) };
      // 4. simulate
      const simulation = simulate(resolved, { ...options, progress }, store);
      // 5. collect
      const csv = writer.create('timeseries.csv' satisfies RunDataFile);
      const table = options.parquet ? timeseriesParquet(writer.create('timeseries.parquet')) : undefined;
      const collected = await collect(simulation, (text) => csv.write(text), (r) => {
        study?.observe(r);
        return table?.add(r.scenario.name, r.replicate, r.result);
      });
      csv.close();
      await table?.close();
      // 6. summarise
      summarised = summarise(collected);
      for (const [name, text] of Object.entries(summarised.files)) writer.writeFile(name, text);
      if (study) {
        const first = resolved.scenarios.length * options.replicates;
        const workers = (specs: readonly RunSpec[]) => (options.workers === 'auto' ? autoWorkers(specs.map((sp) => ({ weekly: sp.weekly, runs: 1 }))) : (options.workers ?? 1));
        let done = own;
        const runs = async function* (specs: readonly RunSpec[]) {
          for await (const { result } of storedInOrder(specs, { workers: workers(specs), store, first })) {
            yield result;
            progress?.update(++done, own + extra, study.kind);
          }
        };
        for (const [name, text] of Object.entries(await study.files(collected, options, runs))) {
          writer.writeFile(name, text);
          const textColumns = study.textColumns[name];
          if (options.parquet && textColumns) writer.writeFile(parquetName(name), parquetOfCsv(text, textColumns));
        }
      }
      options.progress?.stop();
      close();
      const provenance = { ...options.provenance, seed: options.seed, replicates };
      const manifest = manifestJson(collected.scenarios, collected.replicateSeeds, provenance, writer.files(), posterior?.record);
      if (!options.report && !options.png) return manifest;
      // 7. chart: from the files written, as `report --from` reads a folder (a draft manifest first).
      writer.writeFile('manifest.json', manifest);
      charted = await chart(await writer.readBack());
      // 8. report
      reported = await report(charted, { png: options.png });
      stageFiles(writer, reported);
      return manifest;
    } finally {
      closeCheckpoint();
    }
  });
  return { resolved, summarised: summarised!, charted, reported, written };
}

function stageFiles(writer: Pick<RunWriter, 'writeFile'>, reported: Reported): void {
  for (const [name, data] of Object.entries(reported.files)) writer.writeFile(name, data);
}

/**
 * `report --from DIR`: steps 7 and 8 on a finished run, switched in with its data files as one
 * output set. The folder is verified (every file against its manifest), then verified again once
 * locked, so that what is read is what was verified. `flag` names the folder in problems.
 */
export async function reportFolder(dir: string, options: { png?: boolean } = {}, flag = '--from'): Promise<{ charted: Charted; reported: Reported; written: Written }> {
  if (dir === '') throw new InputError([{ source: flag, path: [], message: messages.folderEmptyPath(flag) }]);
  recoverFolder(dir, flag);
  verifyRun(dir, flag, RUN_DATA_FILES, isReportFile);
  let charted: Charted | undefined;
  let reported: Reported | undefined;
  const written = await writeOutputSet(dir, flag, async (set) => {
    // No run can replace the folder meanwhile; every file's content is validated before use.
    const verified = verifyRun(dir, flag, RUN_DATA_FILES, isReportFile);
    const [, { loadRun }] = await reportModules();
    // 7. chart
    charted = await chart(loadRun(dir));
    for (const [name, record] of Object.entries(verified.files)) if (!isReportFile(name)) set.carryOver(name, record);
    // 8. report
    reported = await report(charted, options);
    stageFiles(set, reported);
    return manifestWithFiles(verified.manifestText, set.files());
  });
  return { charted: charted!, reported: reported!, written };
}

/**
 * The files of a run held in memory, from results simulated beforehand (steps 5 and 6): data
 * files and manifest.json, by name.
 */
export function runOutputs(results: readonly ScenarioResult[], provenance: Provenance): Record<RunDataFile | 'manifest.json', string> {
  const replicates = results.flatMap(({ scenario, replicates }, scenarioIndex) => replicates.map((result, replicate) => ({ scenario, scenarioIndex, replicate, result })));
  const scenarios = results.map((r) => r.scenario);
  const seeds = results[0]?.replicates.map((r) => r.seed) ?? [];
  const parts: string[] = [];
  const collector = new RunCollector((text) => parts.push(text));
  for (const r of replicates) collector.add(r.scenario, r.replicate, r.result);
  const files = { 'timeseries.csv': parts.join(''), ...summarise(collected({ scenarios, replicateSeeds: seeds }, collector)).files };
  return { ...files, 'manifest.json': manifestJson(scenarios, seeds, provenance, fileTable(files)) };
}
