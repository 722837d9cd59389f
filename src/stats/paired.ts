/**
 * Comparing two arms of an experiment: a paired comparison over common replicate seeds and Welch's
 * unpaired comparison of two independent samples.
 *
 * Paired: the differences d_i = b_i − a_i of replicates run with the same seed are one sample; its
 * mean d̄, sample sd s_d (divisor n − 1) and the Student-t interval d̄ ± t_{0.975, n−1} · s_d / √n
 * (Student 1908, Biometrika 6:1–25; the paired comparison as in Montgomery, Design and Analysis of
 * Experiments, §2.5.1).
 * Common random numbers make the shared noise cancel in d_i, so this interval is the narrow one.
 *
 * Welch: d̄ = mean(b) − mean(a), standard error √(s_a²/n_a + s_b²/n_b) and the interval
 * d̄ ± t_{0.975, ν} · se with the Welch–Satterthwaite degrees of freedom
 * ν = (s_a²/n_a + s_b²/n_b)² / ((s_a²/n_a)²/(n_a − 1) + (s_b²/n_b)²/(n_b − 1))
 * (Welch 1947, Biometrika 34:28–35; Satterthwaite 1946, Biometrics Bulletin 2:110–114).
 * ν need not be an integer; the t quantile takes it as is.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { mean, sampleVariance } from 'simple-statistics';
import { estimate, type Estimate } from '../experiment/summarize.js';

/** A paired comparison of arm B against arm A over replicates that share seeds. */
export interface PairedComparison {
  /** Mean of arm A over replicates. */
  meanA: number;
  /** Mean of arm B over replicates. */
  meanB: number;
  /** The paired differences b − a: their mean d̄, sample sd (n − 1) and 95% Student-t interval. */
  difference: Estimate;
}

/** An unpaired (Welch) comparison of the mean of sample B against the mean of sample A. */
export interface WelchComparison {
  /** Mean of sample A. */
  meanA: number;
  /** Mean of sample B. */
  meanB: number;
  /** mean(B) − mean(A). */
  difference: number;
  /** Standard error of the difference, √(s_a²/n_a + s_b²/n_b). */
  se: number;
  /** Welch–Satterthwaite degrees of freedom (not necessarily an integer; see {@link welchComparison}). */
  df: number;
  /** 95% interval of the difference, difference ± t_{0.975, df} · se. */
  ci95: [number, number];
  /** Sizes of the two samples. */
  nA: number;
  nB: number;
}

/**
 * The paired comparison of `b` against `a`, where `a[i]` and `b[i]` are replicate i of the two arms
 * (same seed). One replicate gives sd 0 and a point interval, as does zero variance of the differences.
 *
 * O(n).
 * @throws if the arrays are empty or of different lengths.
 * @example pairedComparison([1, 2, 3], [2, 4, 5]).difference.mean // 5/3
 */
export function pairedComparison(a: readonly number[], b: readonly number[]): PairedComparison {
  if (a.length === 0 || a.length !== b.length) {
    throw new Error(`pairedComparison: needs two non-empty arrays of equal length (got ${a.length} and ${b.length})`);
  }
  const d = a.map((x, i) => b[i] - x);
  return { meanA: mean(a as number[]), meanB: mean(b as number[]), difference: estimate(d) };
}

/**
 * Welch's comparison of the mean of `b` against the mean of `a`, two independent samples.
 * A sample of one value has no variance estimate: its term is taken as 0, and if neither sample has
 * two values the interval is the point and df is 0. When both sample variances are 0 the interval is
 * the point and df is n_a + n_b − 2, the limit of ν for equal variances and sizes.
 *
 * O(n_a + n_b).
 * @throws if either sample is empty.
 * @example welchComparison([1, 2, 3], [2, 4, 6]).df // ≈ 2.9412
 */
export function welchComparison(a: readonly number[], b: readonly number[]): WelchComparison {
  const nA = a.length;
  const nB = b.length;
  if (nA === 0 || nB === 0) throw new Error(`welchComparison: needs two non-empty samples (got ${nA} and ${nB})`);
  const meanA = mean(a as number[]);
  const meanB = mean(b as number[]);
  const difference = meanB - meanA;
  const wA = nA > 1 ? sampleVariance(a as number[]) / nA : 0;
  const wB = nB > 1 ? sampleVariance(b as number[]) / nB : 0;
  const se = Math.sqrt(wA + wB);
  const df = welchDegreesOfFreedom(wA, nA, wB, nB);
  const half = se > 0 ? tQuantile(0.975, df) * se : 0;
  return { meanA, meanB, difference, se, df, ci95: [difference - half, difference + half], nA, nB };
}

/** Welch–Satterthwaite ν from the per-sample variance terms w = s²/n (a term of a one-value sample is 0 and drops out). */
function welchDegreesOfFreedom(wA: number, nA: number, wB: number, nB: number): number {
  if (nA < 2 && nB < 2) return 0;
  if (wA + wB === 0) return nA + nB - 2;
  const termA = nA > 1 ? (wA * wA) / (nA - 1) : 0;
  const termB = nB > 1 ? (wB * wB) / (nB - 1) : 0;
  return ((wA + wB) * (wA + wB)) / (termA + termB);
}
