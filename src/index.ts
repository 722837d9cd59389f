/**
 * tokenmaxx as a library: the same pipeline the CLI runs, for scripts and notebooks, whole or stage
 * by stage (src/experiment/pipeline.ts):
 *
 *   load → validate → resolve → simulate → collect → summarise → chart → report
 *
 * `runPipeline(request, options)` runs them all into memory (or into an output folder, with
 * `folderDestination`); each stage is exported on its own, taking the previous stage's output.
 * The experiments — `comparePipeline`, `sweepPipeline`, `sensitivityPipeline` — build on it, and
 * `src/stats` (paired comparisons, designs, Morris and Sobol' estimators) is exported for any model.
 */
export {
  load,
  validate,
  resolve,
  simulate,
  collect,
  summarise,
  chart,
  report,
  runPipeline,
  reportFolder,
  resolveRequest,
  runOutputs,
  type RunRequest,
  type RunOptions,
  type Loaded,
  type Validated,
  type Resolved,
  type Simulation,
  type Collected,
  type Summarised,
  type Charted,
  type Reported,
  type PipelineResult,
} from './experiment/pipeline.js';
export { folderDestination, MemoryDestination, type RunDestination, type RunWriter, type Written } from './experiment/destination.js';
export {
  runExperiment,
  experimentReplicates,
  parallelReplicates,
  plannedRuns,
  replicateSeeds,
  type ExperimentPlan,
  type ScenarioResult,
  type FinishedReplicate,
  type PlannedRun,
} from './experiment/run.js';
export { openRunPool, runInOrder, autoWorkers, IN_FLIGHT_PER_WORKER, type RunSpec, type RunPool, type RunInOrderOptions } from './experiment/pool.js';
export { summarizeScenario, estimate, type Estimate, type MetricSummary, type ScenarioSummary } from './experiment/summarize.js';
export { timeseriesCsv, summaryJson, manifestJson, TIMESERIES_COLUMNS, RUN_DATA_FILES, type RunDataFile } from './experiment/outputs.js';
export { simulateReplicate, type ReplicateResult } from './model/simulate.js';
export { METRICS, METRIC_NAMES, METRIC_INDEX, type MetricName, type MetricDefinition } from './model/metrics.js';
export { STRATEGY_NAMES, Strategy } from './model/strategies.js';
export { loadScenarioFile, parseScenarioText, type LoadedFile } from './scenarios/load.js';
export { checkRequest, validateScenarioFile, type ScenarioRequest } from './scenarios/request.js';
export { INPUT_LIMITS } from './scenarios/limits.js';
export { resolveScenario, parseSetArguments, type ResolvedScenario, type Override, type ScheduledPatch } from './scenarios/resolve.js';
export { mergePatch, parseSettablePath, type ParameterPatch, type PolicyPatch, type LeafPath, type SettablePath } from './scenarios/paths.js';
export { InputError, formatProblem, type Problem } from './scenarios/problems.js';
export { scenarioJsonSchema, defaultParameters, type Parameters, type WeekParameters, type ScenarioInput } from './scenarios/schema.js';
export { presetsPath } from './paths.js';
export { comparePipeline, compareScalars, FlowTally, type CompareRequest, type ComparisonRow, type FlowRow, type ComparisonResult } from './experiment/compare.js';
export { parseVaryArguments, loadDesignFile, designPoints, designJsonSchema, type DesignSpec, type DesignMethod, type VariedParameter, type DesignPoints } from './experiment/design.js';
export { sweepPipeline, answerBest, type SweepRequest, type SweepOptions, type SweepResult, type PointSummary, type BestQuestion, type BestAnswer } from './experiment/sweep.js';
export { sensitivityPipeline, analyse as analyseSensitivity, type SensitivityRequest, type SensitivityAnalysis } from './experiment/sensitivity.js';
export * from './stats/index.js';
export { plausibleRanges } from './scenarios/schema.js';
