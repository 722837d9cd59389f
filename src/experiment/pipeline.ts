/**
 * The pipeline, end to end:
 *
 *   load file → validate → resolve defaults, extends, --set, schedules and expressions (per week)
 *     → simulate every scenario × replicate → summarise → output texts (CSV, JSON, manifest)
 *
 * Each stage is a pure function of the previous one's output; reading the scenario file is the only
 * I/O here. The CLI writes the texts; notebooks can call these functions directly.
 */
import { messages } from '../messages.js';
import { loadScenarioFile, locateInFile, type LoadedFile } from '../scenarios/load.js';
import { InputError, type Problem } from '../scenarios/problems.js';
import { parseSetArguments, resolveScenario, type Override, type ResolvedScenario, type SetArgument } from '../scenarios/resolve.js';
import { suggest } from '../scenarios/validate.js';
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

/** Loads, validates and resolves the requested scenarios; throws InputError naming every problem. */
export function resolveRequest(req: RunRequest): { file: LoadedFile; scenarios: ResolvedScenario[] } {
  const overrides: Override[] = parseSetArguments(req.sets ?? []);
  const file = loadScenarioFile(req.scenariosFile);
  const known = Object.keys(file.scenarios).sort();
  const names = req.names && req.names.length > 0 ? [...new Set(req.names)] : known;
  const problems: Problem[] = [];
  const scenarios: ResolvedScenario[] = [];
  for (const name of names) {
    if (!Object.hasOwn(file.scenarios, name)) {
      problems.push({ source: file.source, path: [], message: messages.unknownScenario(name, known, suggest(name, known)) });
      continue;
    }
    try {
      scenarios.push(resolveScenario(file, name, overrides));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(...locateInFile(file, e.problems));
    }
  }
  if (problems.length > 0) throw new InputError(dedupe(problems));
  return { file, scenarios };
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = JSON.stringify(p);
    return seen.has(k) ? false : (seen.add(k), true);
  });
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
