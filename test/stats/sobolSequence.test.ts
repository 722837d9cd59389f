import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sobolPoints } from '../../src/stats/sobolSequence.js';

/** 64 points × 12 dimensions of SciPy's unscrambled Sobol' sequence (scripts/sobol-fixture.py). */
const fixture = JSON.parse(readFileSync(new URL('../fixtures/sobol-64x12.json', import.meta.url), 'utf8')) as { points: number[][] };

describe('Sobol points', () => {
  it("equal scipy.stats.qmc.Sobol(12, scramble=False)'s first 64 points exactly", () => {
    expect(fixture.points.length).toBe(64);
    expect(sobolPoints(64, 12)).toEqual(fixture.points);
  });

  it('skip drops the first points; fewer dimensions are the leading columns', () => {
    expect(sobolPoints(32, 12, 32)).toEqual(fixture.points.slice(32));
    expect(sobolPoints(64, 5)).toEqual(fixture.points.map((row) => row.slice(0, 5)));
  });

  it('refuses what the generator cannot serve exactly', () => {
    expect(() => sobolPoints(1, 0)).toThrow(/^sobolPoints: /);
    expect(() => sobolPoints(1, 21202)).toThrow(/^sobolPoints: /);
    expect(() => sobolPoints(2, 1, (1 << 20) - 1)).toThrow(/2\^20/);
    expect(sobolPoints(1, 1, (1 << 20) - 1)[0][0]).toBeGreaterThan(0);
  });
});
