/**
 * The prior of a calibration: independent uniform priors, one per parameter, each on a linear or a
 * log scale. A log-scale prior is uniform in log(x), for ranges that span orders of magnitude
 * (1e-6 to 1e-3): a linear prior on that range would put 99.9% of its mass above 1e-6 · 1000.
 *
 * Every prior maps one-to-one onto the unit cube, u_j = (x_j − lo_j) / (hi_j − lo_j) on a linear
 * scale and u_j = log(x_j / lo_j) / log(hi_j / lo_j) on a log scale, and the prior is uniform on the
 * cube. The calibration engine (abc.ts) samples, perturbs and weighs particles in unit coordinates;
 * natural units are what the simulator is given and what the posterior file records.
 *
 * Draws are keyed, as the designs' are (src/stats/designs.ts): every uniform is a pure function of
 * (seed, generation, particle, dimension), so a particle is the same whatever else is drawn, in
 * whatever order. The purposes here start at 200, clear of the model's and the statistics'.
 */
import { subStream, uniform, type RandomKey } from '../model/rng.js';
import { statsKey, statsStream } from '../stats/draws.js';

/** The scale a parameter's prior is uniform on. */
export type PriorScale = 'linear' | 'log';

/** One parameter's prior: uniform on [lo, hi] (linear) or uniform in log on [lo, hi] (log, lo > 0). */
export interface PriorParameter {
  /** The scenario path the value is set at, e.g. `audits.rate`. */
  path: string;
  /** Lower end of the support, natural units (unit coordinate 0); lo > 0 on a log scale. */
  lo: number;
  /** Upper end of the support, natural units (unit coordinate 1); hi > lo. */
  hi: number;
  /** `linear` (uniform in x) or `log` (uniform in log x). */
  scale: PriorScale;
}

/** A prior: independent parameters, in the order of every point's coordinates. */
export type Prior = readonly PriorParameter[];

/** What each keyed draw of a calibration is for. Part of the reproducibility contract: never renumber. */
export const CalibratePurpose = {
  /** A particle's coordinates drawn from the prior (generation 0, and rejection). */
  prior: 201,
  /** A proposal of a later generation: its ancestor and its perturbation, attempt after attempt. */
  proposal: 202,
  /** The one offset of a systematic resample of a posterior. */
  resample: 203,
} as const;

/** The words of prior problems. They name the parameter and say what is allowed. */
const says = {
  notList: () => 'the prior is not a list of parameters; expected [{ path, lo, hi, scale }, …]',
  empty: () => 'the prior has no parameters; expected at least one',
  notObject: (i: number) => `prior[${i}] is not an object; expected { path, lo, hi, scale }`,
  path: (i: number) => `prior[${i}].path is not a non-empty string; expected a parameter path such as audits.rate`,
  repeated: (path: string) => `${path} is given twice; expected each parameter once`,
  bound: (path: string, end: string, v: unknown) => `${path}: ${end} ${describe(v)} is not allowed; expected a finite number`,
  order: (path: string, lo: number, hi: number) => `${path}: the range runs from ${lo} to ${hi}; expected lo < hi`,
  scale: (path: string, v: unknown) => `${path}: scale ${describe(v)} is not allowed; expected "linear" or "log"`,
  logPositive: (path: string, lo: number) => `${path}: a log-scale prior needs lo > 0 (got ${lo}); expected a positive range, or scale "linear"`,
};

const describe = (v: unknown): string => (v === undefined ? 'missing' : typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v)));
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Every problem of a prior given as user input, one string each naming the parameter and what is
 * wrong; empty when the prior is valid. Never throws.
 *
 * O(k).
 * @example priorProblems([{ path: 'a', lo: 0, hi: 1, scale: 'log' }]) // ['a: a log-scale prior needs lo > 0 (got 0); …']
 */
export function priorProblems(prior: unknown): string[] {
  if (!Array.isArray(prior)) return [says.notList()];
  if (prior.length === 0) return [says.empty()];
  const problems: string[] = [];
  const seen = new Set<string>();
  prior.forEach((p: unknown, i) => {
    if (!isObject(p)) return void problems.push(says.notObject(i));
    const named = typeof p.path === 'string' && p.path !== '';
    if (!named) problems.push(says.path(i));
    const path = named ? (p.path as string) : `prior[${i}]`;
    if (named && seen.has(path)) problems.push(says.repeated(path));
    seen.add(path);
    const lo = Number.isFinite(p.lo) ? (p.lo as number) : undefined;
    const hi = Number.isFinite(p.hi) ? (p.hi as number) : undefined;
    if (lo === undefined) problems.push(says.bound(path, 'lo', p.lo));
    if (hi === undefined) problems.push(says.bound(path, 'hi', p.hi));
    if (lo !== undefined && hi !== undefined && !(lo < hi)) problems.push(says.order(path, lo, hi));
    if (p.scale !== 'linear' && p.scale !== 'log') problems.push(says.scale(path, p.scale));
    if (p.scale === 'log' && lo !== undefined && !(lo > 0)) problems.push(says.logPositive(path, lo));
  });
  return problems;
}

/**
 * The unit coordinate of value `x` of parameter `p`: 0 at lo, 1 at hi, linear in x or in log x.
 *
 * @example toUnit({ path: 'r', lo: 1e-6, hi: 1e-3, scale: 'log' }, 1e-4) // ≈ 2/3
 */
export function toUnit(p: PriorParameter, x: number): number {
  return p.scale === 'log' ? Math.log(x / p.lo) / Math.log(p.hi / p.lo) : (x - p.lo) / (p.hi - p.lo);
}

/**
 * The value of parameter `p` at unit coordinate `u` in [0, 1], in natural units: lo at 0 and hi
 * at 1 exactly, and kept within [lo, hi] against rounding between.
 *
 * @example fromUnit({ path: 'r', lo: 1e-6, hi: 1e-3, scale: 'log' }, 1 / 3) // ≈ 1e-5
 */
export function fromUnit(p: PriorParameter, u: number): number {
  if (u === 1) return p.hi;
  const x = p.scale === 'log' ? p.lo * Math.exp(u * Math.log(p.hi / p.lo)) : p.lo + u * (p.hi - p.lo);
  return Math.min(p.hi, Math.max(p.lo, x));
}

/** A point's natural values from its unit coordinates (column j is parameter j). */
export function pointFromUnit(prior: Prior, unit: ArrayLike<number>): Float64Array {
  const x = new Float64Array(prior.length);
  for (let j = 0; j < prior.length; j++) x[j] = fromUnit(prior[j], unit[j]);
  return x;
}

/** A point's unit coordinates from its natural values. */
export function unitFromPoint(prior: Prior, x: ArrayLike<number>): Float64Array {
  const u = new Float64Array(prior.length);
  for (let j = 0; j < prior.length; j++) u[j] = toUnit(prior[j], x[j]);
  return u;
}

/** Whether unit coordinates lie in the closed unit cube, the prior's support. */
export function inUnitCube(unit: ArrayLike<number>): boolean {
  for (let j = 0; j < unit.length; j++) if (!(unit[j] >= 0 && unit[j] <= 1)) return false;
  return true;
}

/** Whether natural values lie in the prior's support, lo ≤ x ≤ hi for every parameter. */
export function inSupport(prior: Prior, x: ArrayLike<number>): boolean {
  for (let j = 0; j < prior.length; j++) if (!(x[j] >= prior[j].lo && x[j] <= prior[j].hi)) return false;
  return true;
}

/**
 * The log prior density of a point in natural units: Σ_j −log(hi − lo) (linear) or
 * −log(x · log(hi / lo)) (log); −∞ outside the support.
 *
 * O(k).
 * @example logPriorDensity([{ path: 'a', lo: 0, hi: 4, scale: 'linear' }], [1]) // −log 4
 */
export function logPriorDensity(prior: Prior, x: ArrayLike<number>): number {
  if (!inSupport(prior, x)) return -Infinity;
  let log = 0;
  for (let j = 0; j < prior.length; j++) {
    const p = prior[j];
    log -= p.scale === 'log' ? Math.log(x[j] * Math.log(p.hi / p.lo)) : Math.log(p.hi - p.lo);
  }
  return log;
}

/** The prior density of a point in natural units (0 outside the support). */
export function priorDensity(prior: Prior, x: ArrayLike<number>): number {
  return Math.exp(logPriorDensity(prior, x));
}

/** The random key of a calibration's seed (derive it once; deriving is the slow part). */
export function calibrationKey(seed: string | number): RandomKey {
  return statsKey(seed);
}

/**
 * The stream of draws of particle `particle` of generation `generation` for `purpose`: uniform
 * `n` of it is the n-th draw that particle makes (its n-th dimension, or a later attempt's).
 */
export function particleStream(key: RandomKey, generation: number, particle: number, purpose: number): number {
  return subStream(statsStream(key, generation, purpose), particle);
}

/**
 * Particle `particle` of generation `generation` drawn from the prior, as unit coordinates: its
 * coordinate j is uniform j of the particle's prior stream, which no other particle or generation reads.
 *
 * O(k).
 * @example priorDraw(2, calibrationKey('seed'), 0, 7) // the same two coordinates on every machine
 */
export function priorDraw(dimensions: number, key: RandomKey, generation: number, particle: number): Float64Array {
  const stream = particleStream(key, generation, particle, CalibratePurpose.prior);
  const u = new Float64Array(dimensions);
  for (let j = 0; j < dimensions; j++) u[j] = uniform(stream, j);
  return u;
}
