import { describe, expect, it } from 'vitest';
import { learn } from '../../src/model/learning.js';
import { Strategy } from '../../src/model/strategies.js';
import { stateFor } from '../helpers.js';

describe('learning', () => {
  it('skill grows with genuine use (genuine, padding) and decays otherwise', () => {
    const { s, t } = stateFor({ population: { employees: 8 }, learning: { rate: 0.1, decay: 0.02 } });
    s.skill.fill(0.5);
    [Strategy.genuine, Strategy.padding, Strategy.maxxing, Strategy.abstain].forEach((k, i) => learn(s, t.learning, i, k));
    expect(s.skill[0]).toBeCloseTo(0.55);
    expect(s.skill[1]).toBeCloseTo(0.55);
    expect(s.skill[2]).toBeCloseTo(0.49);
    expect(s.skill[3]).toBeCloseTo(0.49);
  });
});
