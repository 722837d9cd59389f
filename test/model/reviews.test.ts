import { describe, expect, it } from 'vitest';
import { believedRatings, expectedCareer, isReviewed, Rating, realisedCareer, reviews, reviewTeam } from '../../src/model/reviews.js';
import type { State } from '../../src/model/state.js';
import type { ScenarioInput } from '../../src/scenarios/schema.js';
import { extendPreset, meanOver, run, stateFor } from '../helpers.js';

/** The weeks in [from, to) at which each team is reviewed. */
function reviewWeeks(input: ScenarioInput, from: number, to: number): number[][] {
  const { s, p } = stateFor(input);
  const weeks: number[][] = Array.from({ length: s.teams }, () => []);
  for (let w = from; w < to; w++) {
    const t = reviews.terms(p, s, w);
    for (let team = 0; team < s.teams; team++) if (isReviewed(s, t, team)) weeks[team].push(w);
  }
  return weeks;
}

/**
 * Sets this week's tokens and output (and cycle totals of `len` such weeks) and ranks them, as the
 * week does before its reviews.
 */
function rankWeek(s: State, tokens: (i: number) => number, output: (i: number) => number, len: number): void {
  for (let i = 0; i < s.n; i++) {
    s.tokens[i] = tokens(i);
    s.output[i] = output(i);
    s.cycleTokens[i] = len * s.tokens[i];
    s.cycleOutput[i] = len * s.output[i];
  }
  s.weekRanker.rebuild(s.tokens, s.n);
  s.outputRanker.rebuild(s.output, s.n);
}

describe('review calendar', () => {
  const cycle = 13;

  it('staggered: each team is reviewed exactly once a cycle, on its own date, and teams are spread over the cycle', () => {
    const weeks = reviewWeeks({ population: { employees: 400 }, reviews: { cycleWeeks: cycle } }, 0, 2 * cycle);
    for (const w of weeks) {
      expect(w).toHaveLength(2);
      expect(w[1] - w[0]).toBe(cycle);
      expect(w[0]).toBeLessThan(cycle);
    }
    // 50 teams over 13 weeks: most weeks see a review, none sees them all.
    const dates = new Set(weeks.map((w) => w[0]));
    expect(dates.size).toBeGreaterThanOrEqual(9);
    const busiest = Math.max(...[...dates].map((d) => weeks.filter((w) => w[0] === d).length));
    expect(busiest).toBeLessThan(weeks.length / 3);
  });

  it('org-wide: every team is reviewed in the last week of each cycle, and the warm-up week reviews nobody', () => {
    const weeks = reviewWeeks({ population: { employees: 400 }, reviews: { cycleWeeks: cycle, calendar: 'org-wide' } }, -1, 2 * cycle);
    for (const w of weeks) expect(w).toEqual([cycle - 1, 2 * cycle - 1]);
    expect(reviewWeeks({ population: { employees: 400 }, reviews: { cycleWeeks: 1 } }, -1, 0).flat()).toEqual([]);
  });
});

describe('a team review', () => {
  it.each([
    [8, 0.2, 0.06, 2, 1],
    [10, 0.2, 0.25, 2, 3],
    [17, 0.3, 0.1, 5, 2],
    [5, 0.01, 0, 1, 0],
    [4, 0.6, 0.5, 2, 2],
  ])('a team of %i with rewardShare %f and lowShare %f gets %i top and %i low ratings', (size, rewardShare, lowShare, top, low) => {
    const { s, p } = stateFor({ population: { employees: 4 * size, teamSize: size }, reviews: { rewardShare, lowShare, noise: 0.3 } });
    const t = reviews.terms(p, s, 25);
    rankWeek(s, (i) => 1e6 * (1 + ((i * 7) % 13)), (i) => 1 + 0.01 * ((i * 5) % 11), 26);
    s.rating.fill(9);
    reviewTeam(s, t, 1, size, 2 * size);
    const held = Array.from(s.rating.subarray(size, 2 * size));
    expect(held.filter((r) => r === Rating.top)).toHaveLength(top);
    expect(held.filter((r) => r === Rating.low)).toHaveLength(low);
    expect(held.filter((r) => r === Rating.middle)).toHaveLength(size - top - low);
    // Only the team reviewed is rated and starts a new cycle.
    expect(s.rating[0]).toBe(9);
    expect(s.cycleTokens.subarray(size, 2 * size).every((x) => x === 0)).toBe(true);
    expect(s.cycleOutput.subarray(size, 2 * size).every((x) => x === 0)).toBe(true);
    expect(s.cycleTokens[0]).toBeGreaterThan(0);
  });

  it('top ratings go to the best-rated: without noise, by output and token rank as weighted', () => {
    const { s, p } = stateFor({ population: { employees: 8 }, reviews: { noise: 0, outcomeWeight: 0, rewardShare: 0.25, lowShare: 0.25 } });
    const t = reviews.terms(p, s, 25);
    s.teamTokenWeight[0] = 1;
    rankWeek(s, (i) => 1e6 * (1 + ((i * 3) % 8)), () => 1, 26);
    reviewTeam(s, t, 0, 0, 8);
    // Token order by (i × 3) mod 8: the largest are i = 5 (7) and 2 (6), the smallest i = 0 (0) and 3 (1).
    expect([...s.rating]).toEqual([Rating.low, Rating.middle, Rating.top, Rating.low, Rating.middle, Rating.top, Rating.middle, Rating.middle]);
  });

  it('without rating noise the team reveals exactly the weight its manager applied, with no sampling variance', () => {
    for (const applied of [0, 0.375, 1.5]) {
      const { s, p } = stateFor({ population: { employees: 16 }, reviews: { noise: 0, outcomeWeight: 0.5 } });
      const t = reviews.terms(p, s, 25);
      s.teamTokenWeight[1] = applied;
      // Token and output orders differ within the team: the ranks are not collinear.
      rankWeek(s, (i) => 1e6 * Math.exp((i * 5) % 16), (i) => 1 + 0.02 * ((i * 11) % 16), 26);
      const reading = reviewTeam(s, t, 1, 8, 16);
      expect(reading.weight).toBeCloseTo(applied, 9);
      expect(reading.variance).toBe(0);
    }
  });

  it('with rating noise the reading is noisy, its variance noise² over the token ranks\' spread net of output\'s; a team of two reveals nothing', () => {
    const { s, p } = stateFor({ population: { employees: 16 }, reviews: { noise: 0.2, outcomeWeight: 0.5 } });
    const t = reviews.terms(p, s, 25);
    s.teamTokenWeight[1] = 0.5;
    rankWeek(s, (i) => 1e6 * Math.exp((i * 5) % 16), () => 1, 26);
    // Output ranks all equal: their spread is 0, so the regression cannot separate them (nothing revealed).
    expect(Number.isNaN(reviewTeam(s, t, 1, 8, 16).weight)).toBe(true);
    rankWeek(s, (i) => 1e6 * Math.exp((i * 5) % 16), (i) => 1 + 0.02 * ((i * 11) % 16), 26);
    // The review ranks each member's cycle mean against this week's distribution.
    const y = Array.from({ length: 8 }, (_, k) => s.weekRanker.rank(s.cycleTokens[8 + k] / 26));
    const x = Array.from({ length: 8 }, (_, k) => s.outputRanker.rank(s.cycleOutput[8 + k] / 26));
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const cov = (a: number[], b: number[]) => a.reduce((acc, ai, k) => acc + (ai - mean(a)) * (b[k] - mean(b)), 0);
    const netSpread = cov(y, y) - cov(x, y) ** 2 / cov(x, x);
    const reading = reviewTeam(s, t, 1, 8, 16);
    expect(reading.variance).toBeCloseTo(0.04 / netSpread, 6);
    expect(reading.weight).not.toBeCloseTo(0.5, 6);
    expect(Math.abs(reading.weight - 0.5)).toBeLessThan(4 * Math.sqrt(reading.variance));
    const pair = stateFor({ population: { employees: 8, teamSize: 2 } });
    rankWeek(pair.s, (i) => 1e6 * (i + 1), (i) => 1 + 0.1 * ((i * 3) % 8), 26);
    expect(reviewTeam(pair.s, reviews.terms(pair.p, pair.s, 25), 0, 0, 2)).toEqual({ weight: Number.NaN, variance: Infinity });
  });
});

describe('career value', () => {
  const ratings = new Float64Array(2);
  function career(input: ScenarioInput, b: number, x: number, y: number, rho = 0.3): number {
    const { s, p } = stateFor({ population: { employees: 8 }, ...input });
    const t = reviews.terms(p, s, 0);
    believedRatings(t, b, rho, ratings);
    return expectedCareer(t, 1, b, ratings, x, y);
  }

  it('believed ratings: mean and sd of outcomeWeight × x + b × y + noise for uniform ranks of correlation ρ', () => {
    const { s, p } = stateFor({ reviews: { outcomeWeight: 0.6, noise: 0.25 } });
    believedRatings(reviews.terms(p, s, 0), 0.4, 0.5, ratings);
    expect(ratings[0]).toBeCloseTo(0.5, 12);
    expect(ratings[1]).toBeCloseTo(Math.sqrt((0.36 + 0.16 + 2 * 0.6 * 0.4 * 0.5) / 12 + 0.0625), 12);
  });

  it('rises with the token percentile when token rank is believed to count (b > 0), and ignores it when not (b = 0)', () => {
    for (const b of [0.1, 0.5]) {
      const ys = [0.05, 0.3, 0.6, 0.9, 0.99].map((y) => career({}, b, 0.5, y));
      for (let k = 1; k < ys.length; k++) expect(ys[k]).toBeGreaterThan(ys[k - 1]);
    }
    const flat = [0.05, 0.3, 0.6, 0.9, 0.99].map((y) => career({}, 0, 0.5, y));
    for (const v of flat) expect(v).toBe(flat[0]);
    // Output rank still counts at b = 0.
    expect(career({}, 0, 0.9, 0.5)).toBeGreaterThan(career({}, 0, 0.1, 0.5));
  });

  it('a dearer low rating weighs most at the bottom: fear of the bottom', () => {
    const cheap = { reviews: { lowRatingCost: 20 } };
    const dear = { reviews: { lowRatingCost: 80 } };
    const bottomLoss = career(cheap, 0.3, 0.1, 0.05) - career(dear, 0.3, 0.1, 0.05);
    const topLoss = career(cheap, 0.3, 0.9, 0.95) - career(dear, 0.3, 0.9, 0.95);
    expect(bottomLoss).toBeGreaterThan(0);
    expect(topLoss).toBeGreaterThanOrEqual(0);
    expect(bottomLoss).toBeGreaterThan(20 * topLoss);
    // With a bottom to fear, climbing from the bottom is worth more than with none.
    const climb = (input: ScenarioInput) => career(input, 0.3, 0.3, 0.4) - career(input, 0.3, 0.3, 0.05);
    expect(climb(dear)).toBeGreaterThan(climb({ reviews: { lowShare: 0 } }));
    expect(career({ reviews: { lowShare: 0 } }, 0.3, 0.01, 0.01)).toBeGreaterThanOrEqual(0);
  });

  it('scales with career concern and the worth of a rating, and is paid weekly over the cycle', () => {
    const { s, p } = stateFor({ reviews: { rewardValue: 26, lowRatingCost: 52, cycleWeeks: 26 } });
    const t = reviews.terms(p, s, 0);
    expect(realisedCareer(t, 0.5, Rating.top)).toBeCloseTo(0.5, 12);
    expect(realisedCareer(t, 0.5, Rating.low)).toBeCloseTo(-1, 12);
    expect(realisedCareer(t, 0.5, Rating.middle)).toBe(0);
    expect(realisedCareer(t, 0, Rating.top)).toBe(0);
    const none = stateFor({ reviews: { lowShare: 0, lowRatingCost: 52 } });
    expect(realisedCareer(reviews.terms(none.p, none.s, 0), 0.5, Rating.low)).toBeCloseTo(0, 12);
    believedRatings(t, 0.2, 0.3, ratings);
    expect(expectedCareer(t, 0.8, 0.2, ratings, 0.7, 0.6)).toBeCloseTo(2 * expectedCareer(t, 0.4, 0.2, ratings, 0.7, 0.6), 12);
  });

  it('what a top rating is worth changes gaming: a review with nothing to win leaves fewer gaming the board', () => {
    const seeds = ['r1', 'r2'];
    const gaming = (rewardValue: number) => {
      const rs = run(extendPreset('tokens-in-reviews', { population: { employees: 1000 }, weeks: 30, reviews: { rewardValue, lowShare: 0 } }), seeds);
      return meanOver(rs, 'gamingShare', 10, 30);
    };
    const without = gaming(0);
    const withReward = gaming(80);
    expect(withReward).toBeGreaterThan(without + 0.01);
    expect(withReward).toBeGreaterThan(1.5 * without);
  });
});
