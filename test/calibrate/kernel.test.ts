import { describe, expect, it } from 'vitest';
import { importanceWeights, perturbationKernel, propose, type Population } from '../../src/calibrate/kernel.js';
import { calibrationKey } from '../../src/calibrate/prior.js';

/** Three particles in two correlated dimensions, weights 0.5, 0.25, 0.25. */
const population: Population = {
  unit: [Float64Array.of(0.4, 0.5), Float64Array.of(0.5, 0.6), Float64Array.of(0.6, 0.6)],
  weights: Float64Array.of(0.5, 0.25, 0.25),
  distances: Float64Array.of(1, 2, 3),
};

/** L Lᵀ of a row-major d × d lower factor. */
function product(L: Float64Array, d: number): number[] {
  return Array.from({ length: d * d }, (_, rc) => {
    const [r, c] = [Math.floor(rc / d), rc % d];
    let s = 0;
    for (let m = 0; m < d; m++) s += L[r * d + m] * L[c * d + m];
    return s;
  });
}

describe('perturbation kernel', () => {
  // Weighted mean (0.475, 0.55); covariance [[0.006875, 0.00375], [0.00375, 0.0025]] by hand.
  it('has twice the weighted covariance (full) or its diagonal (diagonal)', () => {
    const full = product(perturbationKernel(population, 'full').chol, 2);
    [0.01375, 0.0075, 0.0075, 0.005].forEach((v, i) => expect(full[i]).toBeCloseTo(v, 10));
    const diagonal = product(perturbationKernel(population, 'diagonal').chol, 2);
    [0.01375, 0, 0, 0.005].forEach((v, i) => expect(diagonal[i]).toBeCloseTo(v, 10));
  });

  it('keeps a collapsed population positive definite', () => {
    const collapsed = { ...population, unit: population.unit.map(() => Float64Array.of(0.5, 0.5)) };
    const L = perturbationKernel(collapsed, 'full').chol;
    expect([...L].every(Number.isFinite)).toBe(true);
    expect(L[0]).toBeGreaterThan(0);
    expect(L[3]).toBeGreaterThan(0);
  });

  it('weighs w_i ∝ 1 / Σ_j w_j K(u_i | u_j), normalised', () => {
    const kernel = perturbationKernel(population, 'diagonal');
    const candidates = [Float64Array.of(0.45, 0.55), Float64Array.of(0.9, 0.1)];
    const sd = [Math.sqrt(0.01375), Math.sqrt(0.005)];
    const mixture = (u: Float64Array) =>
      population.unit.reduce((s, v, j) => s + population.weights[j] * Math.exp(-0.5 * (((u[0] - v[0]) / sd[0]) ** 2 + ((u[1] - v[1]) / sd[1]) ** 2)), 0);
    const raw = candidates.map((u) => 1 / mixture(u));
    const w = importanceWeights(candidates, kernel);
    expect(w[0]).toBeCloseTo(raw[0] / (raw[0] + raw[1]), 12);
    expect(w[1]).toBeCloseTo(raw[1] / (raw[0] + raw[1]), 12);
  });

  it('proposes inside the unit cube, the same point for the same (seed, generation, proposal)', () => {
    const kernel = perturbationKernel({ ...population, unit: [Float64Array.of(0.001, 0.999), Float64Array.of(0.3, 0.9), Float64Array.of(0.2, 0.7)] }, 'full');
    const key = calibrationKey('kernel');
    let redraws = 0;
    for (let i = 0; i < 500; i++) {
      const p = propose(kernel, key, 1, i);
      redraws += p.redraws;
      expect(p.unit!.every((x) => x >= 0 && x <= 1)).toBe(true);
    }
    expect(redraws).toBeGreaterThan(0);
    expect([...propose(kernel, key, 1, 42).unit!]).toEqual([...propose(kernel, calibrationKey('kernel'), 1, 42).unit!]);
    expect(propose(kernel, key, 2, 42).unit![0]).not.toBe(propose(kernel, key, 1, 42).unit![0]);
  });
});
