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
import type { BoardTerms } from './leaderboard.js';
import { LogRanker, linearQuantile } from './percentile.js';
import { Purpose, probit, streamKey, uniform } from './rng.js';
import type { State } from './state.js';

/** Applies this week's manager mentions and the decay of beliefs; returns the number of mentions. */
export function mentionsAndDecay(s: State, p: WeekParameters, board: BoardTerms, week: number): number {
  const { attention, mentionBoost } = p.managers;
  const keep = 1 - p.beliefs.decay;
  const mentionKey = streamKey(s.key, week, Purpose.mention);
  let mentions = 0;
  for (let team = 0; team < s.teams; team++) {
    const mentioned = board.managersSeeTokens && uniform(mentionKey, team) < attention;
    if (mentioned) mentions += 1;
    const end = Math.min(s.n, (team + 1) * s.teamSize);
    for (let i = team * s.teamSize; i < end; i++) {
      const b = s.belief[i];
      s.belief[i] = mentioned ? b + mentionBoost * (1 - b) : b * keep;
    }
  }
  return mentions;
}

/** Is the week the last of a review cycle? */
export function isReviewWeek(p: WeekParameters, week: number): boolean {
  return (week + 1) % p.reviews.cycleWeeks === 0;
}

/** The token weight managers really apply: the official weight, plus the leak if they see token figures. */
export function appliedTokenWeight(p: WeekParameters, board: BoardTerms): number {
  return p.reviews.officialTokenWeight + (board.managersSeeTokens ? p.reviews.managerLeak : 0);
}

/**
 * Runs a review over the cycle's accumulated output and tokens: every employee gets a rating, the top
 * `rewardShare` of ratings are rewarded (`rewarded` column), beliefs move toward the token weight the
 * ratings reveal, and a new cycle starts. Returns the revealed weight.
 */
export function runReview(s: State, p: WeekParameters, board: BoardTerms, week: number): number {
  const r = p.reviews;
  const n = s.n;
  const tokenRanks = new LogRanker();
  const outputRanks = new LogRanker();
  tokenRanks.rebuild(s.cycleTokens, n);
  outputRanks.rebuild(s.cycleOutput, n);
  const weight = appliedTokenWeight(p, board);
  const noiseKey = streamKey(s.key, week, Purpose.reviewNoise);
  const rating = s.scratch;
  // Least squares of rating on (output rank, token rank), by the normal equations on centred sums:
  // the token slope over the output slope is the weight of token rank holding output fixed.
  let sx = 0, sy = 0, sr = 0, sxx = 0, syy = 0, sxy = 0, sxr = 0, syr = 0;
  for (let i = 0; i < n; i++) {
    const x = outputRanks.rankOf(i);
    const y = tokenRanks.rankOf(i);
    const z = r.outcomeWeight * x + weight * y + r.noise * probit(uniform(noiseKey, i));
    rating[i] = z;
    sx += x; sy += y; sr += z;
    sxx += x * x; syy += y * y; sxy += x * y; sxr += x * z; syr += y * z;
  }
  const threshold = linearQuantile(rating, n, 1 - r.rewardShare);
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
  const learning = p.beliefs.reviewLearning;
  for (let i = 0; i < n; i++) {
    s.belief[i] += learning * (revealed - s.belief[i]);
    s.cycleTokens[i] = 0;
    s.cycleOutput[i] = 0;
  }
  return revealed;
}
