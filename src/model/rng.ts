/**
 * Counter-based random streams.
 *
 * Every draw is a pure function of (replicate key, week, purpose, index): there is no generator state
 * to advance, so two scenarios that differ only in policy read the same number for the same purpose,
 * agent and week (common random numbers), agents can be visited in any order, and adding a
 * mechanism with a new purpose shifts no other draw.
 *
 * The replicate key is derived from the user's seed (a string or an integer) with seedrandom; the
 * per-draw mixing is an integer hash (two rounds of a 32-bit avalanche finaliser), which is ~5 ns
 * per draw where seedrandom's ARC4 is ~77 ns.
 */
import seedrandom from 'seedrandom';

/** What a draw is for. The numeric values are part of the reproducibility contract: never renumber. */
export const Purpose = {
  fit: 1,
  skill: 2,
  integrity: 3,
  careerConcern: 4,
  tokenScale: 5,
  belief: 6,
  initialStrategy: 7,
  busywork: 8,
  managerAttention: 9,
  revise: 10,
  imitate: 11,
  peer: 12,
  peerCopy: 13,
  choice: 14,
  tokenNoise: 15,
  audit: 16,
  detect: 17,
  incidents: 18,
  severity: 19,
  mention: 20,
  reviewNoise: 21,
  managerLeak: 22,
  reviewDate: 23,
  reviewReading: 24,
} as const;
export type Purpose = (typeof Purpose)[keyof typeof Purpose];

/** A replicate's random key: two 32-bit words derived from its seed. */
export interface RandomKey {
  readonly a: number;
  readonly b: number;
}

/**
 * Mixes a 32-bit integer into a well-distributed one (lowbias32 finaliser), as a signed 32-bit
 * integer. Hashes stay signed int32 end to end: a value of 2^31 or more held as a double would cost
 * V8 a slow conversion at every bitwise operation, and as bit patterns the two are the same.
 */
function hash32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  return x ^ (x >>> 16);
}

/** Mixes a 32-bit integer into a well-distributed 32-bit unsigned integer (lowbias32 finaliser). */
export function mix32(x: number): number {
  return hash32(x) >>> 0;
}

/** Derives the random key of a seed with seedrandom (ARC4, keyed by the seed's string form). */
export function keyFromSeed(seed: string | number): RandomKey {
  const prng = seedrandom(String(seed));
  return { a: prng.int32() | 0, b: prng.int32() | 0 };
}

/**
 * Derives replicate `replicate`'s seed from the run seed: a decimal string of a 32-bit integer,
 * recorded in the manifest so any replicate can be rerun alone.
 */
export function replicateSeed(seed: string | number, replicate: number): string {
  const prng = seedrandom(`${seed}/replicate/${replicate}`);
  return String(prng.int32() >>> 0);
}

/**
 * The key of one stream, a signed 32-bit integer: a (week, purpose) pair under a replicate key. Compute it once outside a
 * loop over agents, then draw with {@link uniform}.
 */
export function streamKey(key: RandomKey, week: number, purpose: number): number {
  return hash32(key.a ^ hash32(Math.imul(week + 1, 0x9e3779b1) ^ Math.imul(purpose, 0x85ebca77) ^ key.b));
}

/** 2^−32: multiplying by it is exact, as dividing by 2^32 is, and faster. */
const TWO_TO_MINUS_32 = 1 / 4294967296;

/** The `index`-th uniform draw in (0, 1) of a stream; `index` is an employee, team or sub-draw number. */
export function uniform(stream: number, index: number): number {
  const h = hash32((hash32(Math.imul(index, 0x9e3779b1) ^ stream) + stream) | 0);
  return ((h >>> 0) + 0.5) * TWO_TO_MINUS_32;
}

/** The stream key of a sub-draw (the j-th incident of an employee, say) of an existing stream. */
export function subStream(stream: number, j: number): number {
  return hash32(stream ^ Math.imul(j + 1, 0xc2b2ae3d));
}

/**
 * Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
 * Turns one uniform into one normal draw, so a normal costs one keyed draw, not two.
 */
export function probit(p: number): number {
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q +
      4.374664141464968) * q + 2.938163982698783) /
      ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1);
  }
  if (p > 0.97575) return -probit(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.38357751867269e2) * r -
    3.066479806614716e1) * r + 2.506628277459239) * q /
    (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r -
      1.328068155288572e1) * r + 1);
}

/**
 * Standard normal distribution function Φ(x) (Zelen & Severo 1964, Abramowitz & Stegun 26.2.17;
 * absolute error < 7.5e-8): one exponential.
 */
export function normalCdf(x: number): number {
  const ax = x < 0 ? -x : x;
  const t = 1 / (1 + 0.2316419 * ax);
  const tail = 0.3989422804014327 * Math.exp(-0.5 * ax * ax) * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return x < 0 ? tail : 1 - tail;
}

/**
 * A Poisson draw with mean `lambda` by inversion from one uniform (exact for lambda < 30, normal
 * approximation with continuity correction above; incident counts per employee-week are far below).
 */
export function poisson(lambda: number, u: number): number {
  // 1 − 2λ < e^(−λ) = P(0), so a draw below it is 0 without the exponential (nearly every draw here).
  if (lambda <= 0 || u < 1 - 2 * lambda) return 0;
  if (lambda >= 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * probit(u)));
  let k = 0;
  let p = Math.exp(-lambda);
  let cdf = p;
  while (u > cdf && k < 200) {
    k += 1;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}
