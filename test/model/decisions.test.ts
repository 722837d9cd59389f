import { describe, expect, it } from 'vitest';
import { decide, utility } from '../../src/model/decisions.js';
import { countTeam } from '../../src/model/imitation.js';
import { snapshotTeam } from '../../src/model/leaderboard.js';
import { genuineTokensOf } from '../../src/model/production.js';
import { keyFromSeed } from '../../src/model/rng.js';
import { initialState, type State } from '../../src/model/state.js';
import { warmUp, weekTerms, type WeekTerms } from '../../src/model/step.js';
import { Strategy } from '../../src/model/strategies.js';
import type { ScenarioInput } from '../../src/scenarios/schema.js';
import { extendPreset, stateFor } from '../helpers.js';

/** Every employee's decision, teams visited in `teams` order and members in `members` order. */
function decideAll(s: State, t: WeekTerms, teams: number[], reverseMembers: boolean): Uint8Array {
  const out = new Uint8Array(s.n);
  for (const team of teams) {
    const start = team * s.teamSize;
    const end = Math.min(s.n, start + s.teamSize);
    snapshotTeam(s, t.leaderboard, start, end);
    countTeam(s, t.imitation, start, end);
    const members = Array.from({ length: end - start }, (_, k) => start + k);
    if (reverseMembers) members.reverse();
    for (const i of members) out[i] = decide(s, t, i, end - start);
  }
  return out;
}

/** A state whose week's tokens are everyone's genuine tokens, ranked, as decisions read them. */
function rankedState(input: ScenarioInput): { s: State; t: WeekTerms } {
  const { s, t } = stateFor({ population: { employees: 400 }, ...input });
  for (let i = 0; i < s.n; i++) {
    s.tokens[i] = genuineTokensOf(s, t.production, i);
    s.output[i] = 1.1;
  }
  s.weekRanker.rebuild(s.tokens, s.n);
  s.outputRanker.rebuild(s.output, s.n);
  return { s, t };
}

const lowTemperature = { revision: 1, imitation: 0, temperature: 0.001, conformity: 0 };

describe('decisions', () => {
  it('do not depend on the order in which employees or teams are visited (they read only last week\'s state)', () => {
    const weekly = extendPreset('amazon-2026', { population: { employees: 3000 }, leaderboard: { visibility: 'team' }, decisions: { conformity: 0.3 } }).weekly;
    const s = initialState(weekly[0], keyFromSeed('order'));
    warmUp(s, weekly[0]);
    const t = weekTerms(s, weekly[0]);
    const teams = Array.from({ length: s.teams }, (_, k) => k);
    const forward = decideAll(s, t, teams, false);
    const backward = decideAll(s, t, [...teams].reverse(), true);
    expect(backward).toEqual(forward);
    expect(new Set(forward).size).toBeGreaterThan(1);
  });

  it('logit choice: at a low temperature with no board and no mandate, a high-fit employee uses AI genuinely and a slowed-down one abstains', () => {
    const { s, t } = stateFor({ population: { employees: 8 }, decisions: lowTemperature });
    s.fit[0] = 0.9; s.skill[0] = 0.9; s.gainScale[0] = 0.9;
    s.fit[1] = 0.05; s.skill[1] = 0.1; s.gainScale[1] = 0.05;
    expect(decide(s, t, 0, 8)).toBe(Strategy.genuine);
    expect(decide(s, t, 1, 8)).toBe(Strategy.abstain);
  });

  it('an employee caught by an audit must use AI genuinely next week', () => {
    const { s, t } = stateFor({ population: { employees: 8 } });
    s.caught[3] = 1;
    s.strategy[3] = Strategy.maxxing;
    expect(decide(s, t, 3, 8)).toBe(Strategy.genuine);
  });

  it('the team norm pulls a choice toward what the team did last week', () => {
    const choose = (conformity: number) => {
      const { s, t } = stateFor({ population: { employees: 8 }, decisions: { ...lowTemperature, conformity } });
      s.fit[0] = 0.9; s.skill[0] = 0.9; s.gainScale[0] = 0.9;
      s.strategy.fill(Strategy.padding);
      s.strategy[0] = Strategy.genuine;
      countTeam(s, t.imitation, 0, 8);
      return decide(s, t, 0, 8);
    };
    expect(choose(0)).toBe(Strategy.genuine);
    expect(choose(5)).toBe(Strategy.padding);
  });

  it('the believed token weight counts in the career value only where managers can see token figures', () => {
    const choose = (input: ScenarioInput) => {
      const { s, t } = rankedState({ decisions: lowTemperature, reviews: { rewardValue: 500, lowShare: 0, cycleWeeks: 26 }, ...input });
      const i = s.tokenFactor.indexOf(Math.min(...s.tokenFactor.subarray(0, 8)));
      s.careerConcern[i] = 0.9;
      s.integrity[i] = 0;
      s.belief[i] = 1;
      return decide(s, t, i, 8);
    };
    // No status on the board: what a rank is worth here is the career alone.
    expect(choose({})).not.toBe(Strategy.maxxing);
    expect(choose({ leaderboard: { visibility: 'self', statusWeight: 0 } })).not.toBe(Strategy.maxxing);
    expect(choose({ leaderboard: { visibility: 'org', statusWeight: 0 } })).toBe(Strategy.maxxing);
    expect(choose({ reviews: { rewardValue: 500, lowShare: 0, officialTokenWeight: 0.1 } })).toBe(Strategy.maxxing);
  });

  it('utility is the sum of the mechanisms\' terms: output, less integrity × waste and effort, plus career and status, less mandate and audit costs', () => {
    const { s, t } = stateFor({ population: { employees: 16 }, mandate: { type: 'weekly-use', pressure: 0.3, escalation: 0, pressureAtTarget: 0.25 }, audits: { penalty: 2 } });
    s.integrity[0] = 0.2;
    const u = utility(s, t, 0, Strategy.padding, 1.1, 1e7, 0.5, 0.05, 0.07, 0.01);
    expect(u).toBeCloseTo(1.1 - 0.2 * 0.5 - t.production.effort[Strategy.padding] + 0.07 + 0.05 - 0.01 * 2, 6);
    // Abstaining misses the mandate: full pressure in a team below the target, eased in one at it.
    s.teamCompliance[0] = 0.5;
    s.teamCompliance[1] = 0.9;
    expect(utility(s, t, 0, Strategy.abstain, 1, 0, 0, 0, 0, 0)).toBeCloseTo(1 - 0.3, 6);
    expect(utility(s, t, 8, Strategy.abstain, 1, 0, 0, 0, 0, 0)).toBeCloseTo(1 - 0.3 * 0.25, 6);
    expect(utility(s, t, 0, Strategy.abstain, 1, 0, 0, 0, 0.4, 1)).toBeCloseTo(1 - 0.3 + 0.4 - 2, 6);
  });
});
