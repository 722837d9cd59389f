import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  abc,
  checkPosteriorText,
  drawParticles,
  effectiveSampleSize,
  loadPosterior,
  parsePosteriorText,
  posteriorJson,
  posteriorOf,
  posteriorSummary,
  weightedQuantile,
  type Posterior,
} from '../../src/calibrate/index.js';
import { formatProblem, InputError } from '../../src/scenarios/problems.js';
import { toyPrior, toySimulator, toyTargets } from './toy.js';

/** A small posterior by hand: four particles of one parameter, weights 0.1, 0.2, 0.3, 0.4. */
const handMade: Posterior = {
  format: 'tokenmaxx-posterior',
  version: 1,
  seed: 'hand',
  method: 'smc',
  prior: [{ path: 'mu', lo: 0, hi: 10, scale: 'linear' }],
  targets: [{ name: 'mean', observed: 2, scale: 0.5 }],
  generations: [{ tolerance: 1, acceptance: 0.5, proposed: 8 }],
  particles: [1, 2, 3, 4].map((x) => ({ values: { mu: x }, weight: x / 10, distance: 0.1 * x })),
};

describe('the posterior file', () => {
  let text: string;
  beforeAll(async () => {
    text = posteriorJson(posteriorOf(await abc(toyPrior, toyTargets, toySimulator, { seed: 'file', particles: 50, maxGenerations: 3 })));
  });

  it('writes the fields in the documented order, one particle value per prior path', () => {
    const doc = JSON.parse(text) as Posterior;
    expect(Object.keys(doc)).toEqual(['format', 'version', 'seed', 'method', 'prior', 'targets', 'generations', 'particles']);
    expect(Object.keys(doc.generations[0])).toEqual(['tolerance', 'acceptance', 'proposed']);
    expect(Object.keys(doc.particles[0])).toEqual(['values', 'weight', 'distance']);
    expect(Object.keys(doc.particles[0].values)).toEqual(['mu']);
    expect(doc.generations).toHaveLength(3);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('round-trips: read back, it is the same posterior, and writes the same bytes', () => {
    const read = parsePosteriorText(text, 'posterior.json');
    expect(read).toEqual(JSON.parse(text));
    expect(posteriorJson(read)).toBe(text);
    const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-posterior-'));
    writeFileSync(join(dir, 'posterior.json'), text);
    expect(posteriorJson(loadPosterior(join(dir, 'posterior.json')))).toBe(text);
  });

  it('a malformed file gives every problem at once, each with its JSON path and line', () => {
    const doc = JSON.parse(posteriorJson(handMade)) as Record<string, unknown> & Posterior;
    const bad = {
      ...doc,
      format: 'posterior',
      version: 2,
      prior: [{ path: 'mu', lo: 10, hi: 0, scale: 'linear' }, { path: 'rate', lo: 0, hi: 1, scale: 'log' }, { path: 'k', lo: 0, hi: 1, scale: 'cubic' }],
      generations: [{ tolerance: -1, acceptance: 0.5, proposed: 8, extra: true }],
      particles: [
        { values: { mu: 1, rate: 0.5, k: 2, other: 3 }, weight: 0.5, distance: 0 },
        { values: { mu: 'one', rate: 0.5 }, weight: -0.1, distance: 0 },
      ],
    };
    const { posterior, problems } = checkPosteriorText(JSON.stringify(bad, null, 2), 'bad.json');
    expect(posterior).toBeUndefined();
    const lines = problems.map(formatProblem);
    const expected = [
      /^bad\.json:2:3: \$\.format: "posterior" is not allowed; expected one of "tokenmaxx-posterior"$/,
      /^bad\.json:3:3: \$\.version: 2 is not allowed; expected 1, the version this tokenmaxx reads$/,
      /\$\.prior\[0\]\.hi: the range runs from 10 to 0; expected lo < hi$/,
      /\$\.prior\[1\]\.lo: 0 is not allowed for a log-scale prior; expected lo > 0$/,
      /\$\.prior\[2\]\.scale: "cubic" is not allowed; expected one of "linear", "log"$/,
      /\$\.generations\[0\]\.tolerance: -1 is not allowed; expected a number in \[0, Infinity\]$/,
      /\$\.generations\[0\]\.extra: unknown key "extra"; allowed: tolerance, acceptance, proposed$/,
      /\$\.particles\[0\]\.values\.k: 2 is outside the prior's support; expected a number in \[0, 1\]$/,
      /\$\.particles\[0\]\.values\.other: is not a parameter of the prior; expected only "mu", "rate", "k"$/,
      /\$\.particles\[1\]\.values\.mu: "one" is not allowed; expected a number$/,
      /\$\.particles\[1\]\.values\.k: is missing; expected a value for every parameter of the prior \(k\)$/,
      /\$\.particles\[1\]\.weight: -0\.1 is not allowed; expected a number in \[0, Infinity\]$/,
      /\$\.particles: the weights sum to 0\.4; expected 1 \(normalised weights\)$/,
    ];
    for (const pattern of expected) expect(lines.some((l) => pattern.test(l)), `${pattern} in\n${lines.join('\n')}`).toBe(true);
    expect(lines).toHaveLength(expected.length);
    expect(problems.every((p) => p.line !== undefined)).toBe(true);
    expect(() => parsePosteriorText(JSON.stringify(bad), 'bad.json')).toThrow(InputError);
    const empty = checkPosteriorText(JSON.stringify({ ...doc, targets: [] }), 'empty.json').problems.map(formatProblem);
    expect(empty).toEqual([expect.stringMatching(/\$\.targets: \[\] is not allowed; expected a list of at least one \{ name, observed, scale \}$/)]);
  });

  it('text that is not JSON, or a file that is not there, is a located problem, not a crash', () => {
    expect(checkPosteriorText('{ "format": ', 'cut.json').problems[0]).toMatchObject({ source: 'cut.json', line: 1 });
    expect(() => loadPosterior(join(tmpdir(), 'no-such-posterior.json'))).toThrow(/cannot be read: no such file/);
  });
});

describe('reading a posterior', () => {
  it('weighted mean, sd and quantiles match a hand computation', () => {
    const [mu] = posteriorSummary(handMade, [0, 0.05, 0.5, 1]);
    expect(mu.mean).toBeCloseTo(3, 12);
    expect(mu.sd).toBeCloseTo(1, 12);
    // Midpoints of the cumulative weight: 0.05, 0.2, 0.45, 0.8; the median lies between 3 and 4.
    expect(mu.quantiles[0]).toBe(1);
    expect(mu.quantiles[1]).toBe(1);
    expect(mu.quantiles[2]).toBeCloseTo(3 + 0.05 / 0.35, 12);
    expect(mu.quantiles[3]).toBe(4);
    expect(weightedQuantile([4, 1, 3, 2], [1, 1, 1, 1], 0.5)).toBe(2.5);
  });

  it('the effective sample size is n for equal weights and less for unequal ones', () => {
    expect(effectiveSampleSize([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(4, 12);
    expect(effectiveSampleSize(handMade.particles.map((p) => p.weight))).toBeCloseTo(1 / 0.3, 12);
    expect(effectiveSampleSize([1, 0, 0])).toBe(1);
  });
});

describe('drawParticles', () => {
  const weights = [0.05, 0.3, 0.15, 0.0, 0.25, 0.125, 0.125];
  const posterior: Posterior = {
    ...handMade,
    particles: weights.map((w, i) => ({ values: { mu: i }, weight: w, distance: 0 })),
  };
  const countsOf = (draws: Posterior['particles']) => weights.map((_, i) => draws.filter((p) => p.values.mu === i).length);

  it('is deterministic: the same seed gives the same draws, another seed another offset', () => {
    const a = drawParticles(posterior, 37, 'seed').map((p) => p.values.mu);
    expect(drawParticles(posterior, 37, 'seed').map((p) => p.values.mu)).toEqual(a);
    const others = ['x', 'y', 'z', 'w'].map((s) => drawParticles(posterior, 37, s).map((p) => p.values.mu).join());
    expect(others.some((o) => o !== a.join())).toBe(true);
  });

  it('draws in proportion to weight: each count within one of k·w, and a chi-square far below its 5% point', () => {
    const k = 1000;
    const counts = countsOf(drawParticles(posterior, k, 7));
    counts.forEach((c, i) => expect(Math.abs(c - k * weights[i])).toBeLessThanOrEqual(1));
    expect(counts[3]).toBe(0);
    const chi2 = counts.reduce((s, c, i) => (weights[i] > 0 ? s + (c - k * weights[i]) ** 2 / (k * weights[i]) : s), 0);
    // 5 degrees of freedom: the 5% point is 11.07; systematic resampling stays far below it.
    expect(chi2).toBeLessThan(0.1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(k);
  });

  it('refuses a k that is not a positive integer', () => {
    expect(() => drawParticles(posterior, 0, 1)).toThrow(/drawParticles: k/);
    expect(() => drawParticles(posterior, 2.5, 1)).toThrow(/drawParticles: k/);
  });
});
