import { describe, expect, it } from 'vitest';
import { METRIC_INDEX, METRICS } from '../../src/model/metrics.js';
import { keyFromSeed } from '../../src/model/rng.js';
import { initialState } from '../../src/model/state.js';
import { MECHANISMS, step, warmUp, weekTerms } from '../../src/model/step.js';
import { Rating } from '../../src/model/reviews.js';
import { Strategy } from '../../src/model/strategies.js';
import { preset } from '../helpers.js';

describe('the week', () => {
  const weekly = preset('audited', { population: { employees: 2000 }, weeks: 30 }).weekly;

  it('builds every mechanism\'s terms under its name, in the listed order', () => {
    const s = initialState(weekly[0], keyFromSeed('terms'));
    const t = weekTerms(s, weekly[0], 3);
    expect(Object.keys(t)).toEqual(['p', ...MECHANISMS.map((m) => m.name)]);
    expect(new Set(MECHANISMS.map((m) => m.name)).size).toBe(MECHANISMS.length);
    // Stream keys are per week: the same mechanism draws differently in another week.
    expect(weekTerms(s, weekly[0], 4).decisions.reviseKey).not.toBe(t.decisions.reviseKey);
  });

  it('warm-up fills the boards and payoffs week 0 decides from, and measures nothing', () => {
    const s = initialState(weekly[0], keyFromSeed('warm'));
    warmUp(s, weekly[0]);
    const users = s.strategy.reduce((a, k) => a + (k === Strategy.abstain ? 0 : 1), 0);
    expect(users).toBeGreaterThan(0);
    expect(s.tokenBoardRanks.total).toBe(s.n);
    expect(s.tokenBoardRanks.zeros).toBe(s.n - users);
    expect(s.payoff.some((x) => x !== 0)).toBe(true);
    expect(s.cycleTokens.every((x) => x === 0)).toBe(true);
  });

  it('a step commits this week\'s strategies and measures them: the metrics equal sums over the state', () => {
    const s = initialState(weekly[0], keyFromSeed('step'));
    warmUp(s, weekly[0]);
    const row = new Float64Array(METRICS.length);
    for (let w = 0; w < 5; w++) step(s, weekly[w], w, row);
    const counts = [0, 0, 0, 0];
    let tokens = 0;
    let output = 0;
    let belief = 0;
    for (let i = 0; i < s.n; i++) {
      counts[s.strategy[i]] += 1;
      tokens += s.tokens[i];
      output += s.output[i];
      belief += s.belief[i];
    }
    expect(row[METRIC_INDEX.employees]).toBe(s.n);
    expect(row[METRIC_INDEX.shareAbstain]).toBe(counts[Strategy.abstain] / s.n);
    expect(row[METRIC_INDEX.shareMaxxing]).toBe(counts[Strategy.maxxing] / s.n);
    expect(row[METRIC_INDEX.tokens]).toBeCloseTo(tokens, 0);
    expect(row[METRIC_INDEX.output]).toBeCloseTo(output, 6);
    expect(row[METRIC_INDEX.meanBelief]).toBeCloseTo(belief / s.n, 9);
    expect(s.compliance).toBeGreaterThan(0);
  });

  it('over a cycle every team is reviewed once, on its own date: ratings given, the reviewed team\'s cycle totals reset', () => {
    const s = initialState(weekly[0], keyFromSeed('review'));
    warmUp(s, weekly[0]);
    const row = new Float64Array(METRICS.length);
    const cycle = weekly[0].reviews.cycleWeeks;
    let reviewed = 0;
    const weeksWithReviews = new Set<number>();
    for (let w = 0; w < cycle; w++) {
      step(s, weekly[w], w, row);
      reviewed += row[METRIC_INDEX.reviewedShare];
      if (row[METRIC_INDEX.reviewedShare] > 0) weeksWithReviews.add(w);
    }
    expect(reviewed).toBeCloseTo(1, 9);
    expect(weeksWithReviews.size).toBeGreaterThan(cycle / 2);
    // Teams of 8, rewardShare 0.2, lowShare 0.06: two top ratings and one low one per team.
    for (let team = 0; team < s.teams; team++) {
      const held = Array.from(s.rating.subarray(team * 8, team * 8 + 8));
      expect(held.filter((r) => r === Rating.top)).toHaveLength(2);
      expect(held.filter((r) => r === Rating.low)).toHaveLength(1);
      // Teams reviewed this (the last) week start their cycle afresh; the others carry theirs.
      const reviewedNow = s.reviewDate[team] === 0;
      const carried = s.cycleTokens.subarray(team * 8, team * 8 + 8).some((x) => x > 0);
      expect(carried).toBe(!reviewedNow);
    }
  });

  it('a team\'s review moves only its own members\' beliefs, and the week measures the shift', () => {
    const p = preset('tokens-in-reviews', { population: { employees: 400 }, weeks: 8, reviews: { cycleWeeks: 8 }, managers: { attention: 0 }, beliefs: { decay: 0 } }).weekly;
    const s = initialState(p[0], keyFromSeed('shift'));
    warmUp(s, p[0]);
    const row = new Float64Array(METRICS.length);
    let checked = 0;
    for (let w = 0; w < 8; w++) {
      const before = s.belief.slice();
      const reviewedTeams = new Set<number>();
      for (let team = 0; team < s.teams; team++) if ((w + 1 + s.reviewDate[team]) % 8 === 0) reviewedTeams.add(team);
      step(s, p[w], w, row);
      // Announcements (week 0) move everyone; afterwards only a review moves a belief.
      if (w === 0) continue;
      let shift = 0;
      for (let i = 0; i < s.n; i++) {
        const team = Math.floor(i / 8);
        if (reviewedTeams.has(team)) shift += s.belief[i] - before[i];
        else expect(s.belief[i]).toBe(before[i]);
      }
      expect(row[METRIC_INDEX.reviewedShare]).toBeCloseTo((8 * reviewedTeams.size) / s.n, 12);
      if (reviewedTeams.size > 0) {
        expect(row[METRIC_INDEX.beliefShiftAtReview]).toBeCloseTo(shift / (8 * reviewedTeams.size), 6);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(3);
  });
});
