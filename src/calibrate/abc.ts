/**
 * Approximate Bayesian computation: which parameter values make the model reproduce the observed
 * facts. Sequential Monte Carlo ABC in the population Monte Carlo form (Beaumont, Cornuet, Marin &
 * Robert 2009, Biometrika 96:983–990; Toni et al. 2009, J. R. Soc. Interface 6:187–202):
 *
 *   generation 0: `priorSamples` points from the prior → simulate → keep the N closest
 *     (rejection ABC; ε₀ is the N-th smallest distance)
 *   generation g ≥ 1: ε_g = the `quantile` of generation g−1's distances (Del Moral, Doucet & Jasra
 *     2012, Stat. Comput. 22:1009–1020, adaptive schedule)
 *     → proposal i: an ancestor drawn by weight from generation g−1, moved by a Gaussian kernel of
 *       twice the population's weighted covariance (Beaumont 2009), in the unit cube of the prior
 *       (prior.ts), redrawn while it leaves the cube
 *     → simulate in batches; accept in proposal order while distance ≤ ε_g, until N are accepted
 *     → weight w_i ∝ π(θ_i) / Σ_j w_j K(θ_i | θ_j), normalised
 *   stop after `maxGenerations`, at ε ≤ `minTolerance`, or when acceptance falls below
 *   `minAcceptance` (a generation that would need more than N / minAcceptance proposals is
 *   abandoned, and the previous population is the result).
 *
 * `method: 'rejection'` is generation 0 alone (Pritchard et al. 1999, Mol. Biol. Evol. 16:1791).
 *
 * The kernel's covariance is full by default (`kernel: 'full'`; Filippi et al. 2013, Stat. Appl.
 * Genet. Mol. Biol. 12:87–107, show it beats the per-component kernel when parameters correlate);
 * `kernel: 'diagonal'` is Beaumont's per-component original. The prior is uniform in unit
 * coordinates, so π(θ_i) is a constant there and the weight is 1 / Σ_j w_j K(u_i | u_j).
 *
 * Determinism: proposal i of generation g reads only the keyed draws of (seed, g, i) and the
 * previous population, and proposals are accepted in their order, so the posterior does not
 * depend on batch sizes or on when the simulator's promises resolve. A generation's finished
 * population (`onGeneration`) is enough to resume: `resumeFrom` continues as if never stopped.
 */
import type { RandomKey } from '../model/rng.js';
import { importanceWeights, perturbationKernel, propose, type Population } from './kernel.js';
import { calibrationKey, pointFromUnit, priorDraw, priorProblems, type Prior } from './prior.js';

/** An observed fact the model should reproduce: one summary statistic. */
export interface Target {
  /** The summary statistic's name, e.g. `gamingShare`. */
  name: string;
  /** The observed value, in the statistic's units. */
  observed: number;
  /** The tolerance the observation is stated with, in the same units (> 0): one scale is one unit of distance. */
  scale: number;
}

/**
 * Runs the model at a batch of points (natural units, coordinates in prior order) and returns one
 * summary vector per point, in the same order and in target order. `proposals` numbers the points
 * within the generation, so a stochastic model can key its own seeds by (generation, proposal).
 */
export type Simulator = (points: Float64Array[], generation: number, proposals: readonly number[]) => Promise<Float64Array[]>;

/** The settings that decide every draw; a resumed run must be given the same. */
export interface AbcSettings {
  /** `smc` (default) or `rejection`. */
  method: 'smc' | 'rejection';
  /** Particles N in each population; default 1000. */
  particles: number;
  /** Quantile α in (0, 1) of the last distances that is the next tolerance; default 0.5. */
  quantile: number;
  /** Points drawn from the prior in generation 0; default ⌈N / α⌉ (smc) or 100 N (rejection, keeping the closest 1%). */
  priorSamples: number;
  /** Covariance of the perturbation kernel: `full` (default) or `diagonal`. */
  kernel: 'full' | 'diagonal';
}

/** How a calibration runs: its seed, settings, stopping rules and hooks. */
export interface AbcOptions extends Partial<AbcSettings> {
  seed: string | number;
  /** Generations at most, generation 0 included; default 10. */
  maxGenerations?: number;
  /** Stop once a generation's tolerance is at most this (distance units); default 0. */
  minTolerance?: number;
  /** Stop once acceptance falls below this share of simulations; default 0.02. */
  minAcceptance?: number;
  /** Points per simulator call at most; default: as many as the acceptance rate says are needed (1.5× margin). */
  batch?: number;
  /**
   * How many points a batch of a later generation asks for: `margin` (default 1.5) times what the
   * acceptance rate says the accepted points still missing need, and at least `minBatch` (default 1).
   * Neither changes the result (proposals are accepted in their order); larger batches mean fewer
   * rounds where each batch is a round trip (a calibration across machines, rounds.ts).
   */
  margin?: number;
  minBatch?: number;
  /** Called after each batch. */
  onProgress?: (progress: AbcProgress) => void;
  /** Called with each finished generation's state, which `resumeFrom` accepts; awaited. */
  onGeneration?: (state: AbcState) => void | Promise<void>;
  /** A state handed to `onGeneration` by a run with the same seed, settings, prior and targets. */
  resumeFrom?: AbcState;
}

/** Where a generation stands, after each batch. */
export interface AbcProgress {
  generation: number;
  accepted: number;
  /** Points simulated so far in this generation. */
  proposed: number;
  /** The generation's tolerance (Infinity in generation 0 until it is known). */
  tolerance: number;
}

/** What one generation did. */
export interface GenerationRecord {
  /** ε: the largest distance accepted. */
  tolerance: number;
  /** accepted / proposed. */
  acceptance: number;
  /** Points simulated. */
  proposed: number;
  accepted: number;
  /** Points whose summaries held NaN or ±Infinity: rejected, counted in `proposed`. */
  nonFinite: number;
  /** Kernel draws that left the prior's support and were redrawn (not simulated). */
  outsideSupport: number;
}

/** A finished generation, enough to resume from; plain JSON (numbers round-trip exactly). */
export interface AbcState {
  format: 'tokenmaxx-abc-state';
  version: 1;
  seed: string | number;
  settings: AbcSettings;
  prior: Prior;
  targets: readonly Target[];
  generations: GenerationRecord[];
  /** The last population, in unit coordinates (natural values are derived from them). */
  population: { unit: number[][]; weights: number[]; distances: number[] };
}

/** Why a calibration stopped. */
export type StopReason = 'rejection' | 'generations' | 'tolerance' | 'acceptance';

/** One particle of the final population. */
export interface AbcParticle {
  /** Natural values, in prior order. */
  values: Float64Array;
  unit: Float64Array;
  /** Normalised: the weights sum to 1. */
  weight: number;
  distance: number;
}

/** A finished calibration. */
export interface AbcResult {
  seed: string | number;
  settings: AbcSettings;
  prior: Prior;
  targets: readonly Target[];
  generations: GenerationRecord[];
  particles: AbcParticle[];
  stopped: StopReason;
  /** The generation given up for too low an acceptance, if that is why it stopped. */
  abandoned: GenerationRecord | null;
}

/** What every generation reads. */
interface Context {
  key: RandomKey;
  prior: Prior;
  targets: readonly Target[];
  simulate: Simulator;
  settings: AbcSettings;
  minAcceptance: number;
  batch: number;
  margin: number;
  minBatch: number;
  onProgress?: (progress: AbcProgress) => void;
}

/** Every problem of a target list given as user input, one string each; never throws. */
export function targetProblems(targets: unknown): string[] {
  if (!Array.isArray(targets) || targets.length === 0) return ['the targets are not a non-empty list; expected [{ name, observed, scale }, …]'];
  const seen = new Set<string>();
  return targets.flatMap((t: Partial<Target> | null, i): string[] => {
    const name = typeof t?.name === 'string' && t.name !== '' ? t.name : `targets[${i}]`;
    const problems: string[] = [];
    if (name === `targets[${i}]`) problems.push(`targets[${i}].name is not a non-empty string; expected a summary statistic's name`);
    else if (seen.has(name)) problems.push(`${name} is given twice; expected each target once`);
    seen.add(name);
    if (!Number.isFinite(t?.observed)) problems.push(`${name}: observed ${JSON.stringify(t?.observed)} is not allowed; expected a finite number`);
    if (!(Number.isFinite(t?.scale) && (t?.scale as number) > 0)) problems.push(`${name}: scale ${JSON.stringify(t?.scale)} is not allowed; expected a finite number > 0`);
    return problems;
  });
}

/**
 * The distance of a summary vector from the targets: √Σ_k ((s_k − observed_k) / scale_k)². Each
 * term is in units of its target's stated tolerance, so a miss by the tolerance costs the same in
 * every statistic whatever its units. NaN when a summary is not finite.
 *
 * O(k).
 * @example distance(Float64Array.of(1.2, 30), [{ name: 'a', observed: 1, scale: 0.1 }, { name: 'b', observed: 40, scale: 5 }]) // √(4 + 4)
 */
export function distance(summary: ArrayLike<number>, targets: readonly Target[]): number {
  let sum = 0;
  for (let k = 0; k < targets.length; k++) {
    const z = (summary[k] - targets[k].observed) / targets[k].scale;
    sum += z * z;
  }
  return Number.isFinite(sum) ? Math.sqrt(sum) : NaN;
}

/** The settings with defaults filled in; throws, naming the option, if one is out of range. */
export function abcSettings(options: Partial<AbcSettings>): AbcSettings {
  const method = options.method ?? 'smc';
  const particles = options.particles ?? 1000;
  const quantile = options.quantile ?? 0.5;
  const priorSamples = options.priorSamples ?? (method === 'rejection' ? 100 * particles : Math.ceil(particles / quantile));
  const kernel = options.kernel ?? 'full';
  if (method !== 'smc' && method !== 'rejection') throw new Error(`abc: method must be "smc" or "rejection" (got ${String(method)})`);
  if (!Number.isInteger(particles) || particles < 2) throw new Error(`abc: particles must be an integer ≥ 2 (got ${particles})`);
  if (!(quantile > 0 && quantile < 1)) throw new Error(`abc: quantile must be in (0, 1) (got ${quantile})`);
  if (!Number.isInteger(priorSamples) || priorSamples < particles) throw new Error(`abc: priorSamples must be an integer ≥ particles (got ${priorSamples})`);
  if (kernel !== 'full' && kernel !== 'diagonal') throw new Error(`abc: kernel must be "full" or "diagonal" (got ${String(kernel)})`);
  return { method, particles, quantile, priorSamples, kernel };
}

/**
 * Calibrates: the weighted population of parameter values whose simulated summaries come within the
 * final tolerance of the targets. Throws if the prior or targets have problems, or if the simulator
 * returns the wrong number or length of summaries, or no finite summary at all in generation 0.
 *
 * O(G · (proposals · simulate + N² · k²)).
 * @example await abc([{ path: 'mu', lo: -5, hi: 5, scale: 'linear' }], [{ name: 'mean', observed: 1, scale: 0.1 }], simulate, { seed: 1 })
 */
export async function abc(prior: Prior, targets: readonly Target[], simulate: Simulator, options: AbcOptions): Promise<AbcResult> {
  const problems = [...priorProblems(prior), ...targetProblems(targets)];
  if (problems.length > 0) throw new Error(`abc: ${problems.join('; ')}`);
  const settings = abcSettings(options);
  const maxGenerations = options.maxGenerations ?? 10;
  const minTolerance = options.minTolerance ?? 0;
  const minAcceptance = options.minAcceptance ?? 0.02;
  if (!Number.isInteger(maxGenerations) || maxGenerations < 1) throw new Error(`abc: maxGenerations must be an integer ≥ 1 (got ${maxGenerations})`);
  if (!(minAcceptance > 0 && minAcceptance <= 1)) throw new Error(`abc: minAcceptance must be in (0, 1] (got ${minAcceptance})`);
  const batch = options.batch ?? Infinity;
  if (!(batch >= 1)) throw new Error(`abc: batch must be at least 1 (got ${batch})`);
  const cx: Context = { key: calibrationKey(options.seed), prior, targets, simulate, settings, minAcceptance, batch: Math.floor(batch), margin: options.margin ?? 1.5, minBatch: options.minBatch ?? 1, onProgress: options.onProgress };
  const stateOf = (): AbcState => ({
    format: 'tokenmaxx-abc-state', version: 1, seed: options.seed, settings: { ...settings },
    prior: prior.map((p) => ({ ...p })), targets: targets.map((t) => ({ ...t })), generations: records.map((r) => ({ ...r })),
    population: { unit: population.unit.map((u) => [...u]), weights: [...population.weights], distances: [...population.distances] },
  });

  let records: GenerationRecord[];
  let population: Population;
  if (options.resumeFrom) {
    ({ records, population } = resumed(options.resumeFrom, options.seed, settings, prior, targets));
  } else {
    const first = await firstGeneration(cx);
    records = [first.record];
    population = first.population;
    await options.onGeneration?.(stateOf());
  }
  const stopReason = (): StopReason | null => {
    const last = records[records.length - 1];
    if (settings.method === 'rejection') return 'rejection';
    if (records.length >= maxGenerations) return 'generations';
    if (last.tolerance <= minTolerance) return 'tolerance';
    return last.acceptance < minAcceptance ? 'acceptance' : null;
  };
  let stopped = stopReason();
  let abandoned: GenerationRecord | null = null;
  while (stopped === null) {
    const next = await laterGeneration(cx, records.length, population, records[records.length - 1]);
    if (next.population === null) {
      abandoned = next.record;
      stopped = 'acceptance';
      break;
    }
    records.push(next.record);
    population = next.population;
    await options.onGeneration?.(stateOf());
    stopped = stopReason();
  }
  const particles = population.unit.map((u, i) => ({ values: pointFromUnit(prior, u), unit: u, weight: population.weights[i], distance: population.distances[i] }));
  return { seed: options.seed, settings, prior, targets, generations: records, particles, stopped, abandoned };
}

/** Generation 0: `priorSamples` points from the prior, the N closest kept with equal weights. */
async function firstGeneration(cx: Context): Promise<{ record: GenerationRecord; population: Population }> {
  const n = cx.settings.priorSamples;
  const d = cx.prior.length;
  const distances = new Float64Array(n);
  for (let start = 0; start < n; start += Math.min(cx.batch, n)) {
    const ids = Array.from({ length: Math.min(cx.batch, n - start) }, (_, i) => start + i);
    distances.set(await evaluate(cx, 0, ids.map((i) => priorDraw(d, cx.key, 0, i)), ids), start);
    cx.onProgress?.({ generation: 0, accepted: 0, proposed: start + ids.length, tolerance: Infinity });
  }
  const finite = Array.from({ length: n }, (_, i) => i).filter((i) => !Number.isNaN(distances[i]));
  if (finite.length === 0) throw new Error(`abc: none of the ${n} points drawn from the prior gave finite summary statistics`);
  const kept = finite.sort((a, b) => distances[a] - distances[b] || a - b).slice(0, cx.settings.particles).sort((a, b) => a - b);
  const tolerance = kept.reduce((top, i) => Math.max(top, distances[i]), -Infinity);
  const population = { unit: kept.map((i) => priorDraw(d, cx.key, 0, i)), weights: new Float64Array(kept.length).fill(1 / kept.length), distances: Float64Array.from(kept, (i) => distances[i]) };
  cx.onProgress?.({ generation: 0, accepted: kept.length, proposed: n, tolerance });
  return { record: { tolerance, acceptance: kept.length / n, proposed: n, accepted: kept.length, nonFinite: n - finite.length, outsideSupport: 0 }, population };
}

/** Generation g ≥ 1 from the previous population; `population: null` when it was abandoned for too low an acceptance. */
async function laterGeneration(cx: Context, g: number, prev: Population, last: GenerationRecord): Promise<{ record: GenerationRecord; population: Population | null }> {
  const n = cx.settings.particles;
  const tolerance = quantileOf(prev.distances, cx.settings.quantile);
  const kernel = perturbationKernel(prev, cx.settings.kernel);
  const cap = Math.ceil(n / cx.minAcceptance);
  const record: GenerationRecord = { tolerance, acceptance: 0, proposed: 0, accepted: 0, nonFinite: 0, outsideSupport: 0 };
  const accepted: { unit: Float64Array; distance: number }[] = [];
  for (let next = 0; accepted.length < n; ) {
    if (next >= cap) return { record: { ...record, accepted: accepted.length, acceptance: record.proposed > 0 ? accepted.length / record.proposed : 0 }, population: null };
    const rate = record.proposed > 0 && accepted.length > 0 ? accepted.length / record.proposed : last.acceptance;
    const size = Math.max(1, Math.min(cx.batch, cap - next, Math.max(cx.minBatch, Math.ceil((cx.margin * (n - accepted.length)) / Math.max(rate, cx.minAcceptance)))));
    const drawn = Array.from({ length: size }, (_, i) => propose(kernel, cx.key, g, next + i));
    const ids = drawn.flatMap((p, i) => (p.unit ? [next + i] : []));
    const distances = await evaluate(cx, g, drawn.flatMap((p) => (p.unit ? [p.unit] : [])), ids);
    // In proposal order, up to the N-th acceptance: what a batch of another size would have counted.
    for (let i = 0, s = 0; i < size && accepted.length < n; i++) {
      record.outsideSupport += drawn[i].redraws;
      if (!drawn[i].unit) continue;
      const dist = distances[s++];
      record.proposed++;
      if (Number.isNaN(dist)) record.nonFinite++;
      else if (dist <= tolerance) accepted.push({ unit: drawn[i].unit!, distance: dist });
    }
    next += size;
    cx.onProgress?.({ generation: g, accepted: accepted.length, proposed: record.proposed, tolerance });
  }
  record.accepted = n;
  record.acceptance = n / record.proposed;
  const unit = accepted.map((a) => a.unit);
  return { record, population: { unit, weights: importanceWeights(unit, kernel), distances: Float64Array.from(accepted, (a) => a.distance) } };
}

/** Simulates points (unit coordinates) and returns their distances, NaN where a summary is not finite. */
async function evaluate(cx: Context, g: number, units: readonly Float64Array[], ids: readonly number[]): Promise<Float64Array> {
  if (units.length === 0) return new Float64Array(0);
  const summaries = await cx.simulate(units.map((u) => pointFromUnit(cx.prior, u)), g, ids);
  if (!Array.isArray(summaries) || summaries.length !== units.length) throw new Error(`abc: the simulator returned ${summaries?.length} summaries for ${units.length} points in generation ${g}`);
  return Float64Array.from(summaries, (s, i) => {
    if (s?.length !== cx.targets.length) throw new Error(`abc: the simulator returned ${s?.length} statistics for point ${ids[i]} of generation ${g}; expected ${cx.targets.length}, one per target`);
    return distance(s, cx.targets);
  });
}

/** Type-7 quantile q of values (linear between order statistics; Hyndman & Fan 1996). */
function quantileOf(values: Float64Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  const h = q * (sorted.length - 1);
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]);
}

/** The records and population of a saved state, after checking it belongs to this calibration. */
function resumed(state: AbcState, seed: string | number, settings: AbcSettings, prior: Prior, targets: readonly Target[]): { records: GenerationRecord[]; population: Population } {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const mismatch = [
    state?.format !== 'tokenmaxx-abc-state' || state.version !== 1 ? 'format' : '',
    state?.seed !== seed ? 'seed' : '',
    !same(state?.settings, settings) ? 'settings' : '',
    !same(state?.prior, prior) ? 'prior' : '',
    !same(state?.targets, targets) ? 'targets' : '',
  ].filter(Boolean);
  const pop = state?.population;
  const n = pop?.unit?.length ?? 0;
  if (n === 0 || pop.weights?.length !== n || pop.distances?.length !== n || pop.unit.some((u) => u.length !== prior.length) || !(state.generations?.length > 0)) mismatch.push('population');
  if (mismatch.length > 0) throw new Error(`abc: the state to resume from is not this calibration's (it differs in ${mismatch.join(', ')})`);
  return {
    records: state.generations.map((r) => ({ ...r })),
    population: { unit: pop.unit.map((u) => Float64Array.from(u)), weights: Float64Array.from(pop.weights), distances: Float64Array.from(pop.distances) },
  };
}
