/**
 * How the explorer writes its figures: shares as percentages, dollars as dollars, a minus sign
 * (U+2212) wherever a number is negative, a paired difference called better or worse only when its
 * interval excludes 0, and no interval for one replicate.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExplorerState } from '../../src/explorer/command.js';
import { EXPLORER_FIGURES, type ExplorerFigure } from '../../src/explorer/controls.js';
import { formatDifference, formatValue, sentence } from '../../src/explorer/format.js';
import type { FigureRow } from '../../src/explorer/results.js';
import { estimate, type Estimate } from '../../src/experiment/summarize.js';

const MINUS = '\u2212';
const figure = (metric: ExplorerFigure['metric']) => EXPLORER_FIGURES.find((f) => f.metric === metric)!;
const WASTE = figure('wasteShare'); // share, lower is better
const GAIN = figure('outputGain'); // share, higher is better
const NET = figure('netValuePerEmployeeUSD'); // usd, higher is better
const SPEND = figure('spendPerEmployeeUSD'); // usd, lower is better
const INCIDENTS = figure('incidentsPer1kOutput'); // number, lower is better

const est = (mean: number, lo: number, hi: number, n = 5): Estimate => ({ mean, sd: 1, ci95: [lo, hi], n });

describe('formatValue', () => {
  it('writes shares as percentages with one decimal, the interval in brackets', () => {
    expect(formatValue(WASTE, est(0.1234, 0.119, 0.127))).toBe('12.3% [11.9%, 12.7%]');
    expect(formatValue(GAIN, est(1, 0.9995, 1.0004))).toBe('100.0% [100.0%, 100.0%]');
  });

  it('writes dollars with cents, and numbers to three significant digits', () => {
    expect(formatValue(NET, est(1234.567, 1200, 1300.004))).toBe('$1234.57 [$1200.00, $1300.00]');
    expect(formatValue(INCIDENTS, est(0.012345, 0.01, 0.0147))).toBe('0.0123 [0.0100, 0.0147]');
  });

  it('writes a negative value with U+2212 in every format, never a hyphen', () => {
    expect(formatValue(NET, est(-12.5, -20, -5))).toBe(`${MINUS}$12.50 [${MINUS}$20.00, ${MINUS}$5.00]`);
    expect(formatValue(GAIN, est(-0.012, -0.02, 0.004))).toBe(`${MINUS}1.2% [${MINUS}2.0%, 0.4%]`);
    expect(formatValue(INCIDENTS, est(-1.5, -2, -1))).toBe(`${MINUS}1.50 [${MINUS}2.00, ${MINUS}1.00]`);
  });

  it('shows no interval for one replicate', () => {
    expect(formatValue(WASTE, estimate([0.25]))).toBe('25.0%');
    expect(formatValue(SPEND, estimate([3.456]))).toBe('$3.46');
  });
});

describe('formatDifference', () => {
  it('signs a difference, shares in percentage points, with U+2212 for a fall and ± for none', () => {
    expect(formatDifference(WASTE, est(-0.0123, -0.02, -0.005))).toBe(`${MINUS}1.2 pp [${MINUS}2.0 pp, ${MINUS}0.5 pp] better`);
    expect(formatDifference(NET, est(12.5, -1, 26))).toBe(`+$12.50 [${MINUS}$1.00, +$26.00]`);
    expect(formatDifference(INCIDENTS, est(0, 0, 0))).toBe('±0.00 [±0.00, ±0.00]');
    // A difference that rounds to zero is ±0, never −0.0.
    expect(formatDifference(GAIN, est(0.002, -0.0004, 0.004))).toBe('+0.2 pp [±0.0 pp, +0.4 pp]');
  });

  it('says better or worse by the figure\'s direction, only when the interval excludes 0', () => {
    expect(formatDifference(WASTE, est(0.01, 0.005, 0.015))).toMatch(/ worse$/);
    expect(formatDifference(GAIN, est(0.01, 0.005, 0.015))).toMatch(/ better$/);
    expect(formatDifference(SPEND, est(-1, -1.5, -0.5))).toMatch(/ better$/);
    expect(formatDifference(NET, est(-1, -1.5, -0.5))).toMatch(/ worse$/);
    expect(formatDifference(GAIN, est(0.01, 0, 0.02))).not.toMatch(/better|worse/);
    expect(formatDifference(GAIN, est(0.01, -0.001, 0.02))).not.toMatch(/better|worse/);
  });

  it('shows no interval and no verdict for one replicate, whatever the difference', () => {
    const one = estimate([-0.05]);
    expect(formatDifference(WASTE, one)).toBe(`${MINUS}5.0 pp`);
    expect(formatDifference(NET, estimate([40]))).toBe('+$40.00');
  });

  it('for any difference of any figure: no hyphen, an interval exactly when n > 1, a verdict exactly when it excludes 0', () => {
    const magnitude = fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1e3, noNaN: true }));
    const signed = fc.tuple(magnitude, fc.boolean()).map(([m, neg]) => (neg ? -m : m));
    fc.assert(
      fc.property(fc.constantFrom(...EXPLORER_FIGURES), fc.array(signed, { minLength: 1, maxLength: 6 }), (f, xs) => {
        const e = estimate(xs);
        const text = formatDifference(f, e);
        expect(text).not.toContain('-');
        expect(text.includes('['), text).toBe(e.n > 1);
        const excludes = e.n > 1 && (e.ci95[0] > 0 || e.ci95[1] < 0);
        const better = f.better === 'higher' ? e.mean > 0 : e.mean < 0;
        expect(text.endsWith(' better'), text).toBe(excludes && better);
        expect(text.endsWith(' worse'), text).toBe(excludes && !better);
        expect(formatValue(f, e)).not.toContain('-');
      }),
    );
  });
});

describe('sentence', () => {
  const rows: FigureRow[] = EXPLORER_FIGURES.map((f, i) => ({ figure: f, base: est(0.1 * (i + 1), 0, 1), explored: est(0.05 * (i + 1), 0, 1), difference: est(-0.05 * (i + 1), -1, 1) }));
  const state: ExplorerState = { scenario: 'amazon-2026', employees: 12000, replicates: 5, weeks: 52, fromWeek: 10, set: [] };

  it('announces the base\'s first three figures when nothing is changed, and the run\'s size', () => {
    expect(sentence(rows, state, 3.456)).toBe(
      'Base amazon-2026: tokens that bought no output 10.0%; employees gaming the board 20.0%; net value per employee-week $0.30. (5 × 12,000 employees × 52 weeks in 3.46 s; change a policy to compare.)',
    );
  });

  it('announces explored against base with the signed difference once a policy is changed', () => {
    expect(sentence(rows, { ...state, set: [['reviews.managerLeak', 0]] }, 1)).toBe(
      `Explored: tokens that bought no output 5.0% against 10.0% (${MINUS}5.0 pp); employees gaming the board 10.0% against 20.0% (${MINUS}10.0 pp); net value per employee-week $0.15 against $0.30 (${MINUS}$0.15). (5 × 12,000 employees × 52 weeks in 1.00 s.)`,
    );
  });
});
