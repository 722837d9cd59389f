/**
 * tokenmaxx as a library: everything the CLI does, for scripts and notebooks, with no deep imports.
 * The run is the pipeline of src/experiment/pipeline.ts, whole or stage by stage:
 *
 *   load → validate → resolve (→ draw) → simulate → collect → summarise → chart → report
 *
 * `runPipeline(request, options)` runs them all into memory (or into an output folder, with
 * `folderDestination`); each stage is exported on its own, taking the previous stage's output.
 * Around it, in the order of the sections below:
 *
 *   scenarios    load, check and resolve scenario files; the schema, its defaults and ranges
 *   model        one replicate (`simulateReplicate`), the metrics it records, the strategies
 *   run          the pipeline and its stages, destinations, replicates, summaries and files
 *   headline     `run --posterior`: the headline figures as intervals, and its table
 *   experiments  `compare`, `sweep`, `sensitivity` and the study report: pipelines, files, tables
 *   calibration  `calibrate`: the ABC engine, the posterior file, the targets and held-out facts
 *   validation   `validate-model`: the stylized facts checked on the model
 *   charts       Vega-Lite spec builders (pure: data in, spec out) and SVG rendering
 *   report       report.html and chart files from a run; reading a run folder back
 *   statistics   src/stats: paired comparisons, designs, Morris and Sobol' estimators, for any model
 *
 * Where two modules use the same name, the one less often wanted is re-exported under a name that
 * says what it is (`analyseSensitivity`, `reportComparisonTable`, `FactMeasure`).
 */

// ── scenarios ───────────────────────────────────────────────────────────────────────────────────
export { presetsPath, toolVersion, gitCommit } from './paths.js';
export { loadScenarioFile, parseScenarioText, checkScenarioFile, checkScenarioText, type LoadedFile, type CheckedFile } from './scenarios/load.js';
export { checkRequest, validateScenarioFile, type ScenarioRequest } from './scenarios/request.js';
export { INPUT_LIMITS } from './scenarios/limits.js';
export {
  resolveScenario,
  parseSetArguments,
  checkSetArguments,
  scenarioRecord,
  type ResolvedScenario,
  type Override,
  type ScheduledPatch,
  type ScheduledChange,
  type SetArgument,
} from './scenarios/resolve.js';
export { mergePatch, parseSettablePath, type ParameterPatch, type PolicyPatch, type LeafPath, type SettablePath } from './scenarios/paths.js';
export { InputError, formatProblem, type Problem, type PathSegment } from './scenarios/problems.js';
export {
  scenarioJsonSchema,
  defaultParameters,
  plausibleRanges,
  type Parameters,
  type WeekParameters,
  type ScenarioInput,
  type ScenarioFile,
  type PlausibleRange,
  type PlausibleRangeRow,
} from './scenarios/schema.js';
export { parameterTableMarkdown, metricTableMarkdown } from './scenarios/parameterTable.js';

// ── model ───────────────────────────────────────────────────────────────────────────────────────
export { simulateReplicate, LORENZ_GRID, type ReplicateResult } from './model/simulate.js';
export { METRICS, METRIC_NAMES, METRIC_INDEX, type MetricName, type MetricDefinition } from './model/metrics.js';
export { STRATEGY_NAMES, Strategy } from './model/strategies.js';

// ── run ─────────────────────────────────────────────────────────────────────────────────────────
export {
  load,
  validate,
  resolve,
  draw,
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
  type Study,
} from './experiment/pipeline.js';
export { folderDestination, MemoryDestination, type RunDestination, type RunWriter, type Written, type FolderOptions } from './experiment/destination.js';
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
  type OnRun,
} from './experiment/run.js';
export { openRunPool, runInOrder, autoWorkers, IN_FLIGHT_PER_WORKER, type RunSpec, type RunPool, type RunInOrderOptions } from './experiment/pool.js';
export { summarizeScenario, estimate, type Estimate, type MetricSummary, type ScenarioSummary } from './experiment/summarize.js';
export { timeseriesCsv, summaryJson, distributionsJson, manifestJson, TIMESERIES_COLUMNS, RUN_DATA_FILES, type RunDataFile, type Provenance } from './experiment/outputs.js';
export { keyMetricsTable } from './experiment/table.js';

// ── headline (`run --posterior`) ────────────────────────────────────────────────────────────────
export { checkPosteriorDraws, posteriorRecord, type PosteriorRequest, type PosteriorDraws, type PosteriorRecord } from './experiment/draws.js';
export {
  runHeadline,
  headlineWindows,
  headlineScalars,
  referenceOf,
  HEADLINE_FIGURES,
  FIGURE_DEFINITIONS,
  HEADLINE_WINDOWS,
  YEAR_WEEKS,
  STEADY_WEEKS,
  STEADY_MIN_WEEKS,
  type HeadlineFigure,
  type HeadlineWindowName,
  type HeadlineWindow,
  type HeadlineEstimate,
  type ScenarioHeadline,
  type RunHeadline,
  type HeadlineLayout,
} from './experiment/headline.js';
export { headlineTable } from './experiment/table.js';
export { twoIntervals, dominantOf, type TwoIntervals, type Dominant } from './stats/randomEffects.js';

// ── experiments ─────────────────────────────────────────────────────────────────────────────────
export {
  comparePipeline,
  compareScalars,
  comparisonCsv,
  flowsCsv,
  comparisonTable,
  FlowTally,
  STATISTICS,
  COMPARISON_COLUMNS,
  FLOW_COLUMNS,
  COMPARISON_FILES,
  type Statistic,
  type CompareRequest,
  type ComparisonRow,
  type FlowRow,
  type ComparisonResult,
} from './experiment/compare.js';
export { parseVaryArguments, loadDesignFile, designPoints, designJsonSchema, type DesignSpec, type DesignMethod, type VariedParameter, type DesignPoints } from './experiment/design.js';
export {
  sweepPipeline,
  sweepTable,
  sweepColumns,
  summaryColumns as sweepSummaryColumns,
  SWEEP_FILES,
  type SweepRequest,
  type SweepOptions,
  type SweepResult,
  type PointSummary,
  planSweep,
  SWEEP_RUN_WIDTH,
  type SweepPlan,
  type RunSource,
  type PointFilter,
} from './experiment/sweep.js';
export { answerBest, bestJson, type BestQuestion, type BestAnswer } from './experiment/best.js';
export {
  sensitivityPipeline,
  analyse as analyseSensitivity,
  sensitivityCsv,
  sensitivityTable,
  salibFiles,
  DEFAULT_SENSITIVITY_METRICS,
  SENSITIVITY_COLUMNS,
  type SensitivityRequest,
  type SensitivityAnalysis,
  type MetricSensitivity,
} from './experiment/sensitivity.js';
export { studyReport } from './experiment/study.js';

// ── shards: a study across machines (`--shard`, `merge`) ─────────────────────────────────────────
export {
  shardOf,
  shardPipeline,
  shardIndexes,
  shardRuns,
  shardId,
  runBytes,
  withoutFlag,
  replacingFlag,
  hasFlag,
  MAX_SHARDS,
  type ShardSpec,
  type ShardOptions,
  type ShardResult,
  type ShardRecord,
} from './experiment/shard.js';
export { readShards, type ShardSet } from './experiment/shardSet.js';
export { calibrateShard, mergeRound, replay as replayCalibration, PointResults, HELD_OUT, type Batch, type Replayed, type RoundShardOptions, type RoundShardResult, type RoundMerged } from './calibrate/rounds.js';

// ── calibration (`calibrate`) ───────────────────────────────────────────────────────────────────
export * from './calibrate/index.js';
export {
  calibratePipeline,
  calibrationTable,
  particlesCsv,
  targetsCsv,
  CALIBRATE_FILES,
  MAX_PARTICLES,
  MAX_GENERATIONS,
  type CalibrateRequest,
  type CalibrateOptions,
  type CalibrateResult,
  type TargetRow,
  prepareCalibration,
  writeCalibration,
  calibrationResult,
  calibrate as runCalibrationEngine,
  type PreparedCalibration,
  type EngineRun,
} from './calibrate/pipeline.js';
export { validate as validateHeldOut, validationCsv, simulatedOutcomes, outcomeVector, outcomesOfVector, outcomeWidth, type FactRow, type DrawOutcomes } from './calibrate/validation.js';
export {
  CALIBRATION_TARGETS,
  HELD_OUT_FACTS,
  CALIBRATED_PATHS,
  PASS_SHARE,
  VALIDATION_DRAWS,
  MIN_CALIBRATION_WEEKS,
  calibratedParameters,
  calibrationPrior,
  engineTargets,
  targetSummary,
  targetRuns,
  factRuns,
  metricSeries,
  type CalibrationTarget,
  type CalibrationRun,
  type CalibratedParameter,
  type HeldOutFact,
  type FactOutcome,
  type Measure as FactMeasure,
  type RunSeries,
  type TargetTransform,
} from './calibrate/targets.js';
export { calibrationSimulator, simulatePoints, type SimulationSetup } from './calibrate/simulator.js';

// ── validation (`validate-model`) ───────────────────────────────────────────────────────────────
export {
  validateModel,
  checkFacts,
  neededScenarios,
  toleranceFor,
  SUITE_SCALE,
  BRIEF_SCALE,
  type Scale,
  type Validation,
  type ValidationOptions,
  type FactResult,
} from './validation/validate.js';
export { FACTS, SUITE_TOLERANCE, BRIEF_TOLERANCE, type Fact, type Tolerance } from './validation/facts.js';
export { resultsTable, resultsJson, resultsCsv } from './validation/table.js';
export { seriesOf, type Series, type ScenarioRuns } from './validation/series.js';
export type { Claim, FactCheck } from './validation/claims.js';

// ── charts ──────────────────────────────────────────────────────────────────────────────────────
export { CHARTS, COMPARISON_CHARTS, chartsFor, type ChartDefinition, type PlacedChart } from './plots/index.js';
export { RunAccumulator, weeklyMeans, MEASURES, type RunData, type WeeklyPoint, type WeeklyMoments, type ReplicatePoint } from './plots/data.js';
export { spendVsOutputChart } from './plots/spendVsOutput.js';
export { frontierChart } from './plots/frontier.js';
export { strategySharesChart } from './plots/strategyShares.js';
export { goodhartGapChart } from './plots/goodhartGap.js';
export { tokenInequalityChart } from './plots/tokenInequality.js';
export { beliefsChart } from './plots/beliefs.js';
export { incidentsChart } from './plots/incidents.js';
export { differencesChart, flowsChart } from './plots/comparison.js';
export { sweepCharts, sweepHeatmapChart, sweepLinesChart, sweepScenariosChart } from './plots/sweep.js';
export { sensitivityCharts, morrisChart, sobolChart } from './plots/sensitivity.js';
export { toVega, toSvg } from './plots/render.js';

// ── report ──────────────────────────────────────────────────────────────────────────────────────
export { buildReport, svgToPng, type ReportOptions } from './report/build.js';
export { reportHtml, type ReportAssets } from './report/html.js';
export { reportAssets } from './report/assets.js';
export { loadRun, readRunTexts } from './report/readRun.js';
export { buildSweepReport, buildStudyReport, type SweepReportInput } from './report/sweepReport.js';
export { readSweepFolder } from './report/readStudy.js';
export { headlineSentences, takeaway } from './report/headline.js';
export { policyTable, metricsTable, comparisonTable as reportComparisonTable } from './report/tables.js';

// ── statistics ──────────────────────────────────────────────────────────────────────────────────
export * from './stats/index.js';
