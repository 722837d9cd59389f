/**
 * Running one replicate of one scenario: initialise, warm up, then one step per week. The result is
 * a preallocated, typed block of metrics (weeks × metrics), not rows of objects.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import './jit.js';
import { METRICS } from './metrics.js';
import { keyFromSeed } from './rng.js';
import { initialState, type State } from './state.js';
import { step, warmUp } from './step.js';

/** Population shares at which the final week's Lorenz curve of tokens is recorded. */
export const LORENZ_GRID: readonly number[] = Array.from({ length: 41 }, (_, k) => k / 40);

/** The metrics of one replicate: `values[week * METRICS.length + metric]`. */
export interface ReplicateResult {
  seed: string;
  weeks: number;
  values: Float64Array;
  /** Share of the final week's tokens held by the lowest LORENZ_GRID[k] of employees. */
  finalLorenz: number[];
  /** Each employee's strategy in the final week (codes of strategies.ts), by employee index. */
  finalStrategies: Uint8Array;
}

/**
 * Simulates one replicate. `weekly[w]` holds the parameters in force in week w; `seed` is the
 * replicate's own seed. `onWeek` is called after each week (for progress, or to inspect the state).
 */
export function simulateReplicate(weekly: readonly WeekParameters[], seed: string, onWeek?: (week: number, state: State) => void): ReplicateResult {
  const weeks = weekly.length;
  const width = METRICS.length;
  const values = new Float64Array(weeks * width);
  const state = initialState(weekly[0], keyFromSeed(seed));
  warmUp(state, weekly[0]);
  for (let w = 0; w < weeks; w++) {
    step(state, weekly[w], w, values.subarray(w * width, (w + 1) * width));
    onWeek?.(w, state);
  }
  return { seed, weeks, values, finalLorenz: state.weekRanker.lorenz(LORENZ_GRID), finalStrategies: state.strategy.slice() };
}
