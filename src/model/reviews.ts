/**
 * Performance reviews (MODEL-BRIEF §5), run for real, team by team, and the career value they give a
 * strategy.
 *
 * Calendar: each team is reviewed once a cycle — on its own date spread over the cycle (`staggered`,
 * the default), or every team at the end of each cycle (`org-wide`). At its review a team's manager
 * rates each member over the cycle:
 *
 *   rating = outcomeWeight × output rank + (official weight + the manager's leak) × token rank + noise
 *
 * (ranks of the member's cycle means against this week's whole distribution): the top `rewardShare`
 * of the team get a top rating, the bottom `lowShare` a low one. A top rating is worth `rewardValue`
 * (a raise, refreshers, promotion odds) and a low one costs `lowRatingCost` (a performance plan, the
 * risk of losing the job), both in employee-weeks of output, paid as a weekly share over the next
 * cycle.
 *
 * Career value: an employee weighs a strategy by the chances of a top and of a low rating that the
 * ranks it would give them buy, under their belief `b` about the weight of token rank:
 *
 *   career(s) = careerConcern / cycleWeeks × (rewardValue × Φ((r(s) − θ_top(b)) / noise)
 *                                             − lowRatingCost × Φ((θ_low(b) − r(s)) / noise))
 *   r(s) = outcomeWeight × x(s) + b × y(s)
 *
 * with x, y the output and token percentiles the strategy would reach against last week's
 * distributions, and θ the believed thresholds: quantiles of ratings under the same belief, ranks
 * uniform with last week's rank correlation ρ, treated as normal. So the review's design — what a
 * rating is worth, how many get one, how noisy ratings are, how much output counts — sets the weight
 * of token rank, and no free "stakes" is needed. Fear of the bottom is what moves light users most.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import type { Mechanism } from './mechanism.js';
import { normalCdf, probit, Purpose, streamKey, uniform } from './rng.js';
import type { State } from './state.js';

/** Review constants for one week. */
export interface ReviewTerms {
  /** The week (−1 in the warm-up: no review). */
  week: number;
  cycle: number;
  staggered: boolean;
  outcomeWeight: number;
  noise: number;
  /** 1 / noise (a large number for noiseless ratings: the chance becomes a step). */
  invNoise: number;
  rewardShare: number;
  lowShare: number;
  /** Standard normal quantiles of 1 − rewardShare and of lowShare: the thresholds' distances from the mean, in sds. */
  zTop: number;
  zLow: number;
  /** Weekly value of a top rating to the employee (rewardValue / cycleWeeks) and weekly cost of a low one. */
  rewardWeekly: number;
  lowWeekly: number;
  noiseKey: number;
}

function terms(p: WeekParameters, s: State, week: number): ReviewTerms {
  const r = p.reviews;
  const noise = r.noise;
  return {
    week,
    cycle: r.cycleWeeks,
    staggered: r.calendar === 'staggered',
    outcomeWeight: r.outcomeWeight,
    noise,
    invNoise: 1 / Math.max(noise, 1e-9),
    rewardShare: r.rewardShare,
    lowShare: r.lowShare,
    // The shares a team of the usual size really gives (at least one of each), not the nominal ones.
    zTop: probit(1 - winnersOf(r.rewardShare, s.teamSize) / s.teamSize),
    zLow: r.lowShare > 0 ? probit(losersOf(r.rewardShare, r.lowShare, s.teamSize) / s.teamSize) : -Infinity,
    rewardWeekly: r.rewardValue / r.cycleWeeks,
    lowWeekly: r.lowShare > 0 ? r.lowRatingCost / r.cycleWeeks : 0,
    noiseKey: streamKey(s.key, week, Purpose.reviewNoise),
  };
}

export const reviews = { name: 'reviews', terms } as const satisfies Mechanism<'reviews', ReviewTerms>;

/** How many of a team of `size` get a top rating: the share, rounded, at least one. */
function winnersOf(rewardShare: number, size: number): number {
  return Math.max(1, Math.round(rewardShare * size));
}

/** How many of a team of `size` get a low rating: the share, rounded, at least one if the share is above 0, never a winner. */
function losersOf(rewardShare: number, lowShare: number, size: number): number {
  return lowShare > 0 ? Math.min(size - winnersOf(rewardShare, size), Math.max(1, Math.round(lowShare * size))) : 0;
}

/** Is team `team` reviewed this week (the last week of its cycle)? */
export function isReviewed(s: State, t: ReviewTerms, team: number): boolean {
  if (t.week < 0) return false;
  const date = t.staggered ? s.reviewDate[team] % t.cycle : 0;
  return (t.week + 1 + date) % t.cycle === 0;
}

/** Ratings an employee can hold until the next review (the `rating` column). */
export const Rating = { middle: 0, top: 1, low: 2 } as const;

/**
 * Under a believed token weight `b`, the mean and sd of ratings outcomeWeight × x + b × y + noise,
 * with x, y uniform ranks of correlation `rho`: `out[0]` the mean, `out[1]` the sd.
 */
export function believedRatings(t: ReviewTerms, b: number, rho: number, out: Float64Array): void {
  const w = t.outcomeWeight;
  out[0] = 0.5 * (w + b);
  out[1] = Math.sqrt((w * w + b * b + 2 * w * b * rho) / 12 + t.noise * t.noise);
}

/**
 * Utility term, expected: the career value of reaching output percentile `x` and token percentile
 * `y`, for an employee of career concern `concern` who believes token rank weighs `b`, with the
 * believed ratings' mean and sd in `ratings` (from {@link believedRatings}).
 */
export function expectedCareer(t: ReviewTerms, concern: number, b: number, ratings: Float64Array, x: number, y: number): number {
  const r = t.outcomeWeight * x + b * y - ratings[0];
  const top = t.rewardWeekly * normalCdf((r - t.zTop * ratings[1]) * t.invNoise);
  const low = t.lowWeekly === 0 ? 0 : t.lowWeekly * normalCdf((t.zLow * ratings[1] - r) * t.invNoise);
  return concern * (top - low);
}

/** Utility term, realised: the weekly share of what the rating the employee holds is worth. */
export function realisedCareer(t: ReviewTerms, concern: number, rating: number): number {
  return rating === Rating.top ? concern * t.rewardWeekly : rating === Rating.low ? -concern * t.lowWeekly : 0;
}

/** Scratch for one team's ratings and their order (grown to the team size). */
let ratings = new Float64Array(0);
let order = new Uint32Array(0);

/** What a team's review reveals about the weight of token rank: an estimate and its sampling variance. */
export interface ReviewReading {
  /** The least-squares slope of rating on token rank, holding output rank fixed (NaN if none). */
  weight: number;
  /** Its sampling variance given the ratings' known noise: noise² / (the token ranks' spread net of output's). */
  variance: number;
}

/** A reading that says nothing. */
const NOTHING: ReviewReading = { weight: Number.NaN, variance: Infinity };

/**
 * Act, at team `team`'s review (employees `start` … `end` − 1): rates every member over the cycle,
 * gives the top `rewardShare` (at least one) a top rating, starts a new cycle, and returns what the
 * ratings reveal to the team about the token weight — a regression over the team's few members, so
 * read with sampling noise, which can be large when output and token ranks go together — or nothing
 * if the ranks cannot separate the two (fewer than three members, or collinear ranks).
 */
export function reviewTeam(s: State, t: ReviewTerms, team: number, start: number, end: number): ReviewReading {
  const size = end - start;
  if (ratings.length < size) {
    ratings = new Float64Array(size);
    order = new Uint32Array(size);
  }
  const len = Math.min(t.cycle, t.week + 1);
  const applied = s.teamTokenWeight[team];
  let sx = 0, sy = 0, sz = 0, sxx = 0, syy = 0, sxy = 0, sxz = 0, syz = 0;
  for (let i = start; i < end; i++) {
    const x = s.outputRanker.rank(s.cycleOutput[i] / len);
    const y = s.weekRanker.rank(s.cycleTokens[i] / len);
    const z = t.outcomeWeight * x + applied * y + t.noise * probit(uniform(t.noiseKey, i));
    ratings[i - start] = z;
    sx += x; sy += y; sz += z;
    sxx += x * x; syy += y * y; sxy += x * y; sxz += x * z; syz += y * z;
    s.cycleTokens[i] = 0;
    s.cycleOutput[i] = 0;
  }
  // Best first; equal ratings (noiseless reviews) in member order, so the counts are exact.
  const ranked = order.subarray(0, size);
  for (let j = 0; j < size; j++) ranked[j] = j;
  ranked.sort((a, b) => ratings[b] - ratings[a] || a - b);
  const winners = winnersOf(t.rewardShare, size);
  const losers = losersOf(t.rewardShare, t.lowShare, size);
  for (let j = 0; j < size; j++) s.rating[start + ranked[j]] = j < winners ? Rating.top : j >= size - losers ? Rating.low : Rating.middle;
  const cxx = sxx - (sx * sx) / size;
  const cyy = syy - (sy * sy) / size;
  const cxy = sxy - (sx * sy) / size;
  const det = cxx * cyy - cxy * cxy;
  if (size < 3 || det <= 1e-9 * Math.max(1e-12, cxx * cyy)) return NOTHING;
  const revealed = (cxx * (syz - (sy * sz) / size) - cxy * (sxz - (sx * sz) / size)) / det;
  return { weight: revealed, variance: (t.noise * t.noise * cxx) / det };
}
