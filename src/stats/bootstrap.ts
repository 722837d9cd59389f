/**
 * Nonparametric bootstrap (Efron 1979, Ann. Statist. 7:1–26) with percentile intervals (Efron &
 * Tibshirani 1993, An Introduction to the Bootstrap, ch. 13): resample the n independent units
 * (trajectories, base rows) with replacement B times, recompute the statistic on each resample, and
 * take the (1 − c)/2 and (1 + c)/2 quantiles of the B values. Quantiles interpolate linearly between
 * order statistics (Hyndman & Fan 1996, Amer. Statist. 50:361–365, definition 7; NumPy's default).
 *
 * Resample b draws its n indices from its own keyed stream, so resamples can be computed in any order.
 */
import { probit } from '../model/rng.js';
import { drawIndex, statsKey, statsStream, StatsPurpose } from './draws.js';

/** How a bootstrap interval is drawn. */
export interface BootstrapOptions {
  /** Seed of the resampling; the same seed gives the same intervals. */
  seed: string | number;
  /** Number of resamples B; default 1000 (SALib uses 100 for its normal-theory half-widths). */
  resamples?: number;
  /** Confidence level c in (0, 1); default 0.95. */
  confidence?: number;
}

/** The resampled index sets: `resamples` arrays of n indices in [0, n), drawn with replacement. */
export function bootstrapIndices(n: number, options: BootstrapOptions): Uint32Array[] {
  const resamples = options.resamples ?? 1000;
  if (!Number.isInteger(resamples) || resamples < 2) throw new Error(`bootstrapIndices: resamples must be an integer ≥ 2 (got ${resamples})`);
  const key = statsKey(options.seed);
  return Array.from({ length: resamples }, (_, b) => {
    const stream = statsStream(key, b, StatsPurpose.bootstrap);
    const indices = new Uint32Array(n);
    for (let i = 0; i < n; i++) indices[i] = drawIndex(stream, i, n);
    return indices;
  });
}

/**
 * The percentile interval at `confidence` of bootstrap values: their (1 − c)/2 and (1 + c)/2
 * quantiles (Hyndman–Fan type 7).
 *
 * O(B log B).
 * @throws if `values` is empty or `confidence` is not in (0, 1).
 */
export function percentileInterval(values: readonly number[], confidence = 0.95): [number, number] {
  if (values.length === 0) throw new Error('percentileInterval: needs at least one value');
  if (!(confidence > 0 && confidence < 1)) throw new Error(`percentileInterval: confidence must be in (0, 1) (got ${confidence})`);
  const sorted = Float64Array.from(values).sort();
  return [quantileSorted(sorted, (1 - confidence) / 2), quantileSorted(sorted, (1 + confidence) / 2)];
}

/** SALib's confidence half-width: z_{(1+c)/2} times the sample sd (n − 1) of the bootstrap values. */
export function normalHalfWidth(values: readonly number[], confidence = 0.95): number {
  const n = values.length;
  if (n < 2) return 0;
  let mean = 0;
  for (const v of values) mean += v / n;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return probit((1 + confidence) / 2) * Math.sqrt(ss / (n - 1));
}

/** Type-7 quantile q of sorted values: linear interpolation at position q(n − 1). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const h = q * (sorted.length - 1);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
