/**
 * Team imitation (MODEL-BRIEF §4): a revising employee may look at a random teammate and copy the
 * teammate's strategy with the Fermi probability 1 / (1 + exp(−(π_peer − π_own) / K)), where π is
 * last week's realised payoff.
 */
import type { State } from './state.js';

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
