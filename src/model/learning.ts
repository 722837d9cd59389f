/**
 * Skill learning (MODEL-BRIEF §2): skill grows with genuine use (genuine or padding weeks), closing a
 * share `rate` of the gap to 1, and decays by a share `decay` in weeks without it.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import type { State } from './state.js';
import { Strategy } from './strategies.js';

/** Updates every employee's skill after this week's work. */
export function learn(s: State, p: WeekParameters): void {
  const { rate, decay } = p.learning;
  for (let i = 0; i < s.n; i++) {
    const k = s.strategy[i];
    const skill = s.skill[i];
    s.skill[i] = k === Strategy.genuine || k === Strategy.padding ? skill + rate * (1 - skill) : skill * (1 - decay);
  }
}
