/**
 * The pipeline, end to end:
 *
 *   load file → validate → resolve defaults, extends, --set, schedules and expressions (per week)
 *     → simulate every scenario × replicate → summarise → output texts (CSV, JSON, manifest)
 *
 * Each stage is a pure function of the previous one's output; reading the scenario file is the only
 * I/O here. The CLI writes the texts; notebooks can call these functions directly.
 */
import { InputError } from '../scenarios/problems.js';
import { checkRequest } from '../scenarios/request.js';
import type { ResolvedScenario, SetArgument } from '../scenarios/resolve.js';
import { distributionsJson, fileTable, manifestJson, summaryJson, timeseriesCsv, type Provenance } from './outputs.js';
import type { ScenarioResult } from './run.js';

/** What to run, as a user asked for it. */
export interface RunRequest {
  /** Path of the scenario file. */
  scenariosFile: string;
  /** Scenario names; empty or absent = every scenario in the file, in name order. */
  names?: readonly string[];
  /** `--set PATH=VALUE` arguments, applied to every scenario after `extends`. */
  sets?: readonly SetArgument[];
}

/**
 * Loads, validates and resolves the requested scenarios; throws InputError naming every problem of
 * the file, the names and the `--set` arguments at once (see checkRequest).
 */
export function resolveRequest(req: RunRequest): { scenarios: ResolvedScenario[] } {
  const { problems, scenarios } = checkRequest(req);
  if (problems.length > 0) throw new InputError(problems);
  return { scenarios };
}

/** The output files of a finished run held in memory: name → text (the CLI streams them instead). */
export function runOutputs(results: readonly ScenarioResult[], provenance: Provenance): Record<string, string> {
  const files: Record<string, string> = {
    'timeseries.csv': timeseriesCsv(results),
    'summary.json': summaryJson(results),
    'distributions.json': distributionsJson(results),
  };
  const scenarios = results.map((r) => r.scenario);
  const seeds = results[0]?.replicates.map((r) => r.seed) ?? [];
  return { ...files, 'manifest.json': manifestJson(scenarios, seeds, provenance, fileTable(files)) };
}
