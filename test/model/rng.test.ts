import { describe, expect, it } from 'vitest';
import { keyFromSeed, mix32, normalCdf, poisson, probit, Purpose, replicateSeed, streamKey, subStream, uniform } from '../../src/model/rng.js';

describe('keyed random streams', () => {
  const key = keyFromSeed('rng-test');

  it('gives the same draw for the same (key, week, purpose, index) and different draws otherwise', () => {
    const a = streamKey(key, 3, 10);
    expect(uniform(a, 7)).toBe(uniform(streamKey(keyFromSeed('rng-test'), 3, 10), 7));
    expect(uniform(a, 7)).not.toBe(uniform(a, 8));
    expect(uniform(a, 7)).not.toBe(uniform(streamKey(key, 4, 10), 7));
    expect(uniform(a, 7)).not.toBe(uniform(streamKey(key, 3, 11), 7));
    expect(uniform(a, 7)).not.toBe(uniform(streamKey(keyFromSeed('other'), 3, 10), 7));
    expect(subStream(a, 0)).not.toBe(subStream(a, 1));
  });

  it('accepts string and integer seeds, and derives distinct replicate seeds', () => {
    expect(keyFromSeed(42)).toEqual(keyFromSeed('42'));
    const seeds = new Set(Array.from({ length: 100 }, (_, r) => replicateSeed(1, r)));
    expect(seeds.size).toBe(100);
    expect(replicateSeed('x', 0)).toMatch(/^\d+$/);
  });

  it('is uniform in (0, 1): moments, deciles and serial independence', () => {
    const k = streamKey(key, 0, 1);
    const n = 200_000;
    const bins = new Array(10).fill(0);
    let sum = 0, sumsq = 0, lag = 0, prev = 0.5, outside = 0;
    for (let i = 0; i < n; i++) {
      const u = uniform(k, i);
      if (!(u > 0 && u < 1)) outside += 1;
      sum += u; sumsq += u * u; lag += (u - 0.5) * (prev - 0.5); prev = u;
      bins[Math.floor(u * 10)] += 1;
    }
    expect(outside).toBe(0);
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sumsq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 3);
    expect(Math.abs(lag / n)).toBeLessThan(0.001);
    const chi2 = bins.reduce((a, b) => a + (b - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.9); // df 9, p = 0.001
  });

  it('keys every purpose once, and never renumbers one: a new mechanism takes a new number', () => {
    expect(Purpose).toEqual({
      fit: 1, skill: 2, integrity: 3, careerConcern: 4, tokenScale: 5, belief: 6, initialStrategy: 7, busywork: 8,
      managerAttention: 9, revise: 10, imitate: 11, peer: 12, peerCopy: 13, choice: 14, tokenNoise: 15, audit: 16,
      detect: 17, incidents: 18, severity: 19, mention: 20, reviewNoise: 21, managerLeak: 22, reviewDate: 23, reviewReading: 24,
    });
    expect(new Set(Object.values(Purpose)).size).toBe(Object.keys(Purpose).length);
  });

  it('normalCdf inverts probit and is symmetric', () => {
    for (const p of [0.001, 0.02, 0.2, 0.5, 0.8, 0.975, 0.999]) expect(normalCdf(probit(p))).toBeCloseTo(p, 6);
    expect(normalCdf(1.3) + normalCdf(-1.3)).toBeCloseTo(1, 12);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
  });

  it('mixes every input bit', () => {
    let flips = 0;
    for (let bit = 0; bit < 32; bit++) flips += popcount(mix32(12345) ^ mix32(12345 ^ (1 << bit)));
    expect(flips / 32).toBeGreaterThan(14);
    expect(flips / 32).toBeLessThan(18);
  });

  it('turns uniforms into standard normals (probit) and Poisson counts', () => {
    expect(probit(0.5)).toBeCloseTo(0, 9);
    expect(probit(0.975)).toBeCloseTo(1.959964, 5);
    expect(probit(0.001)).toBeCloseTo(-3.090232, 5);
    const k = streamKey(key, 1, 2);
    for (const lambda of [0.01, 0.7, 4, 50]) {
      let sum = 0;
      const n = 50_000;
      for (let i = 0; i < n; i++) sum += poisson(lambda, uniform(k, i));
      expect(sum / n).toBeCloseTo(lambda, lambda < 1 ? 2 : 0);
    }
    expect(poisson(0, 0.9)).toBe(0);
  });
});

function popcount(x: number): number {
  let c = 0;
  for (let v = x >>> 0; v; v >>>= 1) c += v & 1;
  return c;
}
