/**
 * tokenmaxx as a library: the same pipeline the CLI runs, for scripts and notebooks.
 *
 *   resolveRequest (load → validate → resolve) → runExperiment (simulate) → summarizeScenario /
 *   runOutputs (summarise, files)
 */
export { resolveRequest, runOutputs, type RunRequest } from './experiment/pipeline.js';
export { runExperiment, replicateSeeds, type ExperimentPlan, type ScenarioResult } from './experiment/run.js';
export { summarizeScenario, estimate, type Estimate, type MetricSummary, type ScenarioSummary } from './experiment/summarize.js';
export { timeseriesCsv, summaryJson, manifestJson, TIMESERIES_COLUMNS } from './experiment/outputs.js';
export { simulateReplicate, type ReplicateResult } from './model/simulate.js';
export { METRICS, METRIC_NAMES, METRIC_INDEX, type MetricName, type MetricDefinition } from './model/metrics.js';
export { STRATEGY_NAMES, Strategy } from './model/strategies.js';
export { loadScenarioFile, parseScenarioText, type LoadedFile } from './scenarios/load.js';
export { checkRequest, validateScenarioFile, type ScenarioRequest } from './scenarios/request.js';
export { INPUT_LIMITS } from './scenarios/limits.js';
export { resolveScenario, parseSetArguments, type ResolvedScenario, type Override } from './scenarios/resolve.js';
export { InputError, formatProblem, type Problem } from './scenarios/problems.js';
export { scenarioJsonSchema, defaultParameters, type Parameters, type WeekParameters, type ScenarioInput } from './scenarios/schema.js';
export { presetsPath } from './paths.js';
