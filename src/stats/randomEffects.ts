/**
 * Two intervals of one answer from a balanced one-way random-effects layout: K groups (posterior
 * draws, each a set of parameter values) of R replicates each (seeds), x_dr = μ + b_d + e_dr with
 * b_d ~ (0, σ²_b) the parameters' effect and e_dr ~ (0, σ²_w) chance (Searle, Casella & McCulloch
 * 1992, Variance Components, §3.5).
 *
 *   within-group mean square   MSW = Σ_d Σ_r (x_dr − x̄_d)² / (K(R − 1))      estimates σ²_w
 *   between-group mean square  MSB = R Σ_d (x̄_d − x̄)² / (K − 1)             estimates σ²_w + R σ²_b
 *   σ̂²_b = max(0, (MSB − MSW) / R)                                           (method of moments)
 *
 * - The replicate interval, x̄ ± t_{0.975, K(R−1)} √(MSW / (KR)): how precisely the K·R runs pin the
 *   mean down against chance alone, with the parameters held at the K draws. It narrows as K·R grows.
 * - The posterior interval, the 2.5% and 97.5% quantiles of the K group means x̄_d (Hyndman & Fan
 *   1996's definition 5): where the answer lies over what is not known about the parameters. More
 *   runs estimate it better but do not narrow it. Each x̄_d also carries σ²_w / R of chance, which
 *   σ̂_b leaves out.
 *
 * With K = 1 (no posterior) the replicate interval is the plain Student-t interval over replicates
 * and there is no posterior interval.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { weightedQuantile } from '../calibrate/posterior.js';

/** Which interval of an answer is the wider: the parameters' (posterior) or chance's (replicates). */
export type Dominant = 'parameters' | 'replicates';

/** An answer's mean and its two intervals, from K groups of R replicates. */
export interface TwoIntervals {
  /** Mean of every value, x̄ (each group weighs the same: the layout is balanced). */
  mean: number;
  /** 95% interval of the mean from within-group variation alone; null with fewer than 2 replicates per group. */
  replicateCI: [number, number] | null;
  /** 2.5%–97.5% quantiles of the group means; null with fewer than 2 groups. */
  posteriorInterval: [number, number] | null;
  /** The wider of the two intervals; null when either is missing or they are equally wide. */
  dominant: Dominant | null;
  /** √MSW, the sd of one replicate about its group's mean; null with fewer than 2 replicates per group. */
  withinSd: number | null;
  /** σ̂_b, the sd of the parameters' effect (method of moments, floored at 0); null with fewer than 2 groups or replicates. */
  betweenSd: number | null;
  /** Groups, K. */
  groups: number;
  /** Replicates per group, R. */
  replicates: number;
}

/**
 * The mean, the replicate interval and the posterior interval of values laid out as K groups of R
 * replicates each (`groups[d][r]`), and which interval dominates.
 *
 * O(K·R + K log K).
 * @throws if there is no group, a group is empty, or the groups differ in size.
 * @example twoIntervals([[1, 3], [11, 13]]).posteriorInterval // [2, 12]
 */
export function twoIntervals(groups: readonly (readonly number[])[]): TwoIntervals {
  const K = groups.length;
  const R = groups[0]?.length ?? 0;
  if (K === 0 || R === 0 || groups.some((g) => g.length !== R)) throw new Error(`twoIntervals: needs K ≥ 1 groups of the same size R ≥ 1 (got sizes ${groups.map((g) => g.length).join(', ') || 'none'})`);
  const means = groups.map(groupMean);
  const mean = groupMean(means);
  let within = 0;
  groups.forEach((g, d) => {
    for (const x of g) within += (x - means[d]) * (x - means[d]);
  });
  const msw = R > 1 ? within / (K * (R - 1)) : null;
  const half = msw === null ? null : tQuantile(0.975, K * (R - 1)) * Math.sqrt(msw / (K * R));
  const replicateCI: [number, number] | null = half === null ? null : [mean - half, mean + half];
  const equal = means.map(() => 1);
  const posteriorInterval: [number, number] | null = K > 1 ? [weightedQuantile(means, equal, 0.025), weightedQuantile(means, equal, 0.975)] : null;
  let betweenSd: number | null = null;
  if (K > 1 && msw !== null) {
    const msb = (R * means.reduce((s, m) => s + (m - mean) * (m - mean), 0)) / (K - 1);
    betweenSd = Math.sqrt(Math.max(0, (msb - msw) / R));
  }
  return { mean, replicateCI, posteriorInterval, dominant: dominantOf(replicateCI, posteriorInterval), withinSd: msw === null ? null : Math.sqrt(msw), betweenSd, groups: K, replicates: R };
}

/** The wider of a replicate interval and a posterior interval; null when either is missing or both are as wide. */
export function dominantOf(replicateCI: readonly [number, number] | null, posteriorInterval: readonly [number, number] | null): Dominant | null {
  if (!replicateCI || !posteriorInterval) return null;
  const r = replicateCI[1] - replicateCI[0];
  const p = posteriorInterval[1] - posteriorInterval[0];
  return p > r ? 'parameters' : r > p ? 'replicates' : null;
}

/** The mean of a non-empty list, summed in order (so that the same values give the same bits). */
function groupMean(xs: readonly number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}
