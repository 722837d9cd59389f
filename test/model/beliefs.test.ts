import { describe, expect, it } from 'vitest';
import { isReviewWeek, mentioned, runReview, updateBelief } from '../../src/model/beliefs.js';
import type { State } from '../../src/model/state.js';
import type { WeekTerms } from '../../src/model/step.js';
import { keyFromSeed, probit, streamKey, uniform } from '../../src/model/rng.js';
import { stateFor } from '../helpers.js';

describe('beliefs and reviews', () => {
  /** Runs this week's mentions over every team; returns the number of teams mentioned. */
  function mentionAll(s: State, t: WeekTerms): number {
    let mentions = 0;
    for (let team = 0; team < s.teams; team++) {
      const m = mentioned(t.reviews, team);
      if (m) mentions += 1;
      for (let i = team * s.teamSize; i < Math.min(s.n, (team + 1) * s.teamSize); i++) updateBelief(s, t.reviews, i, m);
    }
    return mentions;
  }

  it('manager mentions raise beliefs only where managers can see token figures; beliefs decay otherwise', () => {
    const watched = stateFor({ population: { employees: 800 }, leaderboard: { visibility: 'org' }, managers: { attention: 1, mentionBoost: 0.1 } });
    watched.s.belief.fill(0.2);
    expect(mentionAll(watched.s, watched.t)).toBe(100);
    expect(watched.s.belief[0]).toBeCloseTo(0.28);
    const unseen = stateFor({ population: { employees: 800 }, leaderboard: { visibility: 'self' }, managers: { attention: 1 }, beliefs: { decay: 0.1 } });
    unseen.s.belief.fill(0.2);
    expect(mentionAll(unseen.s, unseen.t)).toBe(0);
    expect(unseen.s.belief[0]).toBeCloseTo(0.18);
  });

  it('reviews happen at the end of each cycle', () => {
    const { p } = stateFor({ reviews: { cycleWeeks: 26 } });
    expect(isReviewWeek(p, 25)).toBe(true);
    expect(isReviewWeek(p, 51)).toBe(true);
    expect(isReviewWeek(p, 26)).toBe(false);
  });

  function reviewWith(leak: number, official = 0): { revealed: number; belief: number; rewarded: number } {
    const { s, p, t } = stateFor({
      population: { employees: 20_000 },
      leaderboard: { visibility: 'org' },
      reviews: { managerLeak: leak, officialTokenWeight: official, outcomeWeight: 1, noise: 0.2, rewardShare: 0.2 },
      beliefs: { reviewLearning: 1 },
    });
    // Output and tokens correlated across employees, as they are in the model.
    const k = streamKey(keyFromSeed('review'), 0, 1);
    for (let i = 0; i < s.n; i++) {
      const z = probit(uniform(k, i));
      s.cycleOutput[i] = 26 * (1.2 + 0.1 * z + 0.05 * probit(uniform(k, i + s.n)));
      s.cycleTokens[i] = 26 * 3e7 * Math.exp(0.8 * z + 1.2 * probit(uniform(k, i + 2 * s.n)));
    }
    s.belief.fill(0.4);
    const revealed = runReview(s, t.reviews);
    expect(t.reviews.appliedTokenWeight).toBeCloseTo(leak + official);
    return { revealed, belief: s.belief[0], rewarded: s.rewarded.reduce((a, b) => a + b, 0) / s.n };
  }

  it('with no leak a review reveals ~0 token weight and beliefs fall; with a leak it reveals the leak', () => {
    const none = reviewWith(0);
    expect(none.revealed).toBeLessThan(0.03);
    expect(none.belief).toBeLessThan(0.05);
    const leak = reviewWith(0.5);
    expect(leak.revealed).toBeGreaterThan(0.45);
    expect(leak.revealed).toBeLessThan(0.55);
    expect(reviewWith(0.25, 0.25).revealed).toBeCloseTo(leak.revealed, 1);
    expect(none.rewarded).toBeCloseTo(0.2, 2);
  });
});
