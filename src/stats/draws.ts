/**
 * Seeded draws for designs and resampling, on the model's counter-based hash (src/model/rng.ts):
 * every draw is a pure function of (seed, block, purpose, index), so a design or a bootstrap
 * interval is the same on every machine and does not depend on the order in which it is built.
 * The purposes here start at 100, clear of the model's own.
 */
import { keyFromSeed, streamKey, uniform, type RandomKey } from '../model/rng.js';

/** What a statistics draw is for. Part of the reproducibility contract: never renumber. */
export const StatsPurpose = {
  lhsPermutation: 101,
  lhsOffset: 102,
  morrisStart: 103,
  morrisDirection: 104,
  morrisOrder: 105,
  bootstrap: 106,
} as const;

/** The random key of a seed, as the model derives it. */
export function statsKey(seed: string | number): RandomKey {
  return keyFromSeed(seed);
}

/** The stream of draws for one block (a parameter, a trajectory, a resample) and purpose. */
export function statsStream(key: RandomKey, block: number, purpose: number): number {
  return streamKey(key, block, purpose);
}

/** The `index`-th integer in [0, n) of a stream (n ≤ 2^32; bias below 2^−32 · n). */
export function drawIndex(stream: number, index: number, n: number): number {
  return Math.min(n - 1, Math.floor(uniform(stream, index) * n));
}

/** A uniformly random permutation of 0..n−1 (Fisher–Yates, draws `0..n−2` of the stream). */
export function permutation(stream: number, n: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = drawIndex(stream, n - 1 - i, i + 1);
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}
