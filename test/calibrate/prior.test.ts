import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calibrationKey,
  fromUnit,
  inSupport,
  logPriorDensity,
  pointFromUnit,
  priorDensity,
  priorDraw,
  priorProblems,
  toUnit,
  unitFromPoint,
  type Prior,
  type PriorParameter,
} from '../../src/calibrate/prior.js';

const rate: PriorParameter = { path: 'audits.rate', lo: 1e-6, hi: 1e-3, scale: 'log' };
const share: PriorParameter = { path: 'mandate.targetShare', lo: 0.2, hi: 0.9, scale: 'linear' };

describe('prior validation', () => {
  it('accepts a valid prior', () => {
    expect(priorProblems([rate, share])).toEqual([]);
  });

  it('lists every problem at once, each naming the parameter', () => {
    const problems = priorProblems([
      { path: 'a', lo: 0, hi: 1e-3, scale: 'log' },
      { path: 'b', lo: 2, hi: 1, scale: 'linear' },
      { path: 'c', lo: 'x', hi: Infinity, scale: 'cubic' },
      { path: 'a', lo: 1, hi: 2, scale: 'linear' },
      { lo: 0, hi: 1, scale: 'linear' },
      7,
    ]);
    expect(problems).toHaveLength(8);
    expect(problems).toEqual([
      expect.stringMatching(/^a: a log-scale prior needs lo > 0 \(got 0\)/),
      expect.stringMatching(/^b: the range runs from 2 to 1; expected lo < hi/),
      expect.stringMatching(/^c: lo "x" is not allowed; expected a finite number/),
      expect.stringMatching(/^c: hi Infinity is not allowed/),
      expect.stringMatching(/^c: scale "cubic" is not allowed; expected "linear" or "log"/),
      expect.stringMatching(/^a is given twice/),
      expect.stringMatching(/^prior\[4\]\.path is not a non-empty string/),
      expect.stringMatching(/^prior\[5\] is not an object/),
    ]);
  });

  it('never throws on input that is not a list', () => {
    for (const input of [undefined, null, 'prior', {}, []]) expect(priorProblems(input)).toHaveLength(1);
  });
});

describe('unit cube', () => {
  it('maps a log-scale range by decades and a linear one by distance', () => {
    expect(toUnit(rate, 1e-5)).toBeCloseTo(1 / 3, 12);
    expect(toUnit(rate, 1e-4)).toBeCloseTo(2 / 3, 12);
    expect(fromUnit(rate, 2 / 3)).toBeCloseTo(1e-4, 15);
    expect(toUnit(share, 0.55)).toBeCloseTo(0.5, 12);
    expect(fromUnit(share, 0)).toBe(0.2);
    expect(fromUnit(rate, 1)).toBe(1e-3);
  });

  it('round-trips and stays within the support', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        const x = pointFromUnit([rate, share], [a, b]);
        expect(inSupport([rate, share], x)).toBe(true);
        const u = unitFromPoint([rate, share], x);
        expect(u[0]).toBeCloseTo(a, 9);
        expect(u[1]).toBeCloseTo(b, 9);
      }),
    );
  });
});

describe('prior density', () => {
  it('integrates to 1 on either scale and is 0 outside the support', () => {
    for (const p of [rate, share]) {
      // Midpoint rule in unit coordinates: ∫ π(x) dx = ∫ π(x(u)) x'(u) du.
      const n = 20000;
      let integral = 0;
      for (let i = 0; i < n; i++) {
        const u = (i + 0.5) / n;
        const h = 1e-7;
        const dx = (fromUnit(p, Math.min(1, u + h)) - fromUnit(p, Math.max(0, u - h))) / (2 * h);
        integral += (priorDensity([p], [fromUnit(p, u)]) * dx) / n;
      }
      expect(integral).toBeCloseTo(1, 3);
    }
    expect(priorDensity([share], [0.1])).toBe(0);
    expect(logPriorDensity([rate, share], [2e-3, 0.5])).toBe(-Infinity);
    expect(logPriorDensity([share], [0.5])).toBeCloseTo(-Math.log(0.7), 12);
  });
});

describe('keyed draws from the prior', () => {
  const prior: Prior = [rate, share];
  const key = calibrationKey('prior-test');
  const draws = Array.from({ length: 6000 }, (_, i) => pointFromUnit(prior, priorDraw(2, key, 0, i)));

  it('a log-scale prior samples uniformly in log space: a third of the draws in each decade', () => {
    const decade = (x: number) => Math.floor(Math.log10(x) + 6);
    const counts = [0, 0, 0];
    for (const x of draws) counts[decade(x[0])]++;
    // A linear prior on [1e-6, 1e-3] would put ~0.1% and ~9% in the first two decades.
    for (const c of counts) expect(c / draws.length).toBeGreaterThan(0.3);
    for (const c of counts) expect(c / draws.length).toBeLessThan(0.37);
    expect(draws.every((x) => inSupport(prior, x))).toBe(true);
  });

  it('a linear prior samples uniformly in x', () => {
    const below = draws.filter((x) => x[1] < 0.2 + 0.7 / 4).length / draws.length;
    expect(below).toBeGreaterThan(0.22);
    expect(below).toBeLessThan(0.28);
  });

  it('each draw is a pure function of (seed, generation, particle, dimension)', () => {
    expect([...priorDraw(2, key, 0, 17)]).toEqual([...priorDraw(2, calibrationKey('prior-test'), 0, 17)]);
    // A third dimension leaves the first two as they were.
    expect([...priorDraw(3, key, 0, 17)].slice(0, 2)).toEqual([...priorDraw(2, key, 0, 17)]);
    expect(priorDraw(2, key, 1, 17)[0]).not.toBe(priorDraw(2, key, 0, 17)[0]);
    expect(priorDraw(2, key, 0, 18)[0]).not.toBe(priorDraw(2, key, 0, 17)[0]);
    expect(priorDraw(2, calibrationKey('other'), 0, 17)[0]).not.toBe(priorDraw(2, key, 0, 17)[0]);
  });
});
