/**
 * Sobol' low-discrepancy points (Sobol' 1967, USSR Comput. Math. Math. Phys. 7(4):86–112), unscrambled,
 * in Gray-code order (Antonov & Saleev 1979), with the direction numbers of Joe & Kuo (2008, SIAM J.
 * Sci. Comput. 30:2635–2654; the file new-joe-kuo-6.21201). These are the points of
 * `scipy.stats.qmc.Sobol(d, scramble=False)` and of SALib's `sobol_sequence.sample`; row 0 is the origin.
 *
 * The generator is the `sobol` package (1.1.4). It shifts 32-bit integers while meaning 52-bit ones,
 * which makes it an exact 20-bit generator: the first 2^20 points equal SciPy's bit for bit
 * (test/stats/sobolSequence.test.ts), and the next ones are wrong. So at most 2^20 points are served.
 */
import { SobolSequenceGenerator } from 'sobol';

/** How many points of the sequence (skipped ones included) can be served: 2^20. */
export const SOBOL_MAX_POINTS = 1 << 20;

/** Largest dimension with Joe–Kuo direction numbers. */
export const SOBOL_MAX_DIMENSION = 21201;

/**
 * Points `skip .. skip + n − 1` of the d-dimensional unscrambled Sobol' sequence, one row per point,
 * each coordinate in [0, 1). Equals `scipy.stats.qmc.Sobol(d, scramble=False).random(skip + n)[skip:]`.
 *
 * O((skip + n) · d).
 * @throws if d is not in 1..21201 or skip + n exceeds 2^20.
 * @example sobolPoints(4, 2) // [[0, 0], [0.5, 0.5], [0.75, 0.25], [0.25, 0.75]]
 */
export function sobolPoints(n: number, d: number, skip = 0): number[][] {
  if (!Number.isInteger(d) || d < 1 || d > SOBOL_MAX_DIMENSION) {
    throw new Error(`sobolPoints: dimension must be an integer in 1..${SOBOL_MAX_DIMENSION} (got ${d})`);
  }
  if (!Number.isInteger(n) || !Number.isInteger(skip) || n < 0 || skip < 0 || n + skip > SOBOL_MAX_POINTS) {
    throw new Error(`sobolPoints: needs integers n ≥ 0 and skip ≥ 0 with n + skip ≤ 2^20 (got n = ${n}, skip = ${skip})`);
  }
  const generator = new SobolSequenceGenerator(d);
  for (let i = 0; i < skip; i++) generator.nextVector();
  return Array.from({ length: n }, () => generator.nextVector());
}
