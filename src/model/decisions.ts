/**
 * Decisions (MODEL-BRIEF §4): each week an employee reconsiders with probability `revision`
 * (inertia otherwise). A reconsidering employee imitates a random teammate (probability
 * `imitation`, Fermi rule; imitation.ts) or chooses by logit over the four strategies' utilities.
 *
 * The utility of a week is the sum of the mechanisms' utility terms, stated once here:
 *
 *   U = production value (output − integrity × waste share − effort)
 *     + career value (the chance of a top rating the week's ranks buy × what it is worth; reviews.ts)
 *     + status worth (status × V(rank on the board))
 *     − mandate cost − audit cost
 *     (+ the team norm's pull, when choosing)
 *
 * An employee decides by its expectation (expected tokens, ranks against last week's distributions
 * and boards, its belief about the review, the probability of being caught); the week then pays the
 * same terms realised (`payoff`: this week's board rank, a top rating held, an audit's outcome).
 *
 * Decisions read only last week's state (strategies, payoffs, ranks, board values) and are staged in
 * `nextStrategy`, so no result depends on the order in which employees are visited.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import { auditCost, catchProbability } from './audits.js';
import { CHOOSE, imitate, normPull } from './imitation.js';
import { expectedStatusWorth, realisedStatusWorth } from './leaderboard.js';
import { mandateCost } from './mandate.js';
import type { Mechanism } from './mechanism.js';
import { gainOf, genuineTokensOf, outputOf, productionValue, tokensOf, wasteOf } from './production.js';
import { believedRatings, expectedCareer, realisedCareer } from './reviews.js';
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
 * the week's output, tokens and waste share, the worth of its board rank and of its review standing,
 * and its probability of being caught.
 */
export function utility(s: State, t: WeekTerms, i: number, k: number, output: number, tokens: number, waste: number, status: number, career: number, caught: number): number {
  return (
    productionValue(t.production, k, output, s.integrity[i], waste) +
    career +
    status -
    mandateCost(t.mandate, k, tokens, s.teamCompliance[(i / s.teamSize) | 0]) -
    auditCost(t.audits, caught)
  );
}

/** Act: employee `i`'s realised payoff this week under strategy `k` (what teammates compare when imitating). */
export function realisePayoff(s: State, t: WeekTerms, i: number, k: number): void {
  const tokens = s.tokens[i];
  const waste = tokens > 0 ? 1 - s.productive[i] / tokens : 0;
  const career = realisedCareer(t.reviews, s.careerConcern[i], s.rating[i]);
  s.payoff[i] = utility(s, t, i, k, s.output[i], tokens, waste, realisedStatusWorth(s, t.leaderboard, i), career, s.caught[i]);
}

/** Utilities, then choice weights, of the four strategies for the employee deciding (reused). */
const weights = new Float64Array(STRATEGY_COUNT);
/** The deciding employee's believed ratings: mean and sd (reused). */
const ratings = new Float64Array(2);

/**
 * exp(x) for x ≤ 0, the weight of a strategy whose utility is x temperatures below the best: 1 for
 * the best without the exponential, and 0 below −40 (a weight under 5e-18 of the best's, which no
 * 32-bit uniform draw can tell from 0).
 */
function choiceWeight(x: number): number {
  return x === 0 ? 1 : x < -40 ? 0 : Math.exp(x);
}

/**
 * Logit choice for employee `i` of a team of `size`, from one uniform draw: P(k) ∝ exp(U(k) /
 * temperature), with U the expected utility — expected tokens, ranks against last week's
 * distributions, the believed review, the probability of being caught — plus the team norm's pull.
 * The log of expected tokens is a sum of logs but for maxxing's, whose busywork is added on.
 */
function logitChoice(s: State, t: WeekTerms, i: number, size: number): number {
  const prod = t.production;
  const review = t.reviews;
  const gain = gainOf(s, prod, i);
  const genuine = genuineTokensOf(s, prod, i);
  const logGenuine = prod.logMedian + s.logTokenFactor[i];
  const concern = s.careerConcern[i];
  const careerOn = concern > 0 && (review.rewardWeekly > 0 || review.lowWeekly > 0);
  const believed = t.managers.seeTokens ? s.belief[i] : 0;
  if (careerOn) believedRatings(review, believed, s.rankCorrelation, ratings);
  let best = -Infinity;
  for (let k = 0; k < STRATEGY_COUNT; k++) {
    const output = outputOf(prod, k, gain);
    const tokens = tokensOf(s, prod, i, k, genuine);
    const logTokens = k === Strategy.maxxing ? (tokens > 0 ? Math.log(tokens) : -Infinity) : logGenuine + prod.logTokenMultiple[k];
    const status = expectedStatusWorth(s, t.leaderboard, i, output, tokens, logTokens);
    const career = careerOn ? expectedCareer(review, concern, believed, ratings, s.outputRanker.rank(output), s.weekRanker.rankOfLog(logTokens)) : 0;
    const waste = wasteOf(prod, k, tokens, genuine);
    const v = utility(s, t, i, k, output, tokens, waste, status, career, catchProbability(t.audits, waste)) + normPull(s, t.imitation, i, k, size);
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

/** Act: employee `i`'s strategy for this week (in a team of `size`), from last week's state only. */
export function decide(s: State, t: WeekTerms, i: number, size: number): number {
  const current = s.strategy[i];
  if (s.caught[i]) return Strategy.genuine;
  const d = t.decisions;
  if (uniform(d.reviseKey, i) >= d.revision) return current;
  const imitated = imitate(s, t.imitation, i, current);
  return imitated !== CHOOSE ? imitated : logitChoice(s, t, i, size);
}
