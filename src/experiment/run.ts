/**
 * An experiment: every scenario × replicate, with common random numbers — replicate r of every
 * scenario uses the same replicate seed, so scenarios differ only by their policies, not by luck.
 */
import { simulateReplicate, type ReplicateResult } from '../model/simulate.js';
import { replicateSeed } from '../model/rng.js';
import type { ResolvedScenario } from '../scenarios/resolve.js';

/** What to run. */
export interface ExperimentPlan {
  scenarios: readonly ResolvedScenario[];
  /** The run seed (string or integer); replicate seeds derive from it. */
  seed: string | number;
  replicates: number;
}

/** The results of one scenario: one block of metrics per replicate. */
export interface ScenarioResult {
  scenario: ResolvedScenario;
  replicates: ReplicateResult[];
}

/** The replicate seeds of a run seed, in replicate order. */
export function replicateSeeds(seed: string | number, replicates: number): string[] {
  return Array.from({ length: replicates }, (_, r) => replicateSeed(seed, r));
}

/** Told of each finished replicate, scenario by scenario, in replicate order. */
export type ReplicateSink = (scenario: ResolvedScenario, replicate: number, result: ReplicateResult, scenarioIndex: number) => void;

/**
 * Runs the plan, handing each replicate to `sink` as it finishes and keeping none of them, so memory
 * does not grow with the size of the experiment. `onRun` is told after each one (for progress).
 */
export function streamExperiment(plan: ExperimentPlan, sink: ReplicateSink, onRun?: (done: number, total: number, scenario: string) => void): void {
  const seeds = replicateSeeds(plan.seed, plan.replicates);
  const total = plan.scenarios.length * seeds.length;
  let done = 0;
  plan.scenarios.forEach((scenario, s) => {
    seeds.forEach((seed, r) => {
      sink(scenario, r, simulateReplicate(scenario.weekly, seed), s);
      done += 1;
      onRun?.(done, total, scenario.name);
    });
  });
}

/** Runs the plan and returns every replicate's results (for small experiments held in memory). */
export function runExperiment(plan: ExperimentPlan, onRun?: (done: number, total: number, scenario: string) => void): ScenarioResult[] {
  const results = plan.scenarios.map((scenario) => ({ scenario, replicates: [] as ReplicateResult[] }));
  streamExperiment(plan, (_scenario, _r, result, s) => results[s].replicates.push(result), onRun);
  return results;
}
