/**
 * Decisions (MODEL-BRIEF §4): each week an employee reconsiders with probability `revision`
 * (inertia otherwise). A reconsidering employee imitates a random teammate (probability
 * `imitation`, Fermi rule; imitation.ts) or chooses by logit over the four strategies' utilities.
 *
 * The utility of a week is the sum of the mechanisms' utility terms, stated once here:
 *
 *   U = production value (output × (1 + outcomeWeight) − integrity × waste share − effort)
 *     + board worth (career × V(token rank) + status × V(rank on the board metric))
 *     − mandate cost − audit cost + review reward
 *
 * An employee decides by its expectation (expected tokens, ranks against last week's boards, the
 * probability of being caught); the week then pays the same terms realised (`payoff`).
 *
 * Decisions read only last week's state (strategies, payoffs, board ranks) and are staged in
 * `nextStrategy`, so no result depends on the order in which employees are visited.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import { auditCost, catchProbability } from './audits.js';
import { CHOOSE, imitate } from './imitation.js';
import { careerWeight, expectedRankWorth, realisedRankWorth } from './leaderboard.js';
import { mandateCost } from './mandate.js';
import type { Mechanism } from './mechanism.js';
import { gainOf, outputOf, productionValue } from './production.js';
import { reviewReward } from './beliefs.js';
import { Purpose, streamKey, uniform } from './rng.js';
import type { State } from './state.js';
import type { WeekTerms } from './step.js';
import { Strategy, STRATEGY_COUNT } from './strategies.js';

/** Decision constants for one week. */
export interface DecisionTerms {
  revision: number;
  invTemperature: number;
  reviseKey: number;
  choiceKey: number;
}

function terms(p: WeekParameters, s: State, week: number): DecisionTerms {
  return {
    revision: p.decisions.revision,
    invTemperature: 1 / p.decisions.temperature,
    reviseKey: streamKey(s.key, week, Purpose.revise),
    choiceKey: streamKey(s.key, week, Purpose.choice),
  };
}

export const decisions = { name: 'decisions', terms } as const satisfies Mechanism<'decisions', DecisionTerms>;

/**
 * The utility of a week of strategy `k` for employee `i`: the sum of every mechanism's term, given
 * the week's output and tokens, the worth of its board ranks, its probability of being caught and
 * whether it was rewarded.
 */
export function utility(s: State, t: WeekTerms, i: number, k: number, output: number, tokens: number, rankWorth: number, caught: number, rewarded: number): number {
  return (
    productionValue(t.production, k, output, s.integrity[i]) +
    rankWorth -
    mandateCost(t.mandate, k, tokens) -
    auditCost(t.audits, caught) +
    reviewReward(t.reviews, rewarded)
  );
}

/** Act: employee `i`'s realised payoff this week under strategy `k` (what teammates compare when imitating). */
export function realisePayoff(s: State, t: WeekTerms, i: number, k: number): void {
  const career = careerWeight(t.leaderboard, s.belief[i], s.careerConcern[i]);
  s.payoff[i] = utility(s, t, i, k, s.output[i], s.tokens[i], realisedRankWorth(s, t.leaderboard, i, career), s.caught[i], s.rewarded[i]);
}

/** Utilities, then choice weights, of the four strategies for the employee deciding (reused). */
const weights = new Float64Array(STRATEGY_COUNT);

/**
 * exp(x) for x ≤ 0, the weight of a strategy whose utility is x temperatures below the best: 1 for
 * the best without the exponential, and 0 below −40 (a weight under 5e-18 of the best's, which no
 * 32-bit uniform draw can tell from 0).
 */
function choiceWeight(x: number): number {
  return x === 0 ? 1 : x < -40 ? 0 : Math.exp(x);
}

/**
 * Logit choice for employee `i`, from one uniform draw: P(k) ∝ exp(U(k) / temperature), with U
 * the expected utility — expected tokens, ranks against last week's boards, the probability of being
 * caught, no reward. The log of expected tokens is a sum of logs, so a one-week board costs no
 * logarithm.
 */
function logitChoice(s: State, t: WeekTerms, i: number): number {
  const prod = t.production;
  const gain = gainOf(s, prod, i);
  const genuineTokens = prod.median * s.tokenFactor[i];
  const logGenuine = prod.logMedian + s.logTokenFactor[i];
  const career = careerWeight(t.leaderboard, s.belief[i], s.careerConcern[i]);
  let best = -Infinity;
  for (let k = 0; k < STRATEGY_COUNT; k++) {
    const output = outputOf(prod, k, gain);
    const tokens = genuineTokens * prod.tokenMultiple[k];
    const worth = expectedRankWorth(s, t.leaderboard, i, career, output, tokens, logGenuine + prod.logTokenMultiple[k]);
    const v = utility(s, t, i, k, output, tokens, worth, catchProbability(t.audits, k), 0);
    weights[k] = v;
    if (v > best) best = v;
  }
  const inv = t.decisions.invTemperature;
  let total = 0;
  for (let k = 0; k < STRATEGY_COUNT; k++) total += weights[k] = choiceWeight((weights[k] - best) * inv);
  let x = uniform(t.decisions.choiceKey, i) * total;
  for (let k = 0; k < STRATEGY_COUNT - 1; k++) if ((x -= weights[k]) < 0) return k;
  return STRATEGY_COUNT - 1;
}

/** Act: employee `i`'s strategy for this week, from last week's state only. */
export function decide(s: State, t: WeekTerms, i: number): number {
  const current = s.strategy[i];
  if (s.caught[i]) return Strategy.genuine;
  const d = t.decisions;
  if (uniform(d.reviseKey, i) >= d.revision) return current;
  const imitated = imitate(s, t.imitation, i, current);
  return imitated !== CHOOSE ? imitated : logitChoice(s, t, i);
}
