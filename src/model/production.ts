/**
 * Production and payoffs: what each employee's strategy yields this week (tokens with weekly noise,
 * productive tokens, output), and the realised utility teammates compare when imitating.
 */
import { complies } from './mandate.js';
import { careerWeight, Metric, rankWorth } from './leaderboard.js';
import { gainOf, utility, type WeekTerms } from './decisions.js';
import { Purpose, probit, streamKey, uniform } from './rng.js';
import type { State } from './state.js';
import { outputOf, Strategy } from './strategies.js';

/** Computes this week's tokens, productive tokens and output, and adds them to the cycle totals. */
export function produce(s: State, t: WeekTerms, week: number): void {
  const sigma = t.p.tokens.weeklyNoiseSigma;
  const meanCorrection = -0.5 * sigma * sigma;
  const median = t.p.tokens.medianPerWeek;
  const { tokenMultiple, productiveMultiple } = t.prod;
  const noiseKey = streamKey(s.key, week, Purpose.tokenNoise);
  for (let i = 0; i < s.n; i++) {
    const k = s.strategy[i];
    let tokens = 0;
    let productive = 0;
    let output = 1;
    if (k !== Strategy.abstain) {
      const genuine = median * s.tokenFactor[i] * Math.exp(sigma * probit(uniform(noiseKey, i)) + meanCorrection);
      tokens = genuine * tokenMultiple[k];
      productive = genuine * productiveMultiple[k];
      output = Math.max(0, outputOf(k, gainOf(s, t, i), t.p));
    }
    s.tokens[i] = tokens;
    s.productive[i] = productive;
    s.output[i] = output;
    s.cycleTokens[i] += tokens;
    s.cycleOutput[i] += output;
  }
}

/**
 * Sets each employee's realised payoff from this week's output, its ranks on this week's boards,
 * waste, effort, mandate, any audit penalty and, in a review week, any review reward. Returns the
 * share that complied with the mandate.
 */
export function realisePayoffs(s: State, t: WeekTerms, reviewWeek: boolean): number {
  const reward = reviewWeek ? t.p.reviews.rewardValue : 0;
  const b = t.board;
  let compliant = 0;
  for (let i = 0; i < s.n; i++) {
    const k = s.strategy[i];
    const career = careerWeight(b, s.belief[i], s.careerConcern[i]);
    const rank = career === 0 && b.status === 0 ? 0 : rankWorth(b, career, s.tokenRanker.rankOf(i), b.metric === Metric.tokens ? 0 : s.metricRanker.rankOf(i));
    const penalty = s.caught[i] ? t.audit.penalty : 0;
    s.payoff[i] = utility(s, t, i, k, s.output[i], s.tokens[i], rank, penalty) + (reward !== 0 && s.rewarded[i] ? reward : 0);
    if (complies(t.mandate, k, s.tokens[i])) compliant += 1;
  }
  return compliant / s.n;
}
