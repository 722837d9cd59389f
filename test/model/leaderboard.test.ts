import { describe, expect, it } from 'vitest';
import { boardTerms, careerWeight, Metric, metricValue, rankValue, updateBoards } from '../../src/model/leaderboard.js';
import { stateFor, weekParams } from '../helpers.js';

describe('leaderboard', () => {
  it('V(p) rises with the percentile, with a bottom-decile loss and a top-K badge (U-shaped marginal value)', () => {
    const b = boardTerms(weekParams({ leaderboard: { visibility: 'org', topShare: 0.01, badgeGain: 0.3, bottomLoss: 0.3 } }));
    expect(rankValue(b, 0.5)).toBeCloseTo(0.5);
    expect(rankValue(b, 0.0)).toBeCloseTo(-0.3);
    expect(rankValue(b, 0.05)).toBeCloseTo(0.05 - 0.15);
    expect(rankValue(b, 0.995)).toBeCloseTo(0.995 + 0.3);
    const gain = (lo: number, hi: number) => rankValue(b, hi) - rankValue(b, lo);
    expect(gain(0, 0.1)).toBeGreaterThan(gain(0.45, 0.55));
    expect(gain(0.98, 0.995)).toBeGreaterThan(gain(0.45, 0.46));
  });

  it('career weight needs managers who can see token figures; status scales with visibility', () => {
    const none = boardTerms(weekParams());
    const self = boardTerms(weekParams({ leaderboard: { visibility: 'self' } }));
    const team = boardTerms(weekParams({ leaderboard: { visibility: 'team' } }));
    const org = boardTerms(weekParams({ leaderboard: { visibility: 'org' } }));
    const outcome = boardTerms(weekParams({ leaderboard: { visibility: 'org', metric: 'output' } }));
    const official = boardTerms(weekParams({ reviews: { officialTokenWeight: 0.2 } }));
    expect(careerWeight(none, 0.5, 0.5)).toBe(0);
    expect(careerWeight(self, 0.5, 0.5)).toBe(0);
    expect(careerWeight(outcome, 0.5, 0.5)).toBe(0);
    expect(careerWeight(team, 0.5, 0.5)).toBeGreaterThan(0);
    expect(careerWeight(official, 0.5, 0.5)).toBeGreaterThan(0);
    expect(none.status).toBe(0);
    expect(self.status).toBeLessThan(team.status);
    expect(team.status).toBeLessThan(org.status);
  });

  it('the board value is an exponential moving average with span = window', () => {
    const { s, p } = stateFor({ population: { employees: 16 }, leaderboard: { visibility: 'org', windowWeeks: 3 } });
    const b = boardTerms(p);
    expect(b.alpha).toBeCloseTo(0.5);
    s.tokenBoard.fill(100);
    s.tokens.fill(300);
    updateBoards(s, b);
    expect(s.tokenBoard[0]).toBeCloseTo(200);
  });

  it('outcome metrics: output, or output per million tokens', () => {
    expect(metricValue(Metric.output, 1.2, 5e6)).toBe(1.2);
    expect(metricValue(Metric.outputPerToken, 1.2, 6e6)).toBeCloseTo(0.2);
    expect(metricValue(Metric.outputPerToken, 1, 0)).toBe(0);
  });
});
