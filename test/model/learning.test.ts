import { describe, expect, it } from 'vitest';
import { learn } from '../../src/model/learning.js';
import { Strategy } from '../../src/model/strategies.js';
import type { ScenarioInput } from '../../src/scenarios/schema.js';
import { stateFor } from '../helpers.js';

/** Skill of employees 0–3 after one week of genuine use, padding, maxxing and abstaining, from 0.5. */
function afterAWeek(learning: ScenarioInput['learning']): number[] {
  const { s, t } = stateFor({ population: { employees: 8 }, learning });
  s.skill.fill(0.5);
  [Strategy.genuine, Strategy.padding, Strategy.maxxing, Strategy.abstain].forEach((k, i) => learn(s, t.learning, i, k));
  return Array.from(s.skill.subarray(0, 4));
}

describe('learning', () => {
  it('without experimenting, skill grows with genuine use (genuine, padding) and decays otherwise', () => {
    const [genuine, padding, maxxing, abstain] = afterAWeek({ rate: 0.1, decay: 0.02, experimentRate: 0 });
    expect(genuine).toBeCloseTo(0.55, 6);
    expect(padding).toBeCloseTo(0.55, 6);
    expect(maxxing).toBeCloseTo(0.49, 6);
    expect(abstain).toBeCloseTo(0.49, 6);
  });

  it('experimenting builds skill: maxxing learns at experimentRate, padding at rate + experimentRate', () => {
    const [genuine, padding, maxxing, abstain] = afterAWeek({ rate: 0.1, decay: 0.02, experimentRate: 0.04 });
    expect(genuine).toBeCloseTo(0.55, 6);
    expect(padding).toBeCloseTo(0.5 + 0.14 * 0.5, 6);
    expect(maxxing).toBeCloseTo(0.5 + 0.04 * 0.5, 6);
    expect(abstain).toBeCloseTo(0.49, 6);
    // The rate is a share of the gap, never more than all of it.
    expect(afterAWeek({ rate: 0.8, experimentRate: 0.5 })[1]).toBeCloseTo(1, 6);
  });

  it('over many weeks a maxxer\'s skill decays without experimenting and grows toward 1 with it', () => {
    const weeks = (experimentRate: number) => {
      const { s, t } = stateFor({ population: { employees: 8 }, learning: { rate: 0.05, decay: 0.01, experimentRate } });
      s.skill[0] = 0.4;
      for (let w = 0; w < 52; w++) learn(s, t.learning, 0, Strategy.maxxing);
      return s.skill[0];
    };
    expect(weeks(0)).toBeCloseTo(0.4 * 0.99 ** 52, 5);
    expect(weeks(0.02)).toBeCloseTo(1 - 0.6 * 0.98 ** 52, 5);
    expect(weeks(0.02)).toBeGreaterThan(0.6);
  });
});
