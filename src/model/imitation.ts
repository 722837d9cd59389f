/**
 * The team as a social setting (MODEL-BRIEF §4): payoff imitation and a team norm.
 *
 * Imitation: a revising employee may look at a random teammate and copy the teammate's strategy with
 * the Fermi probability 1 / (1 + exp(−(π_peer − π_own) / K)), where π is last week's realised payoff.
 *
 * Norm: a strategy is worth `conformity` per unit share of teammates who followed it last week — a
 * pull toward what the team does, whatever it pays, felt when choosing.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import type { Mechanism } from './mechanism.js';
import { Purpose, streamKey, uniform } from './rng.js';
import type { State } from './state.js';
import { STRATEGY_COUNT } from './strategies.js';

/** Imitation constants for one week. */
export interface ImitationTerms {
  /** Probability a revising employee imitates rather than chooses. */
  probability: number;
  /** Utility of a strategy per unit share of teammates on it last week. */
  conformity: number;
  fermiK: number;
  imitateKey: number;
  peerKey: number;
  copyKey: number;
}

function terms(p: WeekParameters, s: State, week: number): ImitationTerms {
  return {
    probability: p.decisions.imitation,
    conformity: p.decisions.conformity,
    fermiK: p.decisions.fermiK,
    imitateKey: streamKey(s.key, week, Purpose.imitate),
    peerKey: streamKey(s.key, week, Purpose.peer),
    copyKey: streamKey(s.key, week, Purpose.peerCopy),
  };
}

export const imitation = { name: 'imitation', terms } as const satisfies Mechanism<'imitation', ImitationTerms>;

/** Fermi probability of copying a peer whose payoff exceeds one's own by `delta`. */
export function fermi(delta: number, k: number): number {
  return 1 / (1 + Math.exp(-delta / k));
}

/**
 * The teammate employee `i` looks at, chosen by the uniform draw `u`, or −1 if `i` has no teammate.
 * Teams are consecutive blocks of `teamSize` employees (the last may be smaller).
 */
export function peerOf(s: State, i: number, u: number): number {
  const start = i - (i % s.teamSize);
  const size = Math.min(s.teamSize, s.n - start);
  if (size < 2) return -1;
  const j = start + Math.floor(u * (size - 1));
  return j >= i ? j + 1 : j;
}

/** Returned by {@link imitate} when the employee chooses instead. */
export const CHOOSE = -1;

/**
 * Act (inside a decision): the strategy revising employee `i` takes by imitation — a teammate's, or
 * its own `current` one — or CHOOSE if it does not imitate this week (or has no teammate).
 */
export function imitate(s: State, t: ImitationTerms, i: number, current: number): number {
  if (t.probability <= 0 || uniform(t.imitateKey, i) >= t.probability) return CHOOSE;
  const j = peerOf(s, i, uniform(t.peerKey, i));
  if (j < 0) return CHOOSE;
  return uniform(t.copyKey, i) < fermi(s.payoff[j] - s.payoff[i], t.fermiK) ? s.strategy[j] : current;
}

/** Last week's strategy counts of the team being visited. */
const teamCounts = new Float64Array(STRATEGY_COUNT);

/** Act, at the start of a team (employees `start` … `end` − 1): counts last week's strategies in it. */
export function countTeam(s: State, t: ImitationTerms, start: number, end: number): void {
  if (t.conformity === 0) return;
  teamCounts.fill(0);
  for (let j = start; j < end; j++) teamCounts[s.strategy[j]] += 1;
}

/** Utility term (when choosing): the norm's pull on strategy `k` for employee `i` of the team last counted, of `size` members. */
export function normPull(s: State, t: ImitationTerms, i: number, k: number, size: number): number {
  if (t.conformity === 0 || size < 2) return 0;
  return (t.conformity * (teamCounts[k] - (s.strategy[i] === k ? 1 : 0))) / (size - 1);
}
