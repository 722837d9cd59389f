/**
 * The posterior of a calibration as a file, and what is read off it. The file is the final
 * population of abc.ts with what made it: seed, method, prior, targets and every generation's
 * tolerance. Keys come in one fixed order and numbers in JavaScript's shortest round-trip form, so a
 * calibration gives the same bytes on every run and machine, and reading a file back gives the
 * same numbers. A file read back is hostile input: it is checked against a schema and against its
 * own prior, and every problem is reported at once, located by JSON path (and line and column).
 *
 * From a posterior: weighted means, standard deviations and quantiles per parameter, the effective
 * sample size (Kish 1965), and k seeded draws by weight by systematic resampling (Kitagawa 1996,
 * J. Comput. Graph. Stat. 5:1–25), which copies particle i ⌊k w_i⌋ or ⌈k w_i⌉ times.
 */
import { z } from 'zod';
import { uniform } from '../model/rng.js';
import { decodeUtf8, parseJsonText } from '../scenarios/json.js';
import { locateInFile, readInputBytes } from '../scenarios/load.js';
import { InputError, sortProblems, type PathSegment, type Problem } from '../scenarios/problems.js';
import { validate, valueAt } from '../scenarios/validate.js';
import { messages, shown } from '../messages.js';
import type { AbcResult } from './abc.js';
import { CalibratePurpose, calibrationKey, particleStream } from './prior.js';

/** How far the weights of a file may sum from 1 (they are written normalised, rounding aside). */
const WEIGHT_SUM_SLACK = 1e-9;

const finite = z.number();
const nonNegative = z.number().min(0);

/** The schema of a posterior file (structure; {@link posteriorProblems} adds what one field says of another). */
export const posteriorSchema = z.strictObject({
  format: z.enum(['tokenmaxx-posterior']),
  version: z.number().int().min(1).max(1),
  seed: z.union([z.string(), finite]),
  method: z.enum(['smc', 'rejection']),
  prior: z.array(z.strictObject({ path: z.string().min(1), lo: finite, hi: finite, scale: z.enum(['linear', 'log']) })).min(1),
  targets: z.array(z.strictObject({ name: z.string().min(1), observed: finite, scale: z.number().gt(0) })).min(1),
  generations: z.array(z.strictObject({ tolerance: nonNegative, acceptance: z.number().min(0).max(1), proposed: z.number().int().min(1) })).min(1),
  particles: z.array(z.strictObject({ values: z.record(z.string(), finite), weight: nonNegative, distance: nonNegative })).min(1),
});

/** A posterior file's content. */
export type Posterior = z.output<typeof posteriorSchema>;
/** One particle: its value per parameter path, its normalised weight, its distance from the targets. */
export type PosteriorParticle = Posterior['particles'][number];

/** What is read off one parameter's marginal posterior. */
export interface ParameterSummary {
  path: string;
  /** Weighted mean, natural units. */
  mean: number;
  /** Weighted standard deviation, √Σ w_i (x_i − mean)² with normalised weights. */
  sd: number;
  /** The weighted quantiles at the probabilities asked for, in their order. */
  quantiles: number[];
}

/** The words of posterior-file problems that the schema's own do not cover. */
const says = {
  order: (lo: number, hi: number) => `the range runs from ${lo} to ${hi}; expected lo < hi`,
  logPositive: (lo: number) => `${lo} is not allowed for a log-scale prior; expected lo > 0`,
  repeated: (path: string) => `${JSON.stringify(path)} is given twice; expected each parameter once`,
  valueMissing: (path: string) => `is missing; expected a value for every parameter of the prior (${path})`,
  valueUnknown: (known: readonly string[]) => `is not a parameter of the prior; expected only ${known.map((k) => JSON.stringify(k)).join(', ')}`,
  valueOutside: (v: number, lo: number, hi: number) => `${v} is outside the prior's support; expected a number in [${lo}, ${hi}]`,
  weightSum: (sum: number) => `the weights sum to ${sum}; expected 1 (normalised weights)`,
};

/** What a field allows, in words, where the schema's generic wording would mislead. */
const ALLOWED: Record<string, string> = {
  version: '1, the version this tokenmaxx reads',
  seed: 'a string or a number',
  prior: 'a list of at least one { path, lo, hi, scale }',
  targets: 'a list of at least one { name, observed, scale }',
  generations: 'a list of at least one { tolerance, acceptance, proposed }',
  particles: 'a list of at least one { values, weight, distance }',
};

/** A schema problem of a top-level field said with {@link ALLOWED}'s words. */
function reworded(p: Problem, raw: unknown): Problem {
  const field = p.path.length === 1 ? String(p.path[0]) : '';
  return Object.hasOwn(ALLOWED, field) ? { ...p, message: messages.wrongValue(shown(valueAt(raw, p.path)), ALLOWED[field]) } : p;
}

/** The posterior file of a finished calibration. */
export function posteriorOf(result: AbcResult): Posterior {
  return {
    format: 'tokenmaxx-posterior',
    version: 1,
    seed: result.seed,
    method: result.settings.method,
    prior: result.prior.map((p) => ({ path: p.path, lo: p.lo, hi: p.hi, scale: p.scale })),
    targets: result.targets.map((t) => ({ name: t.name, observed: t.observed, scale: t.scale })),
    generations: result.generations.map((g) => ({ tolerance: g.tolerance, acceptance: g.acceptance, proposed: g.proposed })),
    particles: result.particles.map((q) => ({
      values: Object.fromEntries(result.prior.map((p, j) => [p.path, q.values[j]])),
      weight: q.weight,
      distance: q.distance,
    })),
  };
}

/**
 * The text of a posterior file: keys in the order of {@link posteriorSchema} (values in prior
 * order), two-space indentation, numbers in shortest round-trip form, a final newline.
 */
export function posteriorJson(p: Posterior): string {
  const ordered: Posterior = {
    format: p.format,
    version: p.version,
    seed: p.seed,
    method: p.method,
    prior: p.prior.map((q) => ({ path: q.path, lo: q.lo, hi: q.hi, scale: q.scale })),
    targets: p.targets.map((t) => ({ name: t.name, observed: t.observed, scale: t.scale })),
    generations: p.generations.map((g) => ({ tolerance: g.tolerance, acceptance: g.acceptance, proposed: g.proposed })),
    particles: p.particles.map((q) => ({ values: Object.fromEntries(p.prior.map((r) => [r.path, q.values[r.path]])), weight: q.weight, distance: q.distance })),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/**
 * Every problem of a parsed posterior file that the schema cannot see: a prior range that is empty
 * or not positive on a log scale, a parameter twice, particle values that are not exactly the
 * prior's parameters or lie outside its support, weights that do not sum to 1. Reads whatever
 * parts have the right shape, so it adds to the schema's problems rather than waiting for them.
 */
export function posteriorProblems(raw: unknown, source: string): Problem[] {
  const problems: Problem[] = [];
  const at = (path: PathSegment[], message: string) => problems.push({ source, path, message });
  const doc = isObject(raw) ? raw : {};
  const prior = Array.isArray(doc.prior) ? doc.prior : [];
  const ranges = new Map<string, { lo: number; hi: number }>();
  prior.forEach((p: unknown, i) => {
    if (!isObject(p) || typeof p.path !== 'string') return;
    if (ranges.has(p.path)) at(['prior', i, 'path'], says.repeated(p.path));
    const lo = p.lo as number;
    const hi = p.hi as number;
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) return;
    if (!(lo < hi)) at(['prior', i, 'hi'], says.order(lo, hi));
    else if (p.scale === 'log' && !(lo > 0)) at(['prior', i, 'lo'], says.logPositive(lo));
    else ranges.set(p.path, { lo, hi });
  });
  const paths = prior.flatMap((p: unknown) => (isObject(p) && typeof p.path === 'string' ? [p.path] : []));
  const particles = Array.isArray(doc.particles) ? doc.particles : [];
  let sum = 0;
  particles.forEach((q: unknown, i) => {
    if (!isObject(q)) return;
    sum += typeof q.weight === 'number' ? q.weight : NaN;
    if (!isObject(q.values)) return;
    const values = q.values;
    for (const path of paths) if (!Object.hasOwn(values, path)) at(['particles', i, 'values', path], says.valueMissing(path));
    for (const [path, v] of Object.entries(values)) {
      const range = ranges.get(path);
      if (!paths.includes(path)) at(['particles', i, 'values', path], says.valueUnknown(paths));
      else if (range && typeof v === 'number' && !(v >= range.lo && v <= range.hi)) at(['particles', i, 'values', path], says.valueOutside(v, range.lo, range.hi));
    }
  });
  if (particles.length > 0 && Number.isFinite(sum) && Math.abs(sum - 1) > WEIGHT_SUM_SLACK) at(['particles'], says.weightSum(sum));
  return problems;
}

/** Checks the text of a posterior file: the posterior, or every problem found (located); never throws for bad input. */
export function checkPosteriorText(text: string, source: string): { posterior: Posterior | undefined; problems: Problem[] } {
  const parsed = parseJsonText(text, source);
  if (parsed.value === undefined) return { posterior: undefined, problems: sortProblems(parsed.problems) };
  const checked = validate(posteriorSchema, parsed.value, source);
  const schemaProblems = checked.ok ? [] : checked.problems.map((p) => reworded(p, parsed.value));
  const problems = [...parsed.problems, ...schemaProblems, ...posteriorProblems(parsed.value, source)];
  const located = sortProblems(locateInFile({ source, scenarios: {}, text, offsets: parsed.offsets }, problems));
  return { posterior: located.length === 0 && checked.ok ? checked.value : undefined, problems: located };
}

/** A posterior from the text of its file; throws InputError naming every problem. */
export function parsePosteriorText(text: string, source: string): Posterior {
  const { posterior, problems } = checkPosteriorText(text, source);
  if (!posterior) throw new InputError(problems);
  return posterior;
}

/** Reads a posterior file (a regular UTF-8 file within the input size limit); throws InputError naming every problem. */
export function loadPosterior(path: string): Posterior {
  const read = readInputBytes(path);
  if ('problem' in read) throw new InputError([read.problem]);
  const decoded = decodeUtf8(read.bytes, path);
  if ('problem' in decoded) throw new InputError([decoded.problem]);
  return parsePosteriorText(decoded.text, path);
}

/** Kish's effective sample size of weights: (Σ w)² / Σ w²; n for equal weights, 1 for one weight. */
export function effectiveSampleSize(weights: ArrayLike<number>): number {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i];
    squares += weights[i] * weights[i];
  }
  return squares > 0 ? (sum * sum) / squares : 0;
}

/**
 * The weighted quantile at probability q: values sorted, each placed at the middle of its share of
 * the cumulative weight, linear between those places and flat beyond the ends (with equal weights,
 * Hyndman & Fan 1996's definition 5).
 *
 * O(n log n).
 * @throws if `values` is empty or q is not in [0, 1].
 * @example weightedQuantile([1, 2, 3, 4], [0.25, 0.25, 0.25, 0.25], 0.5) // 2.5
 */
export function weightedQuantile(values: ArrayLike<number>, weights: ArrayLike<number>, q: number): number {
  if (values.length === 0) throw new Error('weightedQuantile: needs at least one value');
  if (!(q >= 0 && q <= 1)) throw new Error(`weightedQuantile: q must be in [0, 1] (got ${q})`);
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  let total = 0;
  for (const i of order) total += weights[i];
  let before = 0;
  let prevAt = -Infinity;
  let prevValue = values[order[0]];
  for (const i of order) {
    const at = (before + weights[i] / 2) / total;
    before += weights[i];
    if (q <= at) return prevAt === -Infinity ? values[i] : prevValue + ((q - prevAt) / (at - prevAt)) * (values[i] - prevValue);
    prevAt = at;
    prevValue = values[i];
  }
  return prevValue;
}

/**
 * Per parameter, in prior order: the weighted mean, sd and quantiles at `probabilities`
 * (default 2.5%, 25%, 50%, 75%, 97.5%).
 *
 * O(k · n log n).
 * @example posteriorSummary(posterior)[0].quantiles[2] // the first parameter's weighted median
 */
export function posteriorSummary(p: Posterior, probabilities: readonly number[] = [0.025, 0.25, 0.5, 0.75, 0.975]): ParameterSummary[] {
  const weights = p.particles.map((q) => q.weight);
  const total = weights.reduce((a, b) => a + b, 0);
  return p.prior.map(({ path }) => {
    const xs = p.particles.map((q) => q.values[path]);
    const mean = xs.reduce((s, x, i) => s + (weights[i] / total) * x, 0);
    const variance = xs.reduce((s, x, i) => s + (weights[i] / total) * (x - mean) * (x - mean), 0);
    return { path, mean, sd: Math.sqrt(variance), quantiles: probabilities.map((q) => weightedQuantile(xs, weights, q)) };
  });
}

/**
 * k particles drawn by weight, by systematic resampling: one uniform offset u (keyed by the seed),
 * then the particles at cumulative weights (u + m) / k for m = 0 … k − 1, in particle order.
 * Particle i is drawn ⌊k w_i⌋ or ⌈k w_i⌉ times; the same seed gives the same draws.
 *
 * O(n + k).
 * @throws if k is not a positive integer or the weights do not sum to a positive number.
 * @example drawParticles(posterior, 100, 'predictive').map((q) => q.values['audits.rate'])
 */
export function drawParticles(p: Posterior, k: number, seed: string | number): PosteriorParticle[] {
  if (!Number.isInteger(k) || k < 1) throw new Error(`drawParticles: k must be a positive integer (got ${k})`);
  const total = p.particles.reduce((s, q) => s + q.weight, 0);
  if (!(total > 0 && Number.isFinite(total))) throw new Error('drawParticles: the weights must sum to a positive number');
  const offset = uniform(particleStream(calibrationKey(seed), 0, 0, CalibratePurpose.resample), 0);
  const drawn: PosteriorParticle[] = [];
  let cumulative = p.particles[0].weight / total;
  for (let m = 0, i = 0; m < k; m++) {
    const position = (offset + m) / k;
    while (position > cumulative && i < p.particles.length - 1) cumulative += p.particles[++i].weight / total;
    drawn.push(p.particles[i]);
  }
  return drawn;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
