/**
 * Skill learning (MODEL-BRIEF §2): skill grows with genuine use (genuine or padding weeks), closing a
 * share `rate` of the gap to 1, and decays by a share `decay` in weeks without it.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import type { Mechanism } from './mechanism.js';
import type { State } from './state.js';
import { Strategy } from './strategies.js';

/** Learning constants for one week. */
export interface LearningTerms {
  rate: number;
  /** 1 − decay: the share of skill kept in a week without genuine use. */
  keep: number;
}

export const learning = {
  name: 'learning',
  terms: (p: WeekParameters) => ({ rate: p.learning.rate, keep: 1 - p.learning.decay }),
} as const satisfies Mechanism<'learning', LearningTerms>;

/** Act: employee `i`'s skill after a week of strategy `k`. */
export function learn(s: State, t: LearningTerms, i: number, k: number): void {
  const skill = s.skill[i];
  s.skill[i] = k === Strategy.genuine || k === Strategy.padding ? skill + t.rate * (1 - skill) : skill * t.keep;
}
