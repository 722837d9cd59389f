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

/** Runs the plan; `onRun` is told after each scenario × replicate (for progress). */
export function runExperiment(plan: ExperimentPlan, onRun?: (done: number, total: number, scenario: string) => void): ScenarioResult[] {
  const seeds = replicateSeeds(plan.seed, plan.replicates);
  const total = plan.scenarios.length * seeds.length;
  let done = 0;
  return plan.scenarios.map((scenario) => ({
    scenario,
    replicates: seeds.map((seed) => {
      const result = simulateReplicate(scenario.weekly, seed);
      done += 1;
      onRun?.(done, total, scenario.name);
      return result;
    }),
  }));
}
