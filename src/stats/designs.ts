/**
 * Experimental designs over a box of parameters. Each design lists its runs twice: as unit-cube
 * coordinates (what the analyses read) and as parameter values (what the model is run with), one row
 * per run, columns in parameter order.
 *
 * - Full factorial grid: every combination of each parameter's values; the first parameter varies
 *   slowest (the order of nested loops, and of Python's itertools.product).
 * - Latin hypercube (McKay, Beckman & Conover 1979, Technometrics 21:239–245): with k samples, each
 *   parameter's range is cut into k equal strata and each stratum holds exactly one sample, at a
 *   uniform position within it; the strata are paired across parameters by independent permutations.
 * - Morris trajectories (Morris 1991, Technometrics 33:161–174): on a p-level grid
 *   {0, 1/(p−1), …, 1} with step Δ = p / (2(p − 1)), a trajectory starts at a random grid point and
 *   moves each parameter once, in random order, by +Δ or −Δ: k + 1 runs per trajectory, trajectory
 *   after trajectory. Each parameter's pair {x, x + Δ} is drawn uniformly among the p/2 such pairs and
 *   its direction with probability ½ each: Morris's B* = (J x* + (Δ/2)((2B − J) D* + J)) P*, with x*
 *   the lower points, D* the directions and P* the random order of the moves.
 * - Saltelli's design for Sobol' indices (Saltelli et al. 2010, Comput. Phys. Commun. 181:259–270):
 *   base matrices A and B (N rows each) are the first and last k columns of N points of a
 *   2k-dimensional Sobol' sequence, and AB_i is A with column i taken from B. Runs are laid out as
 *   SALib's `saltelli.sample(problem, N, calc_second_order=False)` lays them out, base row by base row:
 *   A_j, AB_1j, …, AB_kj, B_j; N(k + 2) runs in all. The first `skip` points of the sequence are
 *   skipped: by default the smallest power of two ≥ N, at least 16, as SALib does, so the runs equal
 *   SALib's for the same N (Owen 2020, arXiv:2008.08051, argues for skip 0 with N a power of two;
 *   pass skip = 0 for that).
 *
 * Random designs draw from the counter-based hash of src/model/rng.ts, keyed by the seed.
 */
import { drawIndex, permutation, statsKey, statsStream, StatsPurpose } from './draws.js';
import { uniform } from '../model/rng.js';
import { sobolPoints } from './sobolSequence.js';

/** One parameter of a design: a dotted scenario path and its range. */
export interface Parameter {
  /** The scenario path the value is set at, e.g. `mandate.strength`. */
  path: string;
  /** Lower end of the range (unit coordinate 0). */
  lo: number;
  /** Upper end of the range (unit coordinate 1); lo ≤ hi. */
  hi: number;
  /** The values a grid takes for this parameter, in this order; other designs ignore them. */
  levels?: readonly number[];
  /**
   * Round values to the nearest integer (after scaling: the unit coordinates are unchanged, and the
   * two end integers get half the weight of the inner ones under uniform sampling).
   */
  integer?: boolean;
}

/** A design: one row per model run, in the order the analyses expect the outputs. */
export interface Design {
  method: 'grid' | 'lhs' | 'morris' | 'saltelli';
  parameters: readonly Parameter[];
  /** Unit-cube coordinates of each run; column j is parameter j mapped to [0, 1]. */
  unit: number[][];
  /** Parameter values of each run; column j is parameter j. */
  points: number[][];
}

/** A Morris design: `trajectories` × (k + 1) runs. */
export interface MorrisDesign extends Design {
  method: 'morris';
  /** Number of trajectories r. */
  trajectories: number;
  /** Number of grid levels p (even). */
  levels: number;
  /** Step Δ = p / (2(p − 1)) in unit coordinates. */
  delta: number;
}

/** A Saltelli design for first-order and total Sobol' indices: N(k + 2) runs. */
export interface SaltelliDesign extends Design {
  method: 'saltelli';
  /** Rows N of each base matrix A and B. */
  baseSamples: number;
  /** Points of the Sobol' sequence skipped before the first base row. */
  skip: number;
}

/** The value of parameter `p` at unit coordinate `u`: lo + u(hi − lo), rounded if the parameter is an integer. */
export function parameterValue(p: Parameter, u: number): number {
  const x = p.lo + u * (p.hi - p.lo);
  return p.integer ? Math.round(x) : x;
}

/** The unit coordinate of value `x` of parameter `p` (0 for a parameter whose range is one value). */
export function unitCoordinate(p: Parameter, x: number): number {
  return p.hi === p.lo ? 0 : (x - p.lo) / (p.hi - p.lo);
}

/** The values of `p` that a grid takes: its `levels`, or `count` evenly spaced values from lo to hi (the midpoint if count is 1); integers rounded and repeats dropped. */
export function gridValues(p: Parameter, count: number): number[] {
  const raw = p.levels ? [...p.levels] : evenlySpaced(p.lo, p.hi, count);
  const values = p.integer ? raw.map(Math.round) : raw;
  return values.filter((v, i) => values.indexOf(v) === i);
}

/**
 * The full factorial design: every combination of the parameters' {@link gridValues}, the first
 * parameter varying slowest. Size is the product of the value counts.
 *
 * O(size · k).
 * @throws if a parameter is invalid or `count` is not a positive integer.
 * @example grid([{ path: 'a', lo: 0, hi: 1 }, { path: 'b', lo: 0, hi: 1, levels: [5, 6] }], 2).points // [[0,5],[0,6],[1,5],[1,6]]
 */
export function grid(parameters: readonly Parameter[], count = 3): Design {
  checkParameters('grid', parameters);
  if (!Number.isInteger(count) || count < 1) throw new Error(`grid: count must be a positive integer (got ${count})`);
  const values = parameters.map((p) => gridValues(p, count));
  let points: number[][] = [[]];
  for (const column of values) points = points.flatMap((row) => column.map((v) => [...row, v]));
  if (parameters.length === 0) points = [];
  const unit = points.map((row) => row.map((x, j) => unitCoordinate(parameters[j], x)));
  return { method: 'grid', parameters, unit, points };
}

/**
 * A Latin hypercube of `samples` runs: for every parameter, each of the `samples` equal strata of
 * its range holds exactly one run. Seeded: the same seed gives the same design everywhere.
 *
 * O(samples · k).
 * @throws if a parameter is invalid or `samples` is not a positive integer.
 * @example lhs([{ path: 'a', lo: 0, hi: 10 }], 5, 1).points.map(([x]) => Math.floor(x / 2)).sort() // [0, 1, 2, 3, 4]
 */
export function lhs(parameters: readonly Parameter[], samples: number, seed: string | number): Design {
  checkParameters('lhs', parameters);
  if (!Number.isInteger(samples) || samples < 1) throw new Error(`lhs: samples must be a positive integer (got ${samples})`);
  const key = statsKey(seed);
  const columns = parameters.map((_, j) => {
    const strata = permutation(statsStream(key, j, StatsPurpose.lhsPermutation), samples);
    const offsets = statsStream(key, j, StatsPurpose.lhsOffset);
    return strata.map((s, i) => (s + uniform(offsets, i)) / samples);
  });
  const unit = Array.from({ length: samples }, (_, i) => columns.map((column) => column[i]));
  return { method: 'lhs', parameters, unit, points: scaleRows(parameters, unit) };
}

/**
 * A Morris design of `trajectories` one-at-a-time trajectories on a `levels`-level grid
 * (default 4, Δ = 2/3). Seeded.
 *
 * O(trajectories · k²).
 * @throws if a parameter is invalid, `trajectories` is not a positive integer or `levels` is not an even integer ≥ 2.
 * @example morris(params, 10, 'seed').unit.length // 10 · (params.length + 1)
 */
export function morris(parameters: readonly Parameter[], trajectories: number, seed: string | number, levels = 4): MorrisDesign {
  checkParameters('morris', parameters);
  if (!Number.isInteger(trajectories) || trajectories < 1) {
    throw new Error(`morris: trajectories must be a positive integer (got ${trajectories})`);
  }
  if (!Number.isInteger(levels) || levels < 2 || levels % 2 !== 0) {
    throw new Error(`morris: levels must be an even integer ≥ 2 (got ${levels})`);
  }
  const key = statsKey(seed);
  const unit: number[][] = [];
  for (let t = 0; t < trajectories; t++) unit.push(...morrisTrajectory(key, t, parameters.length, levels));
  const delta = levels / (2 * (levels - 1));
  return { method: 'morris', parameters, unit, points: scaleRows(parameters, unit), trajectories, levels, delta };
}

/**
 * Saltelli's design for first-order and total Sobol' indices with `baseSamples` (N) rows per base
 * matrix: N(k + 2) runs, laid out as SALib's (see the module comment). `skip` defaults to the smallest
 * power of two ≥ N, at least 16. N a power of two keeps the Sobol' points balanced.
 *
 * O(N · k²).
 * @throws if a parameter is invalid, N is not a positive integer, or skip + N exceeds 2^20.
 * @example saltelli(params, 1024).points.length // 1024 · (params.length + 2)
 */
export function saltelli(parameters: readonly Parameter[], baseSamples: number, skip?: number): SaltelliDesign {
  checkParameters('saltelli', parameters);
  if (!Number.isInteger(baseSamples) || baseSamples < 1) {
    throw new Error(`saltelli: baseSamples must be a positive integer (got ${baseSamples})`);
  }
  const k = parameters.length;
  const skipped = skip ?? Math.max(16, 2 ** Math.ceil(Math.log2(baseSamples)));
  const base = sobolPoints(baseSamples, 2 * k, skipped);
  const unit: number[][] = [];
  for (const row of base) {
    const a = row.slice(0, k);
    const b = row.slice(k);
    unit.push(a);
    for (let i = 0; i < k; i++) unit.push(a.map((x, j) => (j === i ? b[j] : x)));
    unit.push(b);
  }
  return { method: 'saltelli', parameters, unit, points: scaleRows(parameters, unit), baseSamples, skip: skipped };
}

/** One Morris trajectory of k + 1 unit-cube rows on a `levels`-level grid, trajectory number `t` of the key. */
function morrisTrajectory(key: ReturnType<typeof statsKey>, t: number, k: number, levels: number): number[][] {
  const half = levels / 2;
  const starts = statsStream(key, t, StatsPurpose.morrisStart);
  const directions = statsStream(key, t, StatsPurpose.morrisDirection);
  const order = permutation(statsStream(key, t, StatsPurpose.morrisOrder), k);
  // Level index of each parameter's lower point and its direction: up from it, or down to it.
  const lower = Array.from({ length: k }, (_, j) => drawIndex(starts, j, half));
  const up = Array.from({ length: k }, (_, j) => uniform(directions, j) < 0.5);
  const level = lower.map((l, j) => (up[j] ? l : l + half));
  const rows = [level.map((l) => l / (levels - 1))];
  for (const j of order) {
    level[j] += up[j] ? half : -half;
    rows.push(level.map((l) => l / (levels - 1)));
  }
  return rows;
}

/** `count` evenly spaced values from lo to hi inclusive; the midpoint if count is 1. */
function evenlySpaced(lo: number, hi: number, count: number): number[] {
  if (count === 1) return [(lo + hi) / 2];
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? hi : lo + (i * (hi - lo)) / (count - 1)));
}

/** Parameter values of unit-cube rows. */
function scaleRows(parameters: readonly Parameter[], unit: readonly number[][]): number[][] {
  return unit.map((row) => row.map((u, j) => parameterValue(parameters[j], u)));
}

/** Throws, naming the design, unless every parameter has a path, finite bounds with lo ≤ hi, and a unique path. */
function checkParameters(design: string, parameters: readonly Parameter[]): void {
  const seen = new Set<string>();
  for (const p of parameters) {
    if (!p.path || seen.has(p.path)) throw new Error(`${design}: parameter paths must be non-empty and unique (got "${p.path}")`);
    if (!Number.isFinite(p.lo) || !Number.isFinite(p.hi) || p.lo > p.hi) {
      throw new Error(`${design}: parameter ${p.path} needs finite bounds with lo ≤ hi (got ${p.lo}, ${p.hi})`);
    }
    seen.add(p.path);
  }
}
