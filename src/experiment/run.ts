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

/** One finished replicate of one scenario. */
export interface FinishedReplicate {
  scenario: ResolvedScenario;
  /** The scenario's place in the plan. */
  scenarioIndex: number;
  /** The replicate's number, from 0. */
  replicate: number;
  result: ReplicateResult;
}

/** Told after each replicate, for progress. */
export type OnRun = (done: number, total: number, scenario: string) => void;

/**
 * Every replicate of the plan, scenario by scenario, in replicate order, each simulated only when
 * the caller asks for the next and kept by no one here, so memory does not grow with the size of the
 * experiment. `onRun` is told once the caller has taken each one.
 */
export function* experimentReplicates(plan: ExperimentPlan, onRun?: OnRun): Generator<FinishedReplicate> {
  const seeds = replicateSeeds(plan.seed, plan.replicates);
  const total = plan.scenarios.length * seeds.length;
  let done = 0;
  for (const [scenarioIndex, scenario] of plan.scenarios.entries()) {
    for (const [replicate, seed] of seeds.entries()) {
      yield { scenario, scenarioIndex, replicate, result: simulateReplicate(scenario.weekly, seed) };
      done += 1;
      onRun?.(done, total, scenario.name);
    }
  }
}

/** Runs the plan and returns every replicate's results (for small experiments held in memory). */
export function runExperiment(plan: ExperimentPlan, onRun?: OnRun): ScenarioResult[] {
  const results = plan.scenarios.map((scenario) => ({ scenario, replicates: [] as ReplicateResult[] }));
  for (const r of experimentReplicates(plan, onRun)) results[r.scenarioIndex].replicates.push(r.result);
  return results;
}
