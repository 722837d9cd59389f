/**
 * The held-out facts checked on the posterior (validation.csv): each fact on K posterior draws, the
 * share of draws it holds in, and the interval of what it measures. What each draw's runs give is
 * also a vector of numbers ({@link outcomeVector}), so that the draws of a sharded calibration can be
 * simulated on other machines and put back together (rounds.ts).
 */
import { csvField } from '../experiment/outputs.js';
import { drawParticles, weightedQuantile, type Posterior } from './posterior.js';
import { simulatePoints, validationSeed, type SimulationSetup } from './simulator.js';
import { factRuns, PASS_SHARE, VALIDATION_DRAWS, type FactOutcome, type HeldOutFact } from './targets.js';

/** A held-out fact checked on posterior draws (validation.csv). */
export interface FactRow {
  fact: HeldOutFact;
  /** Draws it was checked on, and how many it held in. */
  draws: number;
  holds: number;
  /** Whether it holds in at least PASS_SHARE of the draws. */
  passes: boolean;
  /** Per measure: its 2.5%, 50% and 97.5% quantiles over the draws. */
  measures: { name: string; low: number; median: number; high: number }[];
}

/**
 * The outcomes of the facts at the draws `points` (natural units), draw `ids[i]` at `points[i]`, in
 * the same order: what {@link validate} asks for.
 */
export type DrawOutcomes = (points: readonly Float64Array[], ids: readonly number[]) => Promise<FactOutcome[][]>;

/** The outcomes of the facts at posterior draws, simulated here on seeds keyed by draw. */
export function simulatedOutcomes(setup: SimulationSetup, seed: string | number, facts: readonly HeldOutFact[]): DrawOutcomes {
  return async (points, ids) => {
    const outcomes: FactOutcome[][] = new Array(points.length);
    await simulatePoints(
      setup,
      points,
      factRuns(facts),
      (i, r) => validationSeed(seed, ids[i], r),
      (i) => `posterior draw ${ids[i]}`,
      (i, series) => (outcomes[i] = facts.map((f) => f.check(series))),
    );
    return outcomes;
  };
}

/** Values in a draw's outcome vector: per fact, whether it holds (1 or 0) and each of its measures. */
export function outcomeWidth(facts: readonly HeldOutFact[]): number {
  return facts.reduce((n, f) => n + 1 + f.check({}).measures.length, 0);
}

/** A draw's outcomes as a vector of numbers (every number exact). */
export function outcomeVector(outcomes: readonly FactOutcome[]): Float64Array {
  return Float64Array.from(outcomes.flatMap((o) => [o.holds ? 1 : 0, ...o.measures.map((m) => m.value)]));
}

/** A draw's outcomes from its vector; each measure's name is the one its fact always gives it. */
export function outcomesOfVector(facts: readonly HeldOutFact[], vector: ArrayLike<number>): FactOutcome[] {
  let at = 0;
  return facts.map((f) => {
    const holds = vector[at++] === 1;
    return { holds, measures: f.check({}).measures.map((m) => ({ name: m.name, value: vector[at++] })) };
  });
}

/**
 * Each held-out fact on min(VALIDATION_DRAWS, particles) posterior draws (systematic resampling with
 * the calibration's seed), their outcomes from `outcomesAt` (simulated here: {@link simulatedOutcomes}).
 */
export async function validate(posterior: Posterior, seed: string | number, facts: readonly HeldOutFact[], outcomesAt: DrawOutcomes): Promise<FactRow[]> {
  const k = Math.min(VALIDATION_DRAWS, posterior.particles.length);
  const draws = drawParticles(posterior, k, seed);
  const points = draws.map((d) => Float64Array.from(posterior.prior, (p) => d.values[p.path]));
  const outcomes = await outcomesAt(points, Array.from({ length: k }, (_, m) => m));
  const equal = new Array<number>(k).fill(1 / k);
  return facts.map((fact, f) => {
    const holds = outcomes.filter((o) => o[f].holds).length;
    const measures = outcomes[0][f].measures.map((m, j) => {
      const xs = outcomes.map((o) => o[f].measures[j].value);
      return { name: m.name, low: weightedQuantile(xs, equal, 0.025), median: weightedQuantile(xs, equal, 0.5), high: weightedQuantile(xs, equal, 0.975) };
    });
    return { fact, draws: k, holds, passes: holds >= PASS_SHARE * k, measures };
  });
}

const cells = (xs: readonly (string | number | boolean)[]) => xs.map((x) => csvField(String(x))).join(',');

/** validation.csv: one row per measure of each held-out fact. */
export function validationCsv(rows: readonly FactRow[]): string {
  const header = ['fact', 'measure', 'draws', 'holds', 'holdsShare', 'passes', 'low', 'median', 'high', 'claim', 'source'];
  const body = rows.flatMap((r) => r.measures.map((m) => cells([r.fact.name, m.name, r.draws, r.holds, r.holds / r.draws, r.passes, m.low, m.median, m.high, r.fact.claim, r.fact.source])));
  return `${[cells(header), ...body].join('\n')}\n`;
}

