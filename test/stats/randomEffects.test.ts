/**
 * The two intervals of src/stats/randomEffects.ts on synthetic data of known variances: x_dr =
 * μ + b_d + e_dr with b_d ~ N(0, σ_b²), e_dr ~ N(0, σ_w²), drawn from the model's seeded uniforms.
 */
import { describe, expect, test } from 'vitest';
import { estimate } from '../../src/experiment/summarize.js';
import { keyFromSeed, streamKey, uniform } from '../../src/model/rng.js';
import { dominantOf, twoIntervals } from '../../src/stats/randomEffects.js';

/** Standard normals by Box–Muller on the model's keyed uniforms: the same numbers on every machine. */
function normals(seed: string): () => number {
  const key = streamKey(keyFromSeed(seed), 0, 1);
  let i = 0;
  return () => {
    const u1 = Math.max(uniform(key, i++), 1e-300);
    const u2 = uniform(key, i++);
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
}

/** K groups of R values: μ + b_d + e_dr. */
function layout(K: number, R: number, sb: number, sw: number, seed: string, mu = 10): number[][] {
  const z = normals(seed);
  return Array.from({ length: K }, () => {
    const b = sb * z();
    return Array.from({ length: R }, () => mu + b + sw * z());
  });
}

const width = (i: readonly [number, number] | null) => (i ? i[1] - i[0] : Number.NaN);

describe('twoIntervals', () => {
  test('recovers the two variances it was given', () => {
    const t = twoIntervals(layout(400, 10, 2, 0.5, 'variances'));
    expect(t.betweenSd!).toBeGreaterThan(1.8);
    expect(t.betweenSd!).toBeLessThan(2.2);
    expect(t.withinSd!).toBeGreaterThan(0.48);
    expect(t.withinSd!).toBeLessThan(0.52);
    expect(t.mean).toBeGreaterThan(9.7);
    expect(t.mean).toBeLessThan(10.3);
  });

  test('the replicate CI shrinks with K·R; the posterior interval does not', () => {
    const sizes = [
      [20, 2],
      [80, 8],
      [320, 32],
    ] as const;
    const runs = sizes.map(([K, R]) => twoIntervals(layout(K, R, 1, 1, `shrink ${K}`)));
    const ci = runs.map((t) => width(t.replicateCI));
    const post = runs.map((t) => width(t.posteriorInterval));
    // 16 times the runs: the replicate CI about 4 times narrower each step.
    expect(ci[0] / ci[1]).toBeGreaterThan(3);
    expect(ci[1] / ci[2]).toBeGreaterThan(3);
    // The posterior interval tends to the spread of μ + b_d + ē_d: 2 × 1.96 × √(σ_b² + σ_w²/R), here between 3.9 and 4.8.
    for (const p of post.slice(1)) {
      expect(p).toBeGreaterThan(3.4);
      expect(p).toBeLessThan(5.4);
    }
    expect(runs.every((t) => t.dominant === 'parameters')).toBe(true);
  });

  test('with no spread between draws, chance dominates', () => {
    const t = twoIntervals(layout(3, 2, 0, 1, 'chance'));
    expect(t.dominant).toBe('replicates');
  });

  test('the replicate CI is the t-interval of the mean from the within-draw mean square (df K(R − 1))', () => {
    const groups = [
      [1, 3],
      [11, 13],
    ];
    const t = twoIntervals(groups);
    expect(t.mean).toBe(7);
    expect(t.withinSd).toBeCloseTo(Math.SQRT2, 12);
    // t(0.975, 2) = 4.302652729911275; √(MSW / KR) = √(2 / 4).
    expect(t.replicateCI![1] - 7).toBeCloseTo(4.302652729911275 * Math.sqrt(0.5), 8);
    expect(t.posteriorInterval).toEqual([2, 12]);
    // MSB = 2 × ((2 − 7)² + (12 − 7)²) / 1 = 100; σ̂_b² = (100 − 2) / 2 = 49.
    expect(t.betweenSd).toBeCloseTo(7, 12);
  });

  test('one group is the plain t-interval over replicates, and has no posterior interval', () => {
    const xs = [3, 5, 4, 9, 1];
    const t = twoIntervals([xs]);
    const e = estimate(xs);
    expect(t.mean).toBeCloseTo(e.mean, 14);
    expect(t.replicateCI![0]).toBeCloseTo(e.ci95[0], 12);
    expect(t.replicateCI![1]).toBeCloseTo(e.ci95[1], 12);
    expect(t.posteriorInterval).toBeNull();
    expect(t.betweenSd).toBeNull();
    expect(t.dominant).toBeNull();
  });

  test('one replicate per draw: no replicate CI, and nothing dominates', () => {
    const t = twoIntervals([[1], [2], [3]]);
    expect(t.replicateCI).toBeNull();
    expect(t.withinSd).toBeNull();
    expect(t.posteriorInterval).toEqual([1, 3]);
    expect(t.dominant).toBeNull();
  });

  test('identical values: exact mean, zero-width intervals, nothing dominates', () => {
    const t = twoIntervals([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(t).toMatchObject({ mean: 1, replicateCI: [1, 1], posteriorInterval: [1, 1], dominant: null, withinSd: 0, betweenSd: 0 });
  });

  test('refuses an empty or ragged layout, naming itself', () => {
    expect(() => twoIntervals([])).toThrow(/^twoIntervals:/);
    expect(() => twoIntervals([[1, 2], [3]])).toThrow(/^twoIntervals:/);
  });

  test('dominantOf: the wider interval', () => {
    expect(dominantOf([0, 1], [0, 2])).toBe('parameters');
    expect(dominantOf([0, 2], [0, 1])).toBe('replicates');
    expect(dominantOf([0, 1], [5, 6])).toBeNull();
    expect(dominantOf(null, [0, 1])).toBeNull();
  });
});
