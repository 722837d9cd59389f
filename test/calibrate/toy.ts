/**
 * A toy model with a known posterior, for the calibration tests: x_1 … x_n ~ N(μ, σ²), the summary is
 * the sample mean x̄, drawn directly as μ + (σ/√n) z. With a uniform prior on μ over [lo, hi] and
 * an observed x̄, the posterior is N(x̄, σ²/n) truncated to [lo, hi].
 */
import { errorFunction } from 'simple-statistics';
import { keyFromSeed, probit, streamKey, uniform } from '../../src/model/rng.js';
import type { Prior, Simulator, Target } from '../../src/calibrate/index.js';

export const SIGMA = 1;
export const N_DRAWS = 25;
/** σ/√n: the sd of x̄ given μ, and of the untruncated posterior. */
export const SE = SIGMA / Math.sqrt(N_DRAWS);
export const OBSERVED = 0.3;

export const toyPrior: Prior = [{ path: 'mu', lo: 0, hi: 5, scale: 'linear' }];
export const toyTargets: Target[] = [{ name: 'mean', observed: OBSERVED, scale: SE }];

/** x̄ at μ for proposal `i` of generation `g`: its noise is keyed by (g, i), so any batch gives the same value. */
export function toyMean(mu: number, g: number, i: number): number {
  return mu + SE * probit(uniform(streamKey(keyFromSeed('toy-noise'), g, 1), i));
}

/** The toy as a batch simulator. */
export const toySimulator: Simulator = async (points, g, ids) => points.map((p, k) => Float64Array.of(toyMean(p[0], g, ids[k])));

const Phi = (x: number) => 0.5 * (1 + errorFunction(x / Math.SQRT2));
const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** Mean and sd of N(m, s²) truncated to [lo, hi]. */
export function truncatedNormal(m: number, s: number, lo: number, hi: number): { mean: number; sd: number } {
  const a = (lo - m) / s;
  const b = (hi - m) / s;
  const z = Phi(b) - Phi(a);
  const mean = m + (s * (phi(a) - phi(b))) / z;
  const variance = s * s * (1 + (a * phi(a) - b * phi(b)) / z - ((phi(a) - phi(b)) / z) ** 2);
  return { mean, sd: Math.sqrt(variance) };
}
