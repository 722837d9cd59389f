/** A small run written to a temporary folder as the CLI writes it, for tests that read run folders. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runOutputs } from '../../src/experiment/pipeline.js';
import { runExperiment } from '../../src/experiment/run.js';
import { toolVersion } from '../../src/paths.js';
import { parseSetArguments, resolveScenario } from '../../src/scenarios/resolve.js';
import { parseScenarioText } from '../../src/scenarios/load.js';

/** Scenarios of the small run. */
export const SMALL_SCENARIOS = ['amazon-2026', 'mandate-only'];
/** Replicates of the small run. */
export const SMALL_REPLICATES = 3;
/** Weeks of the small run. */
export const SMALL_WEEKS = 8;

let cached: Record<string, string> | undefined;

/** The files of a small run of two presets (name → text), written by this tokenmaxx's version. */
export function smallRun(): Record<string, string> {
  if (!cached) {
    const overrides = parseSetArguments(['population.employees=200', `weeks=${SMALL_WEEKS}`]);
    const presetsPath = new URL('../../scenarios.json', import.meta.url).pathname;
    const presets = parseScenarioText(readFileSync(presetsPath, 'utf8'), presetsPath);
    const scenarios = SMALL_SCENARIOS.map((name) => resolveScenario(presets, name, overrides));
    const results = runExperiment({ scenarios, seed: 'read-run', replicates: SMALL_REPLICATES });
    cached = runOutputs(results, { toolVersion: toolVersion(), nodeVersion: 'v20', gitCommit: null, command: 'tokenmaxx run --report', seed: 'read-run', replicates: SMALL_REPLICATES });
  }
  return { ...cached };
}

/** Writes run files (name → text or bytes) into a new temporary folder; returns its path. */
export function writeRun(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-run-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** The lines of a text, its final newline kept off. */
export function linesOf(text: string): string[] {
  return text.replace(/\n$/, '').split('\n');
}
