/**
 * Skill learning (MODEL-BRIEF §2): skill grows with genuine use (genuine or padding weeks), closing a
 * share `rate` of the gap to 1, and decays by a share `decay` in weeks without it. Experimenting with
 * agents — padding's needless runs, maxxing's busywork — may teach too, at `experimentRate` (from 0:
 * gaming teaches nothing), so the model can find that a push for usage pays for itself through
 * learning, or that it does not.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import type { Mechanism } from './mechanism.js';
import type { State } from './state.js';

/** Learning constants for one week. */
export interface LearningTerms {
  /** Share of the gap to 1 closed in a week, per strategy (0: skill decays instead). */
  rate: Float64Array;
  /** 1 − decay: the share of skill kept in a week without genuine use. */
  keep: number;
}

export const learning = {
  name: 'learning',
  terms: (p: WeekParameters) => {
    const { rate, experimentRate } = p.learning;
    return { rate: Float64Array.of(0, rate, Math.min(1, rate + experimentRate), experimentRate), keep: 1 - p.learning.decay };
  },
} as const satisfies Mechanism<'learning', LearningTerms>;

/** Act: employee `i`'s skill after a week of strategy `k`. */
export function learn(s: State, t: LearningTerms, i: number, k: number): void {
  const skill = s.skill[i];
  const rate = t.rate[k];
  s.skill[i] = rate > 0 ? skill + rate * (1 - skill) : skill * t.keep;
}
