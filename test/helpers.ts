/** Shared helpers for tests: scenarios built in memory, and runs of them. */
import { simulateReplicate, type ReplicateResult } from '../src/model/simulate.js';
import { METRICS, METRIC_INDEX, type MetricName } from '../src/model/metrics.js';
import { initialState, type State } from '../src/model/state.js';
import { keyFromSeed } from '../src/model/rng.js';

import { weekTerms, type WeekTerms } from '../src/model/step.js';
import { loadScenarioFile, parseScenarioText, type LoadedFile } from '../src/scenarios/load.js';
import { resolveScenario, type ResolvedScenario } from '../src/scenarios/resolve.js';
import type { ScenarioInput, WeekParameters } from '../src/scenarios/schema.js';

/** The shipped presets. */
export const presets: LoadedFile = loadScenarioFile(new URL('../scenarios.json', import.meta.url).pathname);

/** Resolves a scenario written in the test (defaults for everything it leaves out). */
export function scenario(input: ScenarioInput, name = 'test'): ResolvedScenario {
  return resolveScenario(parseScenarioText(JSON.stringify({ scenarios: { [name]: input } }), 'test.json'), name);
}

/** Resolves a preset, with overrides such as a smaller population. */
export function preset(name: string, patch: ScenarioInput = {}): ResolvedScenario {
  return resolveScenario(presets, name, [{ source: 'test', patch }]);
}

/** One week's parameters of an in-memory scenario. */
export function weekParams(input: ScenarioInput = {}, week = 0): WeekParameters {
  return scenario(input).weekly[week];
}

/** A fresh state and the week's terms for unit tests of mechanisms. */
export function stateFor(input: ScenarioInput = {}, seed = 'unit'): { s: State; p: WeekParameters; t: WeekTerms } {
  const p = weekParams(input);
  const s = initialState(p, keyFromSeed(seed));
  return { s, p, t: weekTerms(s, p) };
}

/** Runs replicates of a resolved scenario. */
export function run(s: ResolvedScenario, seeds: readonly string[]): ReplicateResult[] {
  return seeds.map((seed) => simulateReplicate(s.weekly, seed));
}

/** A metric's value in a week of a replicate. */
export function metric(r: ReplicateResult, name: MetricName, week: number): number {
  return r.values[week * METRICS.length + METRIC_INDEX[name]];
}

/** The mean over replicates of a metric in a week. */
export function meanMetric(rs: readonly ReplicateResult[], name: MetricName, week: number): number {
  return rs.reduce((a, r) => a + metric(r, name, week), 0) / rs.length;
}

/** The mean over replicates of a metric averaged over weeks [from, to). */
export function meanOver(rs: readonly ReplicateResult[], name: MetricName, from: number, to: number): number {
  let sum = 0;
  for (const r of rs) for (let w = from; w < to; w++) sum += metric(r, name, w);
  return sum / (rs.length * (to - from));
}

/** A scenario that extends a preset with anything a scenario may write, schedules included. */
export function extendPreset(name: string, extra: ScenarioInput): ResolvedScenario {
  const file: LoadedFile = { source: presets.source, scenarios: { ...presets.scenarios, 'test-extension': { ...extra, extends: name } } };
  return resolveScenario(file, 'test-extension');
}
