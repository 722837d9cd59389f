/**
 * Managers as a population (one per team): each manager's attention to the token board and the
 * weight they really give token rank (the leak) are the scenario's values times the manager's own
 * log-normal multiple, drawn once (mean 1, log sd `managers.spread`). A manager who cannot see token
 * figures neither mentions the board nor weighs tokens beyond the official weight.
 *
 * The per-team figures are recomputed each week into the state's team columns, since the scenario's
 * values (and the spread) may change with the week.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import { managersSeeTokens } from './leaderboard.js';
import type { Mechanism } from './mechanism.js';
import type { State } from './state.js';

/** Managers' constants for one week (their per-team figures are in `State.teamAttention` and `teamTokenWeight`). */
export interface ManagerTerms {
  /** Can managers see employees' token figures this week? */
  seeTokens: boolean;
}

/** A log-normal multiple with mean 1 and log sd `sigma`, from a standard normal draw `z`. */
export function meanOneMultiple(sigma: number, z: number): number {
  return Math.exp(sigma * z - 0.5 * sigma * sigma);
}

/** This week's managers: each one's attention (a probability, at most 1) and applied token weight. */
function terms(p: WeekParameters, s: State): ManagerTerms {
  const seeTokens = managersSeeTokens(p);
  const sigma = p.managers.spread;
  const official = p.reviews.officialTokenWeight;
  for (let team = 0; team < s.teams; team++) {
    s.teamAttention[team] = seeTokens ? Math.min(1, p.managers.attention * meanOneMultiple(sigma, s.managerAttentionZ[team])) : 0;
    s.teamTokenWeight[team] = official + (seeTokens ? p.reviews.managerLeak * meanOneMultiple(sigma, s.managerLeakZ[team]) : 0);
  }
  return { seeTokens };
}

export const managers = { name: 'managers', terms } as const satisfies Mechanism<'managers', ManagerTerms>;
