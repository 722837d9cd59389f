import { describe, expect, it } from 'vitest';
import { morris, saltelli, type Parameter } from '../../src/stats/designs.js';
import { elementaryEffects, morrisIndices, sobolIndices } from '../../src/stats/sensitivity.js';
import { percentileInterval } from '../../src/stats/bootstrap.js';

const PI = Math.PI;

/** Ishigami & Homma (1990): y = sin x1 + a sin² x2 + b x3⁴ sin x1 on [−π, π]³. */
function ishigami([x1, x2, x3]: readonly number[], a = 7, b = 0.1): number {
  return Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1);
}

/** Analytic first and total indices of the Ishigami function (derived e.g. in Marrel et al. 2009, Reliab. Eng. Syst. Saf. 94:742–751). */
function ishigamiIndices(a = 7, b = 0.1): { s1: number[]; st: number[] } {
  const v1 = 0.5 * (1 + (b * PI ** 4) / 5) ** 2;
  const v2 = a ** 2 / 8;
  const v13 = (b ** 2 * PI ** 8 * 8) / 225; // b²π⁸/18 − b²π⁸/50
  const v = v1 + v2 + v13;
  return { s1: [v1 / v, v2 / v, 0], st: [(v1 + v13) / v, v2 / v, v13 / v] };
}

const cube: Parameter[] = ['x1', 'x2', 'x3'].map((path) => ({ path, lo: -PI, hi: PI }));

describe('Sobol indices', () => {
  const design = saltelli(cube, 1024);
  const outputs = design.points.map((x) => ishigami(x));
  const indices = sobolIndices(design, outputs, { seed: 'ishigami' });

  it('the analytic values are the published ones', () => {
    const { s1, st } = ishigamiIndices();
    expect(s1[0]).toBeCloseTo(0.3139, 4);
    expect(s1[1]).toBeCloseTo(0.4424, 4);
    expect(st[0]).toBeCloseTo(0.5576, 4);
    expect(st[2]).toBeCloseTo(0.2437, 4);
  });

  it('Ishigami (N = 1024): the analytic S_i and S_Ti lie in the 95% bootstrap intervals, which are narrow', () => {
    const { s1, st } = ishigamiIndices();
    indices.forEach((index, i) => {
      expect(index.s1Ci[0]).toBeLessThanOrEqual(s1[i]);
      expect(index.s1Ci[1]).toBeGreaterThanOrEqual(s1[i]);
      expect(index.stCi[0]).toBeLessThanOrEqual(st[i]);
      expect(index.stCi[1]).toBeGreaterThanOrEqual(st[i]);
      expect(index.s1Ci[1] - index.s1Ci[0]).toBeLessThan(0.15);
      expect(index.stCi[1] - index.stCi[0]).toBeLessThan(0.2);
      // The quasi-random estimate is closer than the bootstrap (which treats base rows as random) says.
      expect(Math.abs(index.s1 - s1[i])).toBeLessThan(0.03);
      expect(Math.abs(index.st - st[i])).toBeLessThan(0.01);
    });
    expect(indices.map((i) => i.path)).toEqual(['x1', 'x2', 'x3']);
    // x1's indices carry the heavy-tailed x3⁴ sin x1 term and have the widest intervals; the other totals are tighter.
    expect(indices[1].stCi[1] - indices[1].stCi[0]).toBeLessThan(0.1);
    expect(indices[2].stCi[1] - indices[2].stCi[0]).toBeLessThan(0.1);
  });

  it('the SALib half-width is close to half the percentile interval', () => {
    for (const index of indices) {
      expect(index.stConf).toBeGreaterThan(0.35 * (index.stCi[1] - index.stCi[0]));
      expect(index.stConf).toBeLessThan(0.65 * (index.stCi[1] - index.stCi[0]));
    }
  });

  it('same seed, same intervals; another seed, other intervals', () => {
    expect(sobolIndices(design, outputs, { seed: 'ishigami' })).toEqual(indices);
    const other = sobolIndices(design, outputs, { seed: 'other' });
    expect(other.map((i) => i.s1)).toEqual(indices.map((i) => i.s1));
    expect(other.map((i) => i.s1Ci)).not.toEqual(indices.map((i) => i.s1Ci));
  });

  it("agrees with SALib's sobol.analyze and morris.analyze on the same runs", () => {
    // SALib (source at commit 1c375488e1c8) on the files salib.ts writes for these designs:
    // sobol.analyze(problem, Y, calc_second_order=False) and morris.analyze(problem, X, Y, num_levels=4).
    const named: Parameter[] = ['policy.mandate.x1', 'leaderboard.weight', 'x3'].map((path) => ({ path, lo: -PI, hi: PI }));
    const small = saltelli(named, 64);
    const sobol = sobolIndices(small, small.points.map((x) => ishigami(x)), { seed: 1, resamples: 10 });
    const salibS1 = [0.33282486211465456, 0.3625565440736223, 0.031624113596327066];
    const salibST = [0.6173886067211047, 0.4439066230292659, 0.28989226392557155];
    sobol.forEach((index, i) => {
      expect(index.s1).toBeCloseTo(salibS1[i], 12);
      expect(index.st).toBeCloseTo(salibST[i], 12);
    });
    const m = morris(named, 10, 'm', 4);
    const screening = morrisIndices(m, m.points.map((x) => ishigami(x)), { seed: 1, resamples: 10 });
    const salib = { mu: [6.454294890926481, 3.149999999999997, 0], muStar: [6.454294890926481, 7.875, 4.999036882666495], sigma: [6.453728864547991, 7.607972791749455, 8.33172813777749] };
    screening.forEach((index, i) => {
      expect(index.mu).toBeCloseTo(salib.mu[i], 12);
      expect(index.muStar).toBeCloseTo(salib.muStar[i], 12);
      expect(index.sigma).toBeCloseTo(salib.sigma[i], 12);
    });
  });

  it('a constant output has indices 0; a wrong number of outputs is refused', () => {
    const small = saltelli(cube, 16);
    const flat = sobolIndices(small, small.points.map(() => 3), { seed: 1, resamples: 10 });
    expect(flat.map((i) => [i.s1, i.st, i.s1Ci[1]])).toEqual([[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    expect(() => sobolIndices(small, [1, 2, 3], { seed: 1 })).toThrow(/^sobolIndices: /);
  });
});

describe('Morris measures', () => {
  const params: Parameter[] = [
    { path: 'a', lo: 0, hi: 1 },
    { path: 'b', lo: -2, hi: 3 },
    { path: 'c', lo: 10, hi: 10.5 },
    { path: 'd', lo: 0, hi: 4 },
  ];
  const c = [2, -3, 10, 0];

  it('on y = Σ c_i x_i, every effect is c_i (hi − lo): μ = c_i·range, μ* = |c_i|·range, σ = 0', () => {
    const design = morris(params, 20, 'linear');
    const outputs = design.points.map((x) => x.reduce((s, xi, i) => s + c[i] * xi, 0));
    const indices = morrisIndices(design, outputs, { seed: 1 });
    indices.forEach((index, i) => {
      const range = params[i].hi - params[i].lo;
      expect(index.mu).toBeCloseTo(c[i] * range, 9);
      expect(index.muStar).toBeCloseTo(Math.abs(c[i]) * range, 9);
      expect(index.sigma).toBeCloseTo(0, 9);
      expect(index.muStarCi[0]).toBeCloseTo(index.muStar, 9);
      expect(index.muStarCi[1]).toBeCloseTo(index.muStar, 9);
    });
  });

  it('on Ishigami: μ* ranks x1 and x2 above x3 with x3 interacting (σ > 0), intervals seeded', () => {
    const design = morris(cube, 50, 'ishigami', 4);
    const outputs = design.points.map((x) => ishigami(x));
    const indices = morrisIndices(design, outputs, { seed: 'boot' });
    for (const index of indices) {
      expect(index.muStarCi[0]).toBeLessThanOrEqual(index.muStar);
      expect(index.muStarCi[1]).toBeGreaterThanOrEqual(index.muStar);
      expect(index.muStarCi[1]).toBeGreaterThan(index.muStarCi[0]);
    }
    expect(indices[2].sigma).toBeGreaterThan(0);
    expect(morrisIndices(design, outputs, { seed: 'boot' })).toEqual(indices);
    expect(morrisIndices(design, outputs, { seed: 'other' }).map((i) => i.muStarCi)).not.toEqual(indices.map((i) => i.muStarCi));
  });

  it('elementary effects divide by the signed step', () => {
    const design = morris([{ path: 'x', lo: 0, hi: 1 }], 30, 7);
    const effects = elementaryEffects(design, design.points.map(([x]) => 5 * x));
    for (const e of effects[0]) expect(e).toBeCloseTo(5, 12);
    expect(() => elementaryEffects(design, [1])).toThrow(/^elementaryEffects: /);
  });
});

describe('percentile intervals', () => {
  it('interpolate linearly between order statistics (NumPy default)', () => {
    expect(percentileInterval([5, 1, 4, 2, 3], 0.5)).toEqual([2, 4]);
    expect(percentileInterval([4, 3, 2, 1], 0.5)).toEqual([1.75, 3.25]);
    expect(() => percentileInterval([1], 1)).toThrow(/^percentileInterval: /);
  });
});
