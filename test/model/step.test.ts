import { describe, expect, it } from 'vitest';
import { METRIC_INDEX, METRICS } from '../../src/model/metrics.js';
import { keyFromSeed } from '../../src/model/rng.js';
import { initialState } from '../../src/model/state.js';
import { MECHANISMS, step, warmUp, weekTerms } from '../../src/model/step.js';
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

  it('the last week of a review cycle runs the review: rewards set, cycle totals reset', () => {
    const s = initialState(weekly[0], keyFromSeed('review'));
    warmUp(s, weekly[0]);
    const row = new Float64Array(METRICS.length);
    const cycle = weekly[0].reviews.cycleWeeks;
    for (let w = 0; w < cycle; w++) step(s, weekly[w], w, row);
    expect(s.cycleTokens.every((x) => x === 0)).toBe(true);
    const rewarded = s.rewarded.reduce((a, b) => a + b, 0) / s.n;
    expect(rewarded).toBeCloseTo(weekly[0].reviews.rewardShare, 1);
  });
});
