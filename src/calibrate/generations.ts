/**
 * A finished generation of a calibration as one record of numbers: what its checkpoint holds on one
 * machine (pipeline.ts), and what a sharded calibration's merged rounds keep (rounds.ts), so that the
 * engine resumes from the last one (abc.ts's state) and particles.csv has its particles' summaries.
 */
import type { AbcState, GenerationRecord } from './abc.js';

/** Values before a generation's population in its checkpoint record: size, tolerance, acceptance, proposed, accepted, nonFinite, outsideSupport. */
export const RECORD_HEAD = 7;

/** Values in a generation's checkpoint record: the head, then per particle its k coordinates, weight, distance and T summaries. */
export function recordWidth(particles: number, k: number, T: number): number {
  return RECORD_HEAD + particles * (k + 2 + T);
}

/** A finished generation as its checkpoint record: counts, population (unit coordinates, weights, distances) and summaries. */
export function generationRecord(state: AbcState, summaries: readonly Float64Array[], width: number): Float64Array {
  const record = new Float64Array(width);
  const g = state.generations[state.generations.length - 1];
  const { unit, weights, distances } = state.population;
  const n = unit.length;
  record.set([n, g.tolerance, g.acceptance, g.proposed, g.accepted, g.nonFinite, g.outsideSupport]);
  let at = RECORD_HEAD;
  const put = (xs: ArrayLike<number>) => {
    record.set(xs, at);
    at += xs.length;
  };
  unit.forEach(put);
  put(weights);
  put(distances);
  summaries.forEach(put);
  return record;
}

/** The generations a checkpoint holds, 0 up to the first missing one: their records, and the last one's state and summaries. */
export function resumedState(done: ReadonlyMap<number, Float64Array>, base: Omit<AbcState, 'generations' | 'population'>, k: number, t: number): { state: AbcState; summaries: Float64Array[] } | undefined {
  const generations: GenerationRecord[] = [];
  let last: Float64Array | undefined;
  for (let g = 0; done.has(g); g++) {
    last = done.get(g)!;
    generations.push({ tolerance: last[1], acceptance: last[2], proposed: last[3], accepted: last[4], nonFinite: last[5], outsideSupport: last[6] });
  }
  if (!last) return undefined;
  const n = last[0];
  let at = RECORD_HEAD;
  const take = (len: number) => Array.from(last!.subarray(at, (at += len)));
  const unit = Array.from({ length: n }, () => take(k));
  const weights = take(n);
  const distances = take(n);
  const summaries = Array.from({ length: n }, () => Float64Array.from(take(t)));
  return { state: { ...base, generations, population: { unit, weights, distances } }, summaries };
}

