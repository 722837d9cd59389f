import { beforeAll, describe, expect, it } from 'vitest';
import { abc, distance, posteriorJson, posteriorOf, posteriorSummary, targetProblems, type AbcOptions, type AbcResult, type AbcState, type ParameterSummary, type Prior, type Simulator } from '../../src/calibrate/index.js';
import { uniform } from '../../src/model/rng.js';
import { OBSERVED, SE, toyMean, toyPrior, toySimulator, toyTargets, truncatedNormal } from './toy.js';

/** The toy calibrated with SMC-ABC, and its posterior file's text. */
async function toyRun(options: Partial<AbcOptions> = {}, simulate: Simulator = toySimulator): Promise<string> {
  return posteriorJson(posteriorOf(await abc(toyPrior, toyTargets, simulate, { seed: 'toy', particles: 150, maxGenerations: 5, ...options })));
}

/** The toy simulator, each point resolved on its own timer in a scrambled order, the batch cut in pieces. */
const scrambledSimulator: Simulator = (points, g, ids) =>
  Promise.all(
    points.map(
      (p, k) =>
        new Promise<Float64Array>((resolve) => {
          const delay = Math.floor(uniform(0x5eed + g, ids[k]) * 4);
          setTimeout(() => resolve(Float64Array.of(toyMean(p[0], g, ids[k]))), delay);
        }),
    ),
  );

describe('SMC-ABC on a toy with a known posterior', () => {
  let result: AbcResult;
  let mu: ParameterSummary;
  const exact = truncatedNormal(OBSERVED, SE, toyPrior[0].lo, toyPrior[0].hi);
  beforeAll(async () => {
    result = await abc(toyPrior, toyTargets, toySimulator, { seed: 1, particles: 500 });
    [mu] = posteriorSummary(posteriorOf(result));
  });

  it('recovers the truncated normal posterior: mean within 0.03 (0.17 sd), sd within 10%', () => {
    // Monte Carlo error of the mean with ~450 effective particles is ≈ 0.009.
    expect(Math.abs(mu.mean - exact.mean)).toBeLessThan(0.03);
    expect(Math.abs(mu.sd / exact.sd - 1)).toBeLessThan(0.1);
    // The prior sd (5/√12 ≈ 1.44) and a non-truncated posterior (mean 0.3) are both ruled out.
    expect(mu.mean).toBeGreaterThan(OBSERVED);
  });

  it('decreases the tolerance every generation and stops at the acceptance floor', () => {
    const tolerances = result.generations.map((g) => g.tolerance);
    expect(tolerances.length).toBeGreaterThanOrEqual(5);
    for (let g = 1; g < tolerances.length; g++) expect(tolerances[g]).toBeLessThan(tolerances[g - 1]);
    expect(result.stopped).toBe('acceptance');
    expect(result.abandoned!.acceptance).toBeLessThan(0.02);
    for (const g of result.generations) expect(g.acceptance).toBeCloseTo(g.accepted / g.proposed, 12);
  });

  it('returns normalised weights, and distances within the last tolerance', () => {
    const last = result.generations[result.generations.length - 1];
    expect(result.particles).toHaveLength(500);
    expect(result.particles.reduce((s, p) => s + p.weight, 0)).toBeCloseTo(1, 12);
    for (const p of result.particles) expect(p.distance).toBeLessThanOrEqual(last.tolerance);
    expect(result.particles.some((p) => p.weight !== result.particles[0].weight)).toBe(true);
  });

  it('plain rejection ABC agrees with SMC', async () => {
    const rejection = await abc(toyPrior, toyTargets, toySimulator, { seed: 1, particles: 500, method: 'rejection' });
    const [r] = posteriorSummary(posteriorOf(rejection));
    expect(rejection.generations).toHaveLength(1);
    expect(rejection.generations[0]).toMatchObject({ proposed: 50_000, accepted: 500, acceptance: 0.01 });
    expect(rejection.stopped).toBe('rejection');
    expect(Math.abs(r.mean - mu.mean)).toBeLessThan(0.04);
    expect(Math.abs(r.sd / mu.sd - 1)).toBeLessThan(0.15);
    expect(Math.abs(r.mean - exact.mean)).toBeLessThan(0.03);
  });
});

describe('determinism', () => {
  it('the same seed gives the same bytes; another seed does not', async () => {
    const a = await toyRun();
    expect(await toyRun()).toBe(a);
    expect(await toyRun({ seed: 'other' })).not.toBe(a);
  });

  it('gives the same bytes whatever the batch size and the order the promises resolve in', async () => {
    const reference = await toyRun();
    for (const batch of [1, 7, 64]) expect(await toyRun({ batch })).toBe(reference);
    expect(await toyRun({ batch: 13 }, scrambledSimulator)).toBe(reference);
    expect(await toyRun({}, scrambledSimulator)).toBe(reference);
  });

  it('resuming from any generation gives the bytes of an uninterrupted run', async () => {
    const states: string[] = [];
    const full = await toyRun({ onGeneration: (s) => void states.push(JSON.stringify(s)) });
    expect(states).toHaveLength(5);
    for (const k of [0, 2, 4]) {
      const resumedStates: number[] = [];
      const resumed = await toyRun({ resumeFrom: JSON.parse(states[k]) as AbcState, batch: 5, onGeneration: (s) => void resumedStates.push(s.generations.length) });
      expect(resumed).toBe(full);
      expect(resumedStates).toEqual(Array.from({ length: 4 - k }, (_, i) => k + 2 + i));
    }
  });

  it('refuses a state from another calibration', async () => {
    let state: AbcState | undefined;
    await toyRun({ maxGenerations: 1, onGeneration: (s) => void (state = s) });
    await expect(toyRun({ seed: 'other', resumeFrom: state })).rejects.toThrow(/differs in seed/);
    await expect(toyRun({ quantile: 0.4, resumeFrom: state })).rejects.toThrow(/differs in settings/);
  });
});

describe('the prior support', () => {
  it('no proposal leaves the support, even with the posterior against a bound', async () => {
    const prior: Prior = [
      { path: 'mu', lo: 0, hi: 5, scale: 'linear' },
      { path: 'rate', lo: 1e-6, hi: 1e-3, scale: 'log' },
    ];
    const seen: Float64Array[] = [];
    const simulate: Simulator = async (points, g, ids) => {
      seen.push(...points);
      return points.map((p, k) => Float64Array.of(toyMean(p[0], g, ids[k]), Math.log10(p[1])));
    };
    const targets = [
      { name: 'mean', observed: -0.1, scale: SE },
      { name: 'log10rate', observed: -5.9, scale: 0.2 },
    ];
    const result = await abc(prior, targets, simulate, { seed: 3, particles: 200, maxGenerations: 5 });
    expect(seen.every((p) => p[0] >= 0 && p[0] <= 5 && p[1] >= 1e-6 && p[1] <= 1e-3)).toBe(true);
    // The kernel did step out, and those steps were drawn again rather than simulated.
    expect(result.generations.slice(1).every((g) => g.outsideSupport > 0)).toBe(true);
    const [, rate] = posteriorSummary(posteriorOf(result));
    // The prior's median is 3.2e-5; the data put the rate within half a decade of its floor.
    expect(rate.quantiles[2]).toBeLessThan(5e-6);
  });
});

describe('non-finite summaries', () => {
  it('are counted and excluded, not a crash', async () => {
    let firstGeneration: Float64Array[] = [];
    const simulate: Simulator = async (points, g, ids) => {
      if (g === 0) firstGeneration = firstGeneration.concat(points);
      return points.map((p, k) => Float64Array.of(p[0] > 2.5 ? NaN : p[0] > 2 ? Infinity : toyMean(p[0], g, ids[k])));
    };
    const result = await abc(toyPrior, toyTargets, simulate, { seed: 4, particles: 200, maxGenerations: 3 });
    const bad = firstGeneration.filter((p) => p[0] > 2).length;
    expect(bad).toBeGreaterThan(100);
    expect(result.generations[0].nonFinite).toBe(bad);
    expect(result.particles.every((p) => p.values[0] <= 2 && Number.isFinite(p.distance))).toBe(true);
  });

  it('a simulator that answers with the wrong shape is a programming error, thrown', async () => {
    await expect(abc(toyPrior, toyTargets, async (points) => points.slice(1).map(() => Float64Array.of(0)), { seed: 1, particles: 10 })).rejects.toThrow(/returned \d+ summaries for \d+ points/);
    await expect(abc(toyPrior, toyTargets, async (points) => points.map(() => Float64Array.of(0, 1)), { seed: 1, particles: 10 })).rejects.toThrow(/expected 1, one per target/);
  });
});

describe('distance and targets', () => {
  it('is Euclidean in units of each target scale', () => {
    const targets = [
      { name: 'a', observed: 1, scale: 0.1 },
      { name: 'b', observed: 40, scale: 5 },
    ];
    expect(distance([1.2, 30], targets)).toBeCloseTo(Math.sqrt(8), 12);
    expect(distance([NaN, 30], targets)).toBeNaN();
  });

  it('lists every target problem', () => {
    expect(targetProblems([{ name: 'a', observed: 1, scale: 0 }, { name: 'a', observed: null, scale: 1 }, { observed: 1, scale: 1 }])).toEqual([
      'a: scale 0 is not allowed; expected a finite number > 0',
      'a is given twice; expected each target once',
      'a: observed null is not allowed; expected a finite number',
      "targets[2].name is not a non-empty string; expected a summary statistic's name",
    ]);
    expect(targetProblems([])).toHaveLength(1);
  });

  it('reports progress batch by batch', async () => {
    const progress: string[] = [];
    await toyRun({ maxGenerations: 2, batch: 100, onProgress: (p) => void progress.push(`${p.generation}:${p.accepted}/${p.proposed}`) });
    expect(progress.slice(0, 4)).toEqual(['0:0/100', '0:0/200', '0:0/300', '0:150/300']);
    expect(progress[progress.length - 1]).toMatch(/^1:150\/\d+$/);
  });
});
