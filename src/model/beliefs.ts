/**
 * Reviews and beliefs (MODEL-BRIEF §5).
 *
 * Each week a manager who can see token figures mentions the board with probability `attention`;
 * a mention moves each team member's belief a share `mentionBoost` toward 1, and beliefs otherwise
 * decay. At the end of each review cycle the review is computed for real — rating = outcomeWeight ×
 * output rank + (official weight + manager leak) × token rank + noise; the top `rewardShare` of
 * ratings is rewarded — and employees move their beliefs toward the token weight the ratings reveal:
 * the ratio of the slopes of rating on token rank and on output rank (least squares with both ranks
 * in the regression, so output is held fixed). Ratings rather than the binary reward are regressed
 * because a linear fit of a thresholded outcome is biased when the ranks are correlated. With no
 * leak the revealed weight is ~0 and beliefs fall; with a leak they are confirmed.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import { managersSeeTokens } from './leaderboard.js';
import type { Mechanism } from './mechanism.js';
import { LogRanker, linearQuantile } from './percentile.js';
import { Purpose, probit, streamKey, uniform } from './rng.js';
import type { State } from './state.js';

/** Review and belief constants for one week. */
export interface ReviewTerms {
  /** Probability a team's manager mentions the board this week (0 if managers cannot see tokens). */
  attention: number;
  mentionBoost: number;
  /** 1 − decay: the share of belief kept in a week without a mention. */
  keep: number;
  mentionKey: number;
  /** Is this week the last of a review cycle? */
  due: boolean;
  /** The reward of a rewarded employee this week (0 outside review weeks). */
  reward: number;
  outcomeWeight: number;
  /** The token weight managers really apply: the official weight, plus the leak if they see token figures. */
  appliedTokenWeight: number;
  noise: number;
  rewardShare: number;
  reviewLearning: number;
  noiseKey: number;
}

/** Is week `week` the last of a review cycle? */
export function isReviewWeek(p: WeekParameters, week: number): boolean {
  return (week + 1) % p.reviews.cycleWeeks === 0;
}

function terms(p: WeekParameters, s: State, week: number): ReviewTerms {
  const r = p.reviews;
  const seen = managersSeeTokens(p);
  const due = week >= 0 && isReviewWeek(p, week);
  return {
    attention: seen ? p.managers.attention : 0,
    mentionBoost: p.managers.mentionBoost,
    keep: 1 - p.beliefs.decay,
    mentionKey: streamKey(s.key, week, Purpose.mention),
    due,
    reward: due ? r.rewardValue : 0,
    outcomeWeight: r.outcomeWeight,
    appliedTokenWeight: r.officialTokenWeight + (seen ? r.managerLeak : 0),
    noise: r.noise,
    rewardShare: r.rewardShare,
    reviewLearning: p.beliefs.reviewLearning,
    noiseKey: streamKey(s.key, week, Purpose.reviewNoise),
  };
}

export const reviews = { name: 'reviews', terms } as const satisfies Mechanism<'reviews', ReviewTerms>;

/** Does the manager of team `team` mention the board this week? */
export function mentioned(t: ReviewTerms, team: number): boolean {
  return t.attention > 0 && uniform(t.mentionKey, team) < t.attention;
}

/** Act: employee `i`'s belief after this week's mention (toward 1) or decay. */
export function updateBelief(s: State, t: ReviewTerms, i: number, mention: boolean): void {
  const b = s.belief[i];
  s.belief[i] = mention ? b + t.mentionBoost * (1 - b) : b * t.keep;
}

/** Utility term: a review reward, paid in the review week's payoff to those rewarded. */
export function reviewReward(t: ReviewTerms, rewarded: number): number {
  return t.reward !== 0 && rewarded ? t.reward : 0;
}

/**
 * Act, at the end of a cycle: every employee gets a rating over the cycle's output and tokens, the
 * top `rewardShare` of ratings are rewarded (`rewarded` column), beliefs move toward the token weight
 * the ratings reveal, and a new cycle starts. Returns the revealed weight.
 */
export function runReview(s: State, t: ReviewTerms): number {
  const n = s.n;
  const tokenRanks = new LogRanker();
  const outputRanks = new LogRanker();
  tokenRanks.rebuild(s.cycleTokens, n);
  outputRanks.rebuild(s.cycleOutput, n);
  const weight = t.appliedTokenWeight;
  const rating = s.scratch;
  // Least squares of rating on (output rank, token rank), by the normal equations on centred sums:
  // the token slope over the output slope is the weight of token rank holding output fixed.
  let sx = 0, sy = 0, sr = 0, sxx = 0, syy = 0, sxy = 0, sxr = 0, syr = 0;
  for (let i = 0; i < n; i++) {
    const x = outputRanks.rankOf(i);
    const y = tokenRanks.rankOf(i);
    const z = t.outcomeWeight * x + weight * y + t.noise * probit(uniform(t.noiseKey, i));
    rating[i] = z;
    sx += x; sy += y; sr += z;
    sxx += x * x; syy += y * y; sxy += x * y; sxr += x * z; syr += y * z;
  }
  const threshold = linearQuantile(rating, n, 1 - t.rewardShare);
  for (let i = 0; i < n; i++) s.rewarded[i] = rating[i] >= threshold ? 1 : 0;
  const cxx = sxx - (sx * sx) / n;
  const cyy = syy - (sy * sy) / n;
  const cxy = sxy - (sx * sy) / n;
  const cxr = sxr - (sx * sr) / n;
  const cyr = syr - (sy * sr) / n;
  const det = cxx * cyy - cxy * cxy;
  let revealed = 0;
  if (det > 1e-12) {
    const bOutput = (cyy * cxr - cxy * cyr) / det;
    const bTokens = (cxx * cyr - cxy * cxr) / det;
    // With no output slope (outcomeWeight 0) any positive token slope means tokens count fully.
    revealed = bOutput > 1e-9 ? Math.min(1, Math.max(0, bTokens / bOutput)) : bTokens > 1e-9 ? 1 : 0;
  }
  const learning = t.reviewLearning;
  for (let i = 0; i < n; i++) {
    s.belief[i] += learning * (revealed - s.belief[i]);
    s.cycleTokens[i] = 0;
    s.cycleOutput[i] = 0;
  }
  return revealed;
}
