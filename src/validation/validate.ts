/**
 * Checking stylized facts at a scale: gather the scenarios the facts need (each once, however many
 * facts read it), resolve them at the scale's population, simulate every replicate through the run
 * pool (results are the same for any number of workers: src/experiment/pool.ts), and run each fact's
 * check on the means over replicates.
 *
 *   facts → needed scenarios → resolve at scale → simulate (pool) → series → check each fact
 */
import { replicateSeeds } from '../experiment/run.js';
import { runInOrder, type RunSpec } from '../experiment/pool.js';
import type { ReplicateResult } from '../model/simulate.js';
import { BRIEF_TOLERANCE, SUITE_TOLERANCE, type Fact, type Tolerance } from './facts.js';
import type { FactCheck } from './claims.js';
import { resolveNeed, sameNeed, type ScenarioNeed } from './scenarios.js';
import { seriesOf, type ScenarioRuns, type Series } from './series.js';

/** How large a check is: employees per scenario, replicates per scenario, and their seed. */
export interface Scale {
  employees: number;
  replicates: number;
  /** Seed of the replicate seeds (src/experiment/run.ts `replicateSeeds`). */
  seed: string;
}

/** The suite's scale: 5,000 employees × 8 replicates (52 weeks, as every preset). */
export const SUITE_SCALE: Scale = { employees: 5000, replicates: 8, seed: 'stylized' };

/** The brief's scale (MODEL-BRIEF §8): 10,000 employees × 20 replicates (52 weeks). */
export const BRIEF_SCALE: Scale = { employees: 10_000, replicates: 20, seed: 'stylized' };

/**
 * The tolerance a scale can afford: the brief's 4-weekly reading of fact 5 when the scale averages
 * at least as many employee-replicates as the brief's, the suite's quarterly one otherwise.
 */
export function toleranceFor(scale: Scale): Tolerance {
  return scale.employees * scale.replicates >= BRIEF_SCALE.employees * BRIEF_SCALE.replicates ? BRIEF_TOLERANCE : SUITE_TOLERANCE;
}

/**
 * Every scenario the facts read, by name, each once.
 * @throws {Error} when two facts give one name to different scenarios.
 */
export function neededScenarios(facts: readonly Fact[]): Map<string, ScenarioNeed> {
  const needs = new Map<string, ScenarioNeed>();
  for (const fact of facts) {
    for (const [name, need] of Object.entries(fact.scenarios)) {
      const known = needs.get(name);
      if (known !== undefined && !sameNeed(known, need)) throw new Error(`neededScenarios: fact ${fact.id} calls another scenario "${name}"`);
      needs.set(name, need);
    }
  }
  return needs;
}

/** A fact's verdict, with the fact's number and title. */
export interface FactResult extends FactCheck {
  id: string;
  title: string;
}

/** Each fact's verdict on `series`. */
export function checkFacts(facts: readonly Fact[], series: Series, tolerance: Tolerance): FactResult[] {
  return facts.map((fact) => ({ id: fact.id, title: fact.title, ...fact.check(series, tolerance) }));
}

/** What {@link validateModel} checks, and how. */
export interface ValidationOptions {
  facts: readonly Fact[];
  scale: Scale;
  /** Worker threads, at least 1 (1 = in this thread). Results do not depend on it. */
  workers: number;
  /** Defaults to {@link toleranceFor} the scale. */
  tolerance?: Tolerance;
  /** Told after each run, in order. */
  onRun?: (done: number, total: number) => void;
}

/** The verdicts of a check at a scale. */
export interface Validation {
  scale: Scale;
  tolerance: Tolerance;
  /** Scenarios simulated, by name, in the order first needed: a preset, or a preset and the patch of a variant. */
  scenarios: Record<string, ScenarioNeed>;
  /** Weeks simulated per run. */
  weeks: number;
  results: FactResult[];
  /** Every fact holds. */
  pass: boolean;
}

/** Simulates every scenario the facts need at the scale and checks each fact. */
export async function validateModel(options: ValidationOptions): Promise<Validation> {
  const { facts, scale, workers } = options;
  const tolerance = options.tolerance ?? toleranceFor(scale);
  const needs = neededScenarios(facts);
  const seeds = replicateSeeds(scale.seed, scale.replicates);
  const scenarios = [...needs].map(([name, need]) => ({ name, weekly: resolveNeed(need, scale.employees).weekly }));
  const specs: (RunSpec & { scenario: string })[] = scenarios.flatMap(({ name, weekly }) => seeds.map((seed) => ({ scenario: name, weekly, seed })));
  const results = new Map<string, ReplicateResult[]>(scenarios.map(({ name }) => [name, []]));
  let done = 0;
  for await (const { spec, result } of runInOrder(specs, { workers })) {
    results.get(spec.scenario)!.push(result);
    options.onRun?.(++done, specs.length);
  }
  const runs = new Map<string, ScenarioRuns>(scenarios.map(({ name, weekly }) => [name, { weekly, results: results.get(name)! }]));
  const series = seriesOf(runs);
  const checked = checkFacts(facts, series, tolerance);
  return { scale, tolerance, scenarios: Object.fromEntries(needs), weeks: series.weeks, results: checked, pass: checked.every((r) => r.pass) };
}
