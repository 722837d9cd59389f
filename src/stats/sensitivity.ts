/**
 * Global sensitivity analysis of model outputs computed on a design of src/stats/designs.ts; the
 * outputs are a plain array, one value per run in the design's order, so any model can be analysed.
 *
 * Morris screening (Morris 1991, Technometrics 33:161–174): the elementary effect of parameter i on
 * a step of a trajectory is Morris's d_i(x) = (y(x + Δe_i) − y(x)) / Δ in unit coordinates (a step
 * down divides by −Δ), so for y = Σ c_i x_i it is c_i (hi_i − lo_i). Per parameter, over the r
 * trajectories: μ = mean EE and σ = sample sd of EE (n − 1) (Morris 1991), and μ* = mean |EE|
 * (Campolongo, Cariboni & Saltelli 2007, Environ. Model. Softw. 22:1509–1518). As SALib's
 * `morris.analyze` (unscaled effects).
 *
 * Sobol' indices from Saltelli's design (N base rows; f_A, f_B, f_ABi the outputs of A, B, AB_i):
 * first order S_i = mean(f_B · (f_ABi − f_A)) / V (Saltelli et al. 2010, Comput. Phys. Commun.
 * 181:259–270, Table 2 (b)); total S_Ti = mean((f_A − f_ABi)²) / (2V) (Jansen 1999, Comput. Phys.
 * Commun. 117:35–43; Saltelli et al. 2010 Table 2 (f)); V is the variance (divisor 2N) of the 2N
 * outputs of A and B together. As SALib's `sobol.analyze` (first and total order): the outputs are
 * first centred on their mean over all runs, and the indices are 0 when the A and B outputs are constant.
 *
 * Intervals: a seeded bootstrap over trajectories or base rows (src/stats/bootstrap.ts), percentile
 * intervals; SALib's normal half-width (z · bootstrap sd) is given alongside for comparison.
 */
import { bootstrapIndices, normalHalfWidth, percentileInterval, type BootstrapOptions } from './bootstrap.js';
import type { MorrisDesign, SaltelliDesign } from './designs.js';

/** Morris measures of one parameter. */
export interface MorrisIndex {
  /** The parameter's path. */
  path: string;
  /** μ: mean elementary effect (output units per unit of the parameter's whole range). */
  mu: number;
  /** μ*: mean absolute elementary effect. */
  muStar: number;
  /** σ: sample sd (n − 1) of the elementary effects; NaN for one trajectory. */
  sigma: number;
  /** Percentile bootstrap interval of μ*. */
  muStarCi: [number, number];
  /** SALib's `mu_star_conf`: z times the bootstrap sd of μ*. */
  muStarConf: number;
}

/** First-order and total Sobol' indices of one parameter. */
export interface SobolIndex {
  /** The parameter's path. */
  path: string;
  /** First-order index S_i (Saltelli 2010). */
  s1: number;
  /** Percentile bootstrap interval of S_i. */
  s1Ci: [number, number];
  /** SALib's `S1_conf`: z times the bootstrap sd of S_i. */
  s1Conf: number;
  /** Total index S_Ti (Jansen 1999). */
  st: number;
  /** Percentile bootstrap interval of S_Ti. */
  stCi: [number, number];
  /** SALib's `ST_conf`: z times the bootstrap sd of S_Ti. */
  stConf: number;
}

/**
 * The elementary effects of a Morris design: `effects[i][t]` is parameter i's effect in trajectory t.
 *
 * O(r · k²).
 * @throws if `outputs` does not have one value per run or a step of the design moves other than one parameter.
 */
export function elementaryEffects(design: MorrisDesign, outputs: readonly number[]): number[][] {
  const k = design.parameters.length;
  const r = design.trajectories;
  if (outputs.length !== r * (k + 1)) {
    throw new Error(`elementaryEffects: expected ${r * (k + 1)} outputs, one per run (got ${outputs.length})`);
  }
  const effects = Array.from({ length: k }, () => new Array<number>(r).fill(NaN));
  for (let t = 0; t < r; t++) {
    for (let step = 1; step <= k; step++) {
      const row = t * (k + 1) + step;
      const before = design.unit[row - 1];
      const after = design.unit[row];
      const moved = after.flatMap((u, j) => (u !== before[j] ? [j] : []));
      if (moved.length !== 1) throw new Error(`elementaryEffects: run ${row} moves ${moved.length} parameters, not one`);
      const i = moved[0];
      effects[i][t] = (outputs[row] - outputs[row - 1]) / (after[i] - before[i]);
    }
  }
  return effects;
}

/**
 * Morris measures μ, μ*, σ of each parameter, with bootstrap intervals of μ* (trajectories resampled).
 *
 * O(B · r · k).
 * @throws as {@link elementaryEffects}.
 */
export function morrisIndices(design: MorrisDesign, outputs: readonly number[], options: BootstrapOptions): MorrisIndex[] {
  const effects = elementaryEffects(design, outputs);
  const resamples = bootstrapIndices(design.trajectories, options);
  const confidence = options.confidence ?? 0.95;
  return design.parameters.map((p, i) => {
    const ee = effects[i];
    const absolute = ee.map(Math.abs);
    const resampled = resamples.map((idx) => meanAt(absolute, idx));
    return {
      path: p.path,
      mu: meanAt(ee),
      muStar: meanAt(absolute),
      sigma: sampleSd(ee),
      muStarCi: percentileInterval(resampled, confidence),
      muStarConf: normalHalfWidth(resampled, confidence),
    };
  });
}

/**
 * First-order (Saltelli 2010) and total (Jansen 1999) Sobol' indices of each parameter from the
 * outputs of a Saltelli design, with bootstrap intervals (base rows resampled).
 *
 * O(B · N · k).
 * @throws if `outputs` does not have one value per run.
 */
export function sobolIndices(design: SaltelliDesign, outputs: readonly number[], options: BootstrapOptions): SobolIndex[] {
  const k = design.parameters.length;
  const n = design.baseSamples;
  if (outputs.length !== n * (k + 2)) throw new Error(`sobolIndices: expected ${n * (k + 2)} outputs, one per run (got ${outputs.length})`);
  const split = splitSaltelliOutputs(outputs, n, k);
  const all = Uint32Array.from({ length: n }, (_, j) => j);
  const point = saltelliEstimates(split, all);
  const replicates = bootstrapIndices(n, options).map((idx) => saltelliEstimates(split, idx));
  const confidence = options.confidence ?? 0.95;
  return design.parameters.map((p, i) => {
    const s1 = replicates.map((e) => e.s1[i]);
    const st = replicates.map((e) => e.st[i]);
    return {
      path: p.path,
      s1: point.s1[i],
      s1Ci: percentileInterval(s1, confidence),
      s1Conf: normalHalfWidth(s1, confidence),
      st: point.st[i],
      stCi: percentileInterval(st, confidence),
      stConf: normalHalfWidth(st, confidence),
    };
  });
}

/** Outputs of a Saltelli design by matrix: f_A, f_B and f_ABi (one array per parameter), each of N values. */
interface SaltelliOutputs {
  a: Float64Array;
  b: Float64Array;
  ab: Float64Array[];
}

/**
 * Takes the outputs apart, centred on the mean of all N(k + 2) of them as SALib centres them: the
 * first-order estimator is not invariant to a shift of the output, and centring removes the term
 * mean(y) · mean(f_ABi − f_A), which is pure noise.
 * Base row j's runs are A_j, AB_1j, …, AB_kj, B_j.
 */
function splitSaltelliOutputs(outputs: readonly number[], n: number, k: number): SaltelliOutputs {
  const step = k + 2;
  const centre = outputs.reduce((s, y) => s + y, 0) / outputs.length;
  const column = (offset: number) => Float64Array.from({ length: n }, (_, j) => outputs[j * step + offset] - centre);
  return { a: column(0), b: column(k + 1), ab: Array.from({ length: k }, (_, i) => column(1 + i)) };
}

/** S_i and S_Ti of every parameter over the base rows `rows` (with repeats, for a resample). */
function saltelliEstimates(y: SaltelliOutputs, rows: Uint32Array): { s1: number[]; st: number[] } {
  const n = rows.length;
  let mean = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const j of rows) {
    mean += y.a[j] + y.b[j];
    min = Math.min(min, y.a[j], y.b[j]);
    max = Math.max(max, y.a[j], y.b[j]);
  }
  mean /= 2 * n;
  let ss = 0;
  for (const j of rows) ss += (y.a[j] - mean) ** 2 + (y.b[j] - mean) ** 2;
  const variance = ss / (2 * n);
  if (max === min) return { s1: y.ab.map(() => 0), st: y.ab.map(() => 0) };
  const s1: number[] = [];
  const st: number[] = [];
  for (const ab of y.ab) {
    let first = 0;
    let total = 0;
    for (const j of rows) {
      first += y.b[j] * (ab[j] - y.a[j]);
      total += (y.a[j] - ab[j]) ** 2;
    }
    s1.push(first / n / variance);
    st.push(total / (2 * n) / variance);
  }
  return { s1, st };
}

/** Mean of `xs`, or of `xs` at the indices `idx`. */
function meanAt(xs: readonly number[], idx?: Uint32Array): number {
  if (!idx) return xs.reduce((s, x) => s + x, 0) / xs.length;
  let sum = 0;
  for (const i of idx) sum += xs[i];
  return sum / idx.length;
}

/** Sample sd (n − 1); NaN for fewer than two values. */
function sampleSd(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = meanAt(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}
