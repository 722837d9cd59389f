import { describe, expect, it } from 'vitest';
import { morris, saltelli, type Parameter } from '../../src/stats/designs.js';
import { salibOutputsText, salibProblemText, salibSamplesText } from '../../src/stats/salib.js';

const params: Parameter[] = [
  { path: 'mandate.strength', lo: 0, hi: 1 },
  { path: 'leaderboard.weight', lo: -0.25, hi: 1e-7 },
  { path: 'population.employees', lo: 100, hi: 5000, integer: true },
];

/** Reads whitespace-delimited rows back as np.loadtxt would. */
function readMatrix(text: string): number[][] {
  return text.trimEnd().split('\n').map((line) => line.split(/\s+/).map(Number));
}

describe('SALib files', () => {
  it('the problem file has one `name lo hi` line per parameter, separated by single spaces', () => {
    expect(salibProblemText(params)).toBe('mandate.strength 0 1\nleaderboard.weight -0.25 1e-7\npopulation.employees 100 5000\n');
  });

  it('refuses names SALib would misread', () => {
    for (const path of ['two words', 'a,b', '#comment', 'quote"d']) {
      expect(() => salibProblemText([{ path, lo: 0, hi: 1 }])).toThrow(/^salibProblemText: /);
    }
  });

  it('samples are one run per line in design order, and read back exactly (shortest round-trip numbers)', () => {
    for (const design of [saltelli(params, 32), morris(params, 5, 'salib')]) {
      const text = salibSamplesText(design);
      expect(text.endsWith('\n')).toBe(true);
      expect(text).not.toMatch(/ {2}|\t| \n/);
      expect(readMatrix(text)).toEqual(design.points);
    }
  });

  it('outputs are one value per line; non-finite values are refused', () => {
    expect(salibOutputsText([1.5, -0, 1 / 3, 2e21])).toBe(`1.5\n0\n${String(1 / 3)}\n2e+21\n`);
    expect(Number(String(1 / 3))).toBe(1 / 3);
    expect(() => salibOutputsText([NaN])).toThrow(/non-finite/);
  });
});
