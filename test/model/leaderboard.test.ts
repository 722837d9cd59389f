import { describe, expect, it } from 'vitest';
import { advanceBoards, boardTerms, careerWeight, Metric, metricValue, rankBoards, rankValue, startRanks } from '../../src/model/leaderboard.js';
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
    const { s, t } = stateFor({ population: { employees: 16 }, leaderboard: { visibility: 'org', windowWeeks: 3 } });
    expect(t.leaderboard.alpha).toBeCloseTo(0.5);
    s.tokenBoard.fill(100);
    s.tokens.fill(300);
    startRanks(s, t.leaderboard);
    for (let i = 0; i < s.n; i++) advanceBoards(s, t.leaderboard, i);
    rankBoards(s, t.leaderboard);
    expect(s.tokenBoard[0]).toBeCloseTo(200);
    expect(s.tokenBoardRanks).toBe(s.tokenRanker);
  });

  it('with a one-week window the token board ranks the week\'s tokens: one ranker, not two', () => {
    const { s, t } = stateFor({ population: { employees: 16 }, leaderboard: { visibility: 'org', windowWeeks: 1 } });
    expect(t.leaderboard.alpha).toBe(1);
    for (let i = 0; i < s.n; i++) s.tokens[i] = 1e6 * (i + 1);
    startRanks(s, t.leaderboard);
    for (let i = 0; i < s.n; i++) {
      s.weekRanker.put(i, Math.log(s.tokens[i]));
      s.outputRanker.put(i, 0);
      advanceBoards(s, t.leaderboard, i);
    }
    rankBoards(s, t.leaderboard);
    expect(s.tokenBoardRanks).toBe(s.weekRanker);
    expect(s.tokenBoardRanks.rankOf(15)).toBeGreaterThan(s.tokenBoardRanks.rankOf(0));
    expect(Array.from(s.tokenBoard)).toEqual(Array.from(s.tokens, Math.fround));
  });

  it('an outcome board that starts this week starts from this week\'s figures', () => {
    const p = weekParams({ leaderboard: { visibility: 'org', metric: 'output', windowWeeks: 3 } });
    expect(boardTerms(p, Metric.tokens).metricAlpha).toBe(1);
    expect(boardTerms(p, Metric.output).metricAlpha).toBeCloseTo(0.5);
  });

  it('outcome metrics: output, or output per million tokens', () => {
    expect(metricValue(Metric.output, 1.2, 5e6)).toBe(1.2);
    expect(metricValue(Metric.outputPerToken, 1.2, 6e6)).toBeCloseTo(0.2);
    expect(metricValue(Metric.outputPerToken, 1, 0)).toBe(0);
  });
});
