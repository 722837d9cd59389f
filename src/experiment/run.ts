/**
 * An experiment: every scenario × replicate, with common random numbers — replicate r of every
 * scenario uses the same replicate seed, so scenarios differ only by their policies, not by luck.
 */
import { simulateReplicate, type ReplicateResult } from '../model/simulate.js';
import { replicateSeed } from '../model/rng.js';
import type { ResolvedScenario } from '../scenarios/resolve.js';
import type { WeekParameters } from '../scenarios/schema.js';
import { runInOrder, type RunSpec } from './pool.js';

/** What to run. */
export interface ExperimentPlan {
  scenarios: readonly ResolvedScenario[];
  /** The run seed (string or integer); replicate seeds derive from it. */
  seed: string | number;
  replicates: number;
  /**
   * The weekly parameters of replicate `replicate` of scenario `scenarioIndex`, when they are not the
   * scenario's own (a run with posterior draws: src/experiment/draws.ts); absent = `scenario.weekly`.
   */
  weeklyOf?: (scenarioIndex: number, replicate: number) => readonly WeekParameters[];
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

/** One run of the plan, not yet simulated: a replicate of a scenario, with what simulating it takes. */
export interface PlannedRun extends RunSpec {
  scenario: ResolvedScenario;
  scenarioIndex: number;
  replicate: number;
}

/** The runs of the plan in plan order — scenario by scenario, in replicate order — made as they are asked for. */
export function* plannedRuns(plan: ExperimentPlan): Generator<PlannedRun> {
  const seeds = replicateSeeds(plan.seed, plan.replicates);
  for (const [scenarioIndex, scenario] of plan.scenarios.entries()) {
    for (const [replicate, seed] of seeds.entries()) yield { scenario, scenarioIndex, replicate, weekly: plan.weeklyOf?.(scenarioIndex, replicate) ?? scenario.weekly, seed };
  }
}

/**
 * Every replicate of the plan, scenario by scenario, in replicate order, each simulated in this
 * thread only when the caller asks for the next and kept by no one here, so memory does not grow with
 * the size of the experiment. `onRun` is told once the caller has taken each one.
 */
export function* experimentReplicates(plan: ExperimentPlan, onRun?: OnRun): Generator<FinishedReplicate> {
  const total = plan.scenarios.length * plan.replicates;
  let done = 0;
  for (const run of plannedRuns(plan)) {
    yield finished(run, simulateReplicate(run.weekly, run.seed));
    onRun?.(++done, total, run.scenario.name);
  }
}

/**
 * The replicates of {@link experimentReplicates}, in the same order and the same bytes, simulated on
 * `workers` threads (src/experiment/pool.ts; 1 = in this thread, each when asked for). At most a few
 * runs per worker are ahead of the caller, so memory stays flat here too.
 */
export async function* parallelReplicates(plan: ExperimentPlan, options: { workers: number; onRun?: OnRun; store?: RunStore }): AsyncGenerator<FinishedReplicate> {
  const total = plan.scenarios.length * plan.replicates;
  let done = 0;
  for await (const { spec, result } of storedInOrder(plannedRuns(plan), options)) {
    yield finished(spec, result);
    options.onRun?.(++done, total, spec.scenario.name);
  }
}

/**
 * Where the runs of a resumable experiment are kept as they finish (an output folder's checkpoint):
 * run `index` is the run's place in the experiment's run list.
 */
export interface RunStore {
  /** The result of a run an earlier attempt finished, taken out of the store; undefined if it did not. */
  take(index: number): ReplicateResult | undefined;
  /** Whether an earlier attempt finished run `index`. */
  has(index: number): boolean;
  /** Keeps a run just finished. */
  keep(index: number, result: ReplicateResult): void;
}

/**
 * The results of `specs` in their order, as runInOrder gives them, but with the runs `store` holds
 * taken from it rather than simulated, and every run simulated kept in it; `first` is the index of
 * the first spec in the store's run list. Without a store, runInOrder.
 */
export async function* storedInOrder<S extends RunSpec>(specs: Iterable<S>, options: { workers: number; store?: RunStore; first?: number }): AsyncGenerator<{ spec: S; result: ReplicateResult }> {
  const store = options.store;
  if (!store) {
    yield* runInOrder(specs, options);
    return;
  }
  const first = options.first ?? 0;
  const all = [...specs];
  const missing = runInOrder(
    all.flatMap((spec, k) => (store.has(first + k) ? [] : [spec])),
    options,
  )[Symbol.asyncIterator]();
  try {
    for (const [k, spec] of all.entries()) {
      const kept = store.take(first + k);
      if (kept) {
        yield { spec, result: kept };
        continue;
      }
      const next = await missing.next();
      if (next.done || next.value.spec !== spec) throw new Error(`storedInOrder: run ${first + k} expected from the pool`);
      store.keep(first + k, next.value.result);
      yield next.value;
    }
  } finally {
    await missing.return?.(undefined);
  }
}

function finished({ scenario, scenarioIndex, replicate }: PlannedRun, result: ReplicateResult): FinishedReplicate {
  return { scenario, scenarioIndex, replicate, result };
}

/** Runs the plan and returns every replicate's results (for small experiments held in memory). */
export function runExperiment(plan: ExperimentPlan, onRun?: OnRun): ScenarioResult[] {
  const results = plan.scenarios.map((scenario) => ({ scenario, replicates: [] as ReplicateResult[] }));
  for (const r of experimentReplicates(plan, onRun)) results[r.scenarioIndex].replicates.push(r.result);
  return results;
}
