import { describe, expect, it } from 'vitest';
import { advanceBoards, boardTerms, expectedStatusWorth, managersSeeTokens, Metric, metricValue, rankBoards, rankValue, realisedStatusWorth, snapshotTeam, startRanks } from '../../src/model/leaderboard.js';
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

  it('managers see token figures on a team or org token board, or when tokens officially count; status scales with visibility', () => {
    const params = {
      none: weekParams(),
      self: weekParams({ leaderboard: { visibility: 'self' } }),
      team: weekParams({ leaderboard: { visibility: 'team' } }),
      org: weekParams({ leaderboard: { visibility: 'org' } }),
      outcome: weekParams({ leaderboard: { visibility: 'org', metric: 'output' } }),
      official: weekParams({ reviews: { officialTokenWeight: 0.2 } }),
    };
    const sees = Object.fromEntries(Object.entries(params).map(([k, p]) => [k, managersSeeTokens(p)]));
    expect(sees).toEqual({ none: false, self: false, team: true, org: true, outcome: false, official: true });
    const status = (k: keyof typeof params) => boardTerms(params[k]).status;
    expect(status('none')).toBe(0);
    expect(status('self')).toBeLessThan(status('team'));
    expect(status('team')).toBeLessThan(status('org'));
    expect(boardTerms(params.team).team).toBe(true);
    expect(boardTerms(params.org).team).toBe(false);
  });

  it('a team board ranks within the team: the top of a light team is at the top of its board', () => {
    const input = { population: { employees: 16 }, leaderboard: { visibility: 'team' as const, statusWeight: 1, bottomLoss: 0 } };
    const { s, t } = stateFor(input);
    // Team 0 uses 1–8 M tokens, team 1 100–800 M: on an org board all of team 0 would rank below team 1.
    for (let i = 0; i < 16; i++) s.tokenBoard[i] = 1e6 * (1 + (i % 8)) * (i < 8 ? 1 : 100);
    const status = t.leaderboard.status;
    expect(status).toBeGreaterThan(0);
    expect(realisedStatusWorth(s, t.leaderboard, 7)).toBeCloseTo(status, 6);
    expect(realisedStatusWorth(s, t.leaderboard, 15)).toBeCloseTo(status, 6);
    expect(realisedStatusWorth(s, t.leaderboard, 0)).toBeCloseTo(0, 6);
    expect(realisedStatusWorth(s, t.leaderboard, 8)).toBeCloseTo(0, 6);
    expect(realisedStatusWorth(s, t.leaderboard, 3)).toBeCloseTo((status * 3) / 7, 6);
    // Expected: against teammates' board values as they stood when the team was snapshotted.
    snapshotTeam(s, t.leaderboard, 0, 8);
    const worth = (tokens: number) => expectedStatusWorth(s, t.leaderboard, 0, 1, tokens, Math.log(tokens));
    expect(worth(4.5e6)).toBeCloseTo((status * 3) / 7, 6); // above 2, 3 and 4 M of the seven teammates
    expect(worth(9e6)).toBeCloseTo(status, 6);
    s.tokenBoard[5] = 1e9; // a teammate moving after the snapshot changes nothing this week
    expect(worth(9e6)).toBeCloseTo(status, 6);
    const org = stateFor({ ...input, leaderboard: { ...input.leaderboard, visibility: 'org' } });
    org.s.tokenBoard.set(s.tokenBoard);
    org.s.tokens.set(s.tokenBoard);
    org.s.weekRanker.rebuild(org.s.tokens, 16);
    expect(realisedStatusWorth(org.s, org.t.leaderboard, 7)).toBeLessThan(0.5);
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
