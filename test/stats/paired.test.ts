import { describe, expect, it } from 'vitest';
import { probit, uniform } from '../../src/model/rng.js';
import { pairedComparison, welchComparison } from '../../src/stats/paired.js';

describe('paired comparison', () => {
  it('matches a hand computation: d = [1, 2, 0.5, 1, 2], d̄ = 1.3, s_d² = 1.8 / 4, se = 0.3, t(0.975, 4) = 2.7764451', () => {
    const c = pairedComparison([10, 12, 9, 14, 11], [11, 14, 9.5, 15, 13]);
    expect(c.meanA).toBeCloseTo(11.2, 12);
    expect(c.meanB).toBeCloseTo(12.5, 12);
    expect(c.difference.mean).toBeCloseTo(1.3, 12);
    expect(c.difference.sd).toBeCloseTo(Math.sqrt(0.45), 12);
    expect(c.difference.n).toBe(5);
    const half = 2.7764451051977934 * 0.3;
    expect(c.difference.ci95[0]).toBeCloseTo(1.3 - half, 9);
    expect(c.difference.ci95[1]).toBeCloseTo(1.3 + half, 9);
  });

  it('one replicate and zero variance give point intervals', () => {
    expect(pairedComparison([3], [5]).difference).toEqual({ mean: 2, sd: 0, ci95: [2, 2], n: 1 });
    expect(pairedComparison([1, 2, 3], [2, 3, 4]).difference).toEqual({ mean: 1, sd: 0, ci95: [1, 1], n: 3 });
  });

  it('rejects empty or unequal arms', () => {
    expect(() => pairedComparison([], [])).toThrow(/pairedComparison/);
    expect(() => pairedComparison([1, 2], [1])).toThrow(/pairedComparison/);
  });
});

describe('Welch comparison', () => {
  it('matches a hand computation: s² = 1 and 4, se = √(5/3), ν = (5/3)² / ((1/3)²/2 + (4/3)²/2) = 50/17', () => {
    const c = welchComparison([1, 2, 3], [2, 4, 6]);
    expect(c.difference).toBe(2);
    expect(c.se).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(c.df).toBeCloseTo(50 / 17, 12);
    // t(0.975, 50/17) = 3.2187586 (scipy.stats.t.ppf)
    const half = 3.218758614532882 * Math.sqrt(5 / 3);
    expect(c.ci95[0]).toBeCloseTo(2 - half, 8);
    expect(c.ci95[1]).toBeCloseTo(2 + half, 8);
    expect([c.nA, c.nB]).toEqual([3, 3]);
  });

  it('zero variance and single values give point intervals', () => {
    expect(welchComparison([1, 1], [3, 3])).toMatchObject({ difference: 2, se: 0, df: 2, ci95: [2, 2] });
    expect(welchComparison([1], [4])).toMatchObject({ difference: 3, se: 0, df: 0, ci95: [3, 3] });
    // One sample of one value: only the other's variance counts, ν = n_b − 1.
    expect(welchComparison([0], [1, 2, 3]).df).toBeCloseTo(2, 12);
  });

  it('pairing removes a noise term the arms share: the paired interval is narrower', () => {
    const n = 20;
    const shared = Array.from({ length: n }, (_, i) => 5 * probit(uniform(11, i)));
    const a = shared.map((s, i) => 10 + s + 0.2 * probit(uniform(12, i)));
    const b = shared.map((s, i) => 10.5 + s + 0.2 * probit(uniform(13, i)));
    const paired = pairedComparison(a, b).difference.ci95;
    const welch = welchComparison(a, b).ci95;
    expect(paired[1] - paired[0]).toBeLessThan((welch[1] - welch[0]) / 5);
    expect(paired[0]).toBeGreaterThan(0);
    expect(welch[0]).toBeLessThan(0);
  });
});
