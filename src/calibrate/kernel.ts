/**
 * The perturbation kernel of SMC-ABC (abc.ts) and the importance weights it implies. A proposal
 * picks an ancestor from the previous population by weight and moves it by a Gaussian step of
 * covariance Σ = 2 × the population's weighted covariance (Beaumont et al. 2009, Biometrika
 * 96:983–990), all in the prior's unit cube; a step that leaves the cube is drawn again. Redrawing
 * truncates the proposal density to the support, which divides it by one constant, so the weights
 * w_i ∝ 1 / Σ_j w_j K(u_i | u_j) stay right up to normalisation (the prior is uniform in the cube).
 *
 * `full` uses all of Σ (Filippi et al. 2013, Stat. Appl. Genet. Mol. Biol. 12:87–107); `diagonal`
 * only its variances, as Beaumont et al. did.
 */
import { probit, uniform, type RandomKey } from '../model/rng.js';
import { CalibratePurpose, inUnitCube, particleStream } from './prior.js';

/** A population: particles in unit coordinates, normalised weights, distances. */
export interface Population {
  unit: Float64Array[];
  weights: Float64Array;
  distances: Float64Array;
}

/** A kernel built from a population: its Cholesky factor and the cumulative weights to pick ancestors by. */
export interface Kernel {
  population: Population;
  /** Lower Cholesky factor of Σ, row-major d × d. */
  chol: Float64Array;
  /** Cumulative weights of the population. */
  cdf: Float64Array;
}

/** Kernel draws per proposal before it counts as stuck outside the support. */
const MAX_ATTEMPTS = 1000;
/** Added to the kernel covariance's diagonal (unit coordinates²) so a collapsed direction keeps it positive definite. */
const RIDGE = 1e-12;

/** The kernel of a population: `full` or `diagonal` covariance. */
export function perturbationKernel(population: Population, kind: 'full' | 'diagonal'): Kernel {
  const cdf = new Float64Array(population.weights.length);
  population.weights.reduce((sum, w, j) => (cdf[j] = sum + w), 0);
  return { population, chol: kernelCholesky(population, kind), cdf };
}

/**
 * Proposal i of generation g: an ancestor drawn by weight, perturbed by L z with z standard normal,
 * drawn again (further draws of the same stream) while it leaves the unit cube.
 */
export function propose(kernel: Kernel, key: RandomKey, g: number, i: number): { unit: Float64Array | null; redraws: number } {
  const { chol, cdf } = kernel;
  const units = kernel.population.unit;
  const d = units[0].length;
  const stream = particleStream(key, g, i, CalibratePurpose.proposal);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const base = attempt * (d + 1);
    const ancestor = units[lowerBound(cdf, uniform(stream, base) * cdf[cdf.length - 1])];
    const z = Float64Array.from({ length: d }, (_, j) => probit(uniform(stream, base + 1 + j)));
    const u = new Float64Array(d);
    for (let r = 0; r < d; r++) {
      let step = 0;
      for (let c = 0; c <= r; c++) step += chol[r * d + c] * z[c];
      u[r] = ancestor[r] + step;
    }
    if (inUnitCube(u)) return { unit: u, redraws: attempt };
  }
  return { unit: null, redraws: MAX_ATTEMPTS };
}

/**
 * The lower Cholesky factor (row-major d × d) of the kernel covariance: 2 × the population's
 * weighted covariance (normalised weights, no bias correction), or its diagonal, plus {@link RIDGE}.
 */
function kernelCholesky(pop: Population, kind: 'full' | 'diagonal'): Float64Array {
  const d = pop.unit[0].length;
  const mean = new Float64Array(d);
  pop.unit.forEach((u, i) => u.forEach((x, j) => (mean[j] += pop.weights[i] * x)));
  const cov = new Float64Array(d * d);
  pop.unit.forEach((u, i) => {
    for (let r = 0; r < d; r++) for (let c = 0; c <= r; c++) cov[r * d + c] += pop.weights[i] * (u[r] - mean[r]) * (u[c] - mean[c]);
  });
  const L = new Float64Array(d * d);
  for (let r = 0; r < d; r++) {
    for (let c = 0; c <= r; c++) {
      const sigma = r === c ? 2 * cov[r * d + r] + RIDGE : kind === 'full' ? 2 * cov[r * d + c] : 0;
      let s = sigma;
      for (let m = 0; m < c; m++) s -= L[r * d + m] * L[c * d + m];
      L[r * d + c] = r === c ? Math.sqrt(Math.max(s, RIDGE)) : s / L[c * d + c];
    }
  }
  return L;
}

/** w_i ∝ 1 / Σ_j w_j K(u_i | u_j), computed in logs (kernel constants cancel), normalised. */
export function importanceWeights(units: readonly Float64Array[], kernel: Kernel): Float64Array {
  const { population: prev, chol } = kernel;
  const d = units[0].length;
  const y = new Float64Array(d);
  const logPrev = Float64Array.from(prev.weights, Math.log);
  const terms = new Float64Array(prev.unit.length);
  const logW = Float64Array.from(units, (u) => {
    prev.unit.forEach((v, j) => {
      // y = L⁻¹ (u − v) by forward substitution; the Mahalanobis distance² is |y|².
      let m2 = 0;
      for (let r = 0; r < d; r++) {
        let s = u[r] - v[r];
        for (let c = 0; c < r; c++) s -= chol[r * d + c] * y[c];
        y[r] = s / chol[r * d + r];
        m2 += y[r] * y[r];
      }
      terms[j] = logPrev[j] - 0.5 * m2;
    });
    return -logSumExp(terms);
  });
  const top = logW.reduce((a, b) => Math.max(a, b), -Infinity);
  const w = Float64Array.from(logW, (l) => Math.exp(l - top));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}

function logSumExp(xs: Float64Array): number {
  const top = xs.reduce((a, b) => Math.max(a, b), -Infinity);
  if (top === -Infinity) return -Infinity;
  let sum = 0;
  for (const x of xs) sum += Math.exp(x - top);
  return top + Math.log(sum);
}

/** The first index whose cumulative weight exceeds x (the last if none does). */
function lowerBound(cdf: Float64Array, x: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

