import { describe, expect, it } from 'vitest';
import { decide, utility } from '../../src/model/decisions.js';
import { Strategy } from '../../src/model/strategies.js';
import { warmUp, weekTerms } from '../../src/model/step.js';
import { preset, stateFor } from '../helpers.js';
import { initialState } from '../../src/model/state.js';
import { keyFromSeed } from '../../src/model/rng.js';

describe('decisions', () => {
  it('do not depend on the order in which employees are visited (they read only last week\'s state)', () => {
    const weekly = preset('amazon-2026', { population: { employees: 3000 } }).weekly;
    const s = initialState(weekly[0], keyFromSeed('order'));
    warmUp(s, weekly[0]);
    const t = weekTerms(s, weekly[0]);
    const forward = new Uint8Array(s.n);
    for (let i = 0; i < s.n; i++) forward[i] = decide(s, t, i);
    const backward = new Uint8Array(s.n);
    for (let i = s.n - 1; i >= 0; i--) backward[i] = decide(s, t, i);
    expect(backward).toEqual(forward);
    expect(new Set(forward).size).toBeGreaterThan(1);
  });

  it('logit choice: at a low temperature with no board and no mandate, a high-fit employee uses AI genuinely and a slowed-down one abstains', () => {
    const { s, t } = stateFor({ population: { employees: 8 }, decisions: { revision: 1, imitation: 0, temperature: 0.001 } });
    s.fit[0] = 0.9; s.skill[0] = 0.9; s.gainScale[0] = 0.9;
    s.fit[1] = 0.05; s.skill[1] = 0.1; s.gainScale[1] = 0.05;
    expect(decide(s, t, 0)).toBe(Strategy.genuine);
    expect(decide(s, t, 1)).toBe(Strategy.abstain);
  });

  it('an employee caught by an audit must use AI genuinely next week', () => {
    const { s, t } = stateFor({ population: { employees: 8 } });
    s.caught[3] = 1;
    s.strategy[3] = Strategy.maxxing;
    expect(decide(s, t, 3)).toBe(Strategy.genuine);
  });

  it('utility is the sum of the mechanisms\' terms: output value, board worth, less waste, effort, mandate and audit costs, plus a review reward', () => {
    const { s, t } = stateFor({ population: { employees: 8 }, mandate: { type: 'weekly-use', pressure: 0.3, escalation: 0 }, audits: { penalty: 2 }, reviews: { cycleWeeks: 1, rewardValue: 0.4 } });
    s.integrity[0] = 0.2;
    const ow = t.production.outputWeight;
    const u = utility(s, t, 0, Strategy.padding, 1.1, 1e7, 0.05, 0.01, 0);
    expect(u).toBeCloseTo(1.1 * ow + 0.05 - 0.2 * 0.5 - t.production.effort[Strategy.padding] - 0.01 * 2);
    expect(utility(s, t, 0, Strategy.abstain, 1, 0, 0, 0, 0)).toBeCloseTo(ow - 0.3);
    expect(utility(s, t, 0, Strategy.abstain, 1, 0, 0, 0, 1)).toBeCloseTo(ow - 0.3 + 0.4);
  });
});
