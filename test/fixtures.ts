/** A small finished run of every preset, built through the library. */
import { runOutputs } from '../src/experiment/pipeline.js';
import { runExperiment } from '../src/experiment/run.js';
import type { LoadedFile } from '../src/scenarios/load.js';
import { parseSetArguments, resolveScenario } from '../src/scenarios/resolve.js';
import { presets } from './helpers.js';

/** The files of a run of every preset at a small scale; optionally with amazon-2026's description replaced. */
export function smallRunFiles(amazonDescription?: string): Record<string, string> {
  const file: LoadedFile =
    amazonDescription === undefined
      ? presets
      : { source: presets.source, scenarios: { ...presets.scenarios, 'amazon-2026': { ...presets.scenarios['amazon-2026'], description: amazonDescription } } };
  const overrides = parseSetArguments(['population.employees=400', 'weeks=30']);
  const scenarios = Object.keys(file.scenarios).sort().map((name) => resolveScenario(file, name, overrides));
  const results = runExperiment({ scenarios, seed: 'report-test', replicates: 3 });
  return runOutputs(results, { toolVersion: 'test', nodeVersion: 'test', gitCommit: null, command: 'tokenmaxx run --report', seed: 'report-test', replicates: 3 });
}
