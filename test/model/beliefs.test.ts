import { describe, expect, it } from 'vitest';
import { beliefs, mentioned, readReview, settleAnnouncement, updateBelief } from '../../src/model/beliefs.js';
import type { State } from '../../src/model/state.js';
import type { WeekTerms } from '../../src/model/step.js';
import { weekTerms } from '../../src/model/step.js';
import { probit, uniform } from '../../src/model/rng.js';
import type { ScenarioInput } from '../../src/scenarios/schema.js';
import { metric, run, scenario, stateFor } from '../helpers.js';

/** Runs this week's mentions and belief updates over every team; returns the number of teams mentioned. */
function updateAll(s: State, t: WeekTerms): number {
  let mentions = 0;
  for (let team = 0; team < s.teams; team++) {
    const m = mentioned(s, t.beliefs, team);
    if (m) mentions += 1;
    for (let i = team * s.teamSize; i < Math.min(s.n, (team + 1) * s.teamSize); i++) updateBelief(s, t.beliefs, i, m);
  }
  return mentions;
}

describe('beliefs: mentions and decay', () => {
  it('a mention moves belief mentionBoost of the way to 1; beliefs decay where managers cannot see token figures', () => {
    const watched = stateFor({ population: { employees: 800 }, leaderboard: { visibility: 'org' }, managers: { attention: 1, mentionBoost: 0.1, spread: 0 } });
    watched.s.belief.fill(0.2);
    expect(updateAll(watched.s, watched.t)).toBe(100);
    for (const i of [0, 399, 799]) expect(watched.s.belief[i]).toBeCloseTo(0.2 + 0.1 * 0.8, 6);
    const unseen = stateFor({ population: { employees: 800 }, leaderboard: { visibility: 'self' }, managers: { attention: 1, spread: 0 }, beliefs: { decay: 0.1 } });
    unseen.s.belief.fill(0.2);
    expect(updateAll(unseen.s, unseen.t)).toBe(0);
    for (const i of [0, 399, 799]) expect(unseen.s.belief[i]).toBeCloseTo(0.18, 6);
  });

  it('a team is mentioned with its own manager\'s attention', () => {
    const { s, t } = stateFor({ population: { employees: 80_000 }, leaderboard: { visibility: 'org' }, managers: { attention: 0.3, spread: 0.5 } });
    let mentions = 0;
    let expected = 0;
    for (let team = 0; team < s.teams; team++) {
      if (mentioned(s, t.beliefs, team)) mentions += 1;
      expected += s.teamAttention[team];
    }
    expect(Math.abs(mentions - expected)).toBeLessThan(4 * Math.sqrt(expected));
    // Teams of attentive managers are mentioned more often than those of inattentive ones.
    let attentive = 0, attentiveTeams = 0, inattentive = 0, inattentiveTeams = 0;
    for (let team = 0; team < s.teams; team++) {
      const m = mentioned(s, t.beliefs, team) ? 1 : 0;
      if (s.teamAttention[team] > 0.45) { attentive += m; attentiveTeams += 1; }
      if (s.teamAttention[team] < 0.2) { inattentive += m; inattentiveTeams += 1; }
    }
    expect(attentive / attentiveTeams).toBeGreaterThan(inattentive / inattentiveTeams + 0.2);
  });
});

describe('beliefs: announcements', () => {
  /** The weeks whose terms announce the official weight, settling each week as the step does. */
  function announcements(input: ScenarioInput): number[] {
    const weekly = scenario({ population: { employees: 16 }, weeks: 12, ...input }).weekly;
    const { s } = stateFor({ population: { employees: 16 } });
    const weeks: number[] = [];
    if (weekTerms(s, weekly[0], -1).beliefs.announce) weeks.push(-1);
    for (let w = 0; w < weekly.length; w++) {
      if (weekTerms(s, weekly[w], w).beliefs.announce) weeks.push(w);
      settleAnnouncement(s, weekly[w]);
    }
    return weeks;
  }

  it('happen exactly when the official weight changes, and at week 0 if it is above 0', () => {
    expect(announcements({})).toEqual([]);
    expect(announcements({ reviews: { officialTokenWeight: 0.2 } })).toEqual([0]);
    expect(announcements({ schedule: [{ week: 5, reviews: { officialTokenWeight: 0.2 } }, { week: 9, reviews: { officialTokenWeight: 0 } }] })).toEqual([5, 9]);
    expect(announcements({ reviews: { officialTokenWeight: 0.1 }, schedule: [{ week: 3, reviews: { officialTokenWeight: 0.1 } }] })).toEqual([0]);
  });

  it('happen too when managers stop seeing token figures: a token board taken down, or turned to an outcome', () => {
    const board = { leaderboard: { visibility: 'org' as const, metric: 'tokens' as const } };
    expect(announcements(board)).toEqual([]);
    expect(announcements({ ...board, schedule: [{ week: 6, leaderboard: { visibility: 'none' } }] })).toEqual([6]);
    expect(announcements({ ...board, schedule: [{ week: 4, leaderboard: { metric: 'output' } }] })).toEqual([4]);
    // A private dashboard was never seen by managers: nothing to take down.
    expect(announcements({ leaderboard: { visibility: 'self' }, schedule: [{ week: 6, leaderboard: { visibility: 'none' } }] })).toEqual([]);
    // Seen again, then taken down again: each removal is a signal.
    expect(announcements({ ...board, schedule: [{ week: 3, leaderboard: { visibility: 'none' } }, { week: 5, leaderboard: { visibility: 'org' } }, { week: 8, leaderboard: { visibility: 'none' } }] })).toEqual([3, 8]);
  });

  it('move every belief `credibility` of the way to the announced weight (clamped to [0, 1])', () => {
    for (const [official, announced] of [[0.4, 0.4], [3, 1]]) {
      const { s, t } = stateFor({ population: { employees: 16 }, reviews: { officialTokenWeight: official }, beliefs: { credibility: 0.3, decay: 0 } });
      expect(t.beliefs.announce).toBe(true);
      s.belief[0] = 0;
      s.belief[1] = 0.8;
      updateBelief(s, t.beliefs, 0, false);
      updateBelief(s, t.beliefs, 1, false);
      expect(s.belief[0]).toBeCloseTo(0.3 * announced, 6);
      expect(s.belief[1]).toBeCloseTo(0.8 + 0.3 * (announced - 0.8), 6);
    }
    const { s, t } = stateFor({ population: { employees: 16 }, reviews: { officialTokenWeight: 0.5 }, beliefs: { credibility: 0, decay: 0 } });
    s.belief[0] = 0.1;
    updateBelief(s, t.beliefs, 0, false);
    expect(s.belief[0]).toBeCloseTo(0.1, 6);
  });
});

describe('beliefs: reading the team\'s review', () => {
  function readOne(reading: { weight: number; variance: number }, before: number, input: ScenarioInput['beliefs'] = {}): number {
    const { s, t } = stateFor({ population: { employees: 8 }, beliefs: { reviewLearning: 0.5, weightUncertainty: 0.2, observationNoise: 0, ...input } });
    s.belief[3] = before;
    const shift = readReview(s, t.beliefs, 3, reading);
    expect(s.belief[3] - before).toBeCloseTo(shift, 6);
    return shift;
  }

  it('moves belief reviewLearning × τ² / (τ² + v) of the way to the weight read, so a clear review moves it more', () => {
    expect(readOne({ weight: 0.6, variance: 0 }, 0.2)).toBeCloseTo(0.5 * 0.4, 6);
    expect(readOne({ weight: 0.6, variance: 0.04 }, 0.2)).toBeCloseTo(0.5 * 0.5 * 0.4, 6);
    expect(readOne({ weight: 0.6, variance: 0.36 }, 0.2)).toBeCloseTo(0.5 * 0.1 * 0.4, 6);
    expect(readOne({ weight: 0, variance: 0 }, 0.2)).toBeCloseTo(-0.1, 6);
    // Each employee's reading error (sd σ) is read into the weight and counts as variance too.
    const { s, t } = stateFor({ population: { employees: 8 }, beliefs: { reviewLearning: 0.5, weightUncertainty: 0.2, observationNoise: 0.2 } });
    s.belief[3] = 0.2;
    const z = probit(uniform(t.beliefs.readingKey, 3));
    expect(readReview(s, t.beliefs, 3, { weight: 0.6, variance: 0.04 })).toBeCloseTo((0.5 * 0.04 / (0.04 + 0.04 + 0.04)) * (0.4 + 0.2 * z), 6);
  });

  it('stays in [0, 1], and a review that reveals nothing moves nobody', () => {
    expect(readOne({ weight: 5, variance: 0 }, 0.5, { reviewLearning: 1 })).toBeCloseTo(0.5, 6);
    expect(readOne({ weight: -3, variance: 0 }, 0.5, { reviewLearning: 1 })).toBeCloseTo(-0.5, 6);
    expect(readOne({ weight: Number.NaN, variance: Infinity }, 0.5)).toBe(0);
  });

  it('each member reads the review with an error of their own (sd observationNoise)', () => {
    const { s, t } = stateFor({ population: { employees: 20_000 }, beliefs: { reviewLearning: 1, weightUncertainty: 10, observationNoise: 0.1 } });
    s.belief.fill(0.5);
    let sum = 0, sumsq = 0;
    for (let i = 0; i < s.n; i++) {
      const d = readReview(s, t.beliefs, i, { weight: 0.5, variance: 0 });
      sum += d;
      sumsq += d * d;
    }
    // Gain ≈ 1 (τ² = 100 ≫ 0.01): the shift is the reading error itself.
    expect(sum / s.n).toBeCloseTo(0, 2);
    expect(Math.sqrt(sumsq / s.n)).toBeCloseTo(0.1, 2);
  });

  it('beliefs fall at reviews without a leak and rise at them with a large one', () => {
    const shift = (managerLeak: number) => {
      const rs = run(scenario({
        population: { employees: 800 },
        weeks: 16,
        traits: { beliefPrior: 0.4 },
        leaderboard: { visibility: 'org' },
        managers: { attention: 0, spread: 0 },
        reviews: { managerLeak, cycleWeeks: 8 },
        beliefs: { decay: 0 },
      }), ['b1', 'b2']);
      let sum = 0, reviewed = 0;
      for (const r of rs) {
        for (let w = 0; w < 16; w++) {
          const share = metric(r, 'reviewedShare', w);
          sum += share * metric(r, 'beliefShiftAtReview', w);
          reviewed += share;
        }
      }
      // Every team is reviewed twice in 16 weeks of 8-week cycles.
      expect(reviewed).toBeCloseTo(2 * rs.length, 9);
      return sum / reviewed;
    };
    expect(shift(0)).toBeLessThan(-0.02);
    expect(shift(1.5)).toBeGreaterThan(0.05);
  });
});

describe('beliefs terms', () => {
  it('announce nothing in the warm-up week', () => {
    const { s, p } = stateFor({ reviews: { officialTokenWeight: 0.3 } });
    expect(beliefs.terms(p, s, -1).announce).toBe(false);
    expect(beliefs.terms(p, s, 0).announce).toBe(true);
  });
});
