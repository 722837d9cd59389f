import { describe, expect, it } from 'vitest';
import { LogRanker, linearQuantile } from '../../src/model/percentile.js';
import { keyFromSeed, probit, streamKey, uniform } from '../../src/model/rng.js';

function lognormalSample(n: number, zeros: number): Float64Array {
  const k = streamKey(keyFromSeed('pct'), 0, 1);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = i < zeros ? 0 : 3.2e7 * Math.exp(1.5 * probit(uniform(k, i)));
  return v;
}

describe('LogRanker', () => {
  const n = 20_000;
  const values = lognormalSample(n, 5_000);
  const sorted = [...values].sort((a, b) => a - b);
  const ranker = new LogRanker();
  ranker.rebuild(values, n);

  it('gives mid-ranks within a tenth of a percentile point of the exact ones', () => {
    for (const i of [5_000, 6_000, 10_000, 15_000, 19_000, 19_990]) {
      const v = sorted[i];
      const exact = (sorted.filter((x) => x < v).length + 0.5 * sorted.filter((x) => x === v).length) / n;
      expect(Math.abs(ranker.rank(v) - exact)).toBeLessThan(0.001);
    }
    expect(ranker.rank(0)).toBeCloseTo(0.125, 9); // half of the 25% zeros
    expect(ranker.rank(sorted[n - 1] * 2)).toBe(1);
  });

  it('answers quantiles and a Gini close to the exact ones', () => {
    const q90 = sorted[Math.floor(0.9 * n)];
    expect(ranker.quantile(0.9) / q90).toBeCloseTo(1, 2);
    let cum = 0, weighted = 0;
    const total = sorted.reduce((a, b) => a + b, 0);
    sorted.forEach((x, i) => { cum += x; weighted += (i + 1) * x; });
    const exactGini = (2 * weighted) / (n * total) - (n + 1) / n;
    expect(ranker.gini()).toBeCloseTo(exactGini, 2);
    expect(cum).toBeGreaterThan(0);
  });

  it('handles all-zero and constant inputs', () => {
    const r = new LogRanker();
    r.rebuild(new Float64Array(10), 10);
    expect(r.rank(0)).toBe(0.5);
    expect(r.gini()).toBe(0);
    r.rebuild(new Float64Array(10).fill(3), 10);
    expect(r.rank(3)).toBeCloseTo(0.5, 9);
    expect(r.quantile(0.5)).toBeCloseTo(3, 9);
  });

  it('linearQuantile matches the sorted quantile', () => {
    const xs = Float64Array.from({ length: 10_001 }, (_, i) => Math.sin(i) * 3);
    const s = [...xs].sort((a, b) => a - b);
    expect(linearQuantile(xs, xs.length, 0.8)).toBeCloseTo(s[8000], 2);
  });
});

describe('LogRanker.lorenz', () => {
  it('matches the exact Lorenz curve of a heavy-tailed sample with zeros', () => {
    const n = 20_000;
    const values = lognormalSample(n, 5_000);
    const sorted = [...values].sort((a, b) => a - b);
    const total = sorted.reduce((a, b) => a + b, 0);
    const ranker = new LogRanker();
    ranker.rebuild(values, n);
    const grid = [0, 0.25, 0.5, 0.9, 0.99, 1];
    const curve = ranker.lorenz(grid);
    grid.forEach((q, k) => {
      const exact = sorted.slice(0, Math.round(q * n)).reduce((a, b) => a + b, 0) / total;
      expect(Math.abs(curve[k] - exact)).toBeLessThan(0.005);
    });
  });
});
