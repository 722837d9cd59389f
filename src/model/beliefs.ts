/**
 * Beliefs (MODEL-BRIEF §5): each employee's belief `b` ∈ [0, 1] about the weight of token rank in
 * reviews (in the units of the official weight and the leak: a rating is outcomeWeight × output rank
 * + b × token rank), learned locally, from three signals:
 *
 *   - mentions: each week a team's manager who can see token figures mentions the board with the
 *     manager's own probability (managers.ts); a mention moves each member's belief a share
 *     `mentionBoost` toward 1, and beliefs otherwise decay;
 *   - announcements: when the official token weight changes (a week-0 weight above 0 counts as
 *     one), or when managers stop seeing token figures (a token board taken down, as Amazon and Meta
 *     did, with executives saying not to use AI for its own sake), everyone's belief moves a share
 *     `credibility` toward the official weight;
 *   - the team's own review (reviews.ts): members read the token weight the team's ratings reveal —
 *     a regression over a handful of colleagues, so noisy — each with their own reading error of sd
 *     `observationNoise`, and move toward what they read as a Bayesian learner with a prior of sd
 *     `weightUncertainty` would: a share reviewLearning × τ² / (τ² + the reading's variance). A clear
 *     review moves beliefs; a review that cannot tell token rank from output (a team whose heavy users
 *     are its best performers) hardly does. Without this weighting the bound at 0 would turn noisy
 *     readings of a zero weight into rising beliefs.
 *
 * No org-wide regression: what an employee learns depends on their team's manager and review.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import { managersSeeTokens } from './leaderboard.js';
import type { Mechanism } from './mechanism.js';
import { probit, Purpose, streamKey, uniform } from './rng.js';
import type { ReviewReading } from './reviews.js';
import type { State } from './state.js';

/** Belief constants for one week. */
export interface BeliefTerms {
  mentionBoost: number;
  /** 1 − decay: the share of belief kept in a week without a mention. */
  keep: number;
  mentionKey: number;
  /** Is an official token weight announced this week? */
  announce: boolean;
  /** The weight announced (clamped to [0, 1]) and the share of the way beliefs move to it. */
  announced: number;
  credibility: number;
  reviewLearning: number;
  observationNoise: number;
  /** τ²: the prior variance of the weight, against which a reading's variance is weighed. */
  priorVariance: number;
  readingKey: number;
}

function terms(p: WeekParameters, s: State, week: number): BeliefTerms {
  const official = p.reviews.officialTokenWeight;
  return {
    mentionBoost: p.managers.mentionBoost,
    keep: 1 - p.beliefs.decay,
    mentionKey: streamKey(s.key, week, Purpose.mention),
    announce: week >= 0 && (official !== s.announcedWeight || (s.managersSawTokens && !managersSeeTokens(p))),
    announced: Math.min(1, Math.max(0, official)),
    credibility: p.beliefs.credibility,
    reviewLearning: p.beliefs.reviewLearning,
    observationNoise: p.beliefs.observationNoise,
    priorVariance: p.beliefs.weightUncertainty * p.beliefs.weightUncertainty,
    readingKey: streamKey(s.key, week, Purpose.reviewReading),
  };
}

export const beliefs = { name: 'beliefs', terms } as const satisfies Mechanism<'beliefs', BeliefTerms>;

/** Does the manager of team `team` mention the board this week? */
export function mentioned(s: State, t: BeliefTerms, team: number): boolean {
  const attention = s.teamAttention[team];
  return attention > 0 && uniform(t.mentionKey, team) < attention;
}

/** Act: employee `i`'s belief after this week's mention (toward 1) or decay, and any announcement. */
export function updateBelief(s: State, t: BeliefTerms, i: number, mention: boolean): void {
  let b = s.belief[i];
  b = mention ? b + t.mentionBoost * (1 - b) : b * t.keep;
  if (t.announce) b += t.credibility * (t.announced - b);
  s.belief[i] = b;
}

/** Act, after the week: the official weight in force is now the one announced; whether managers saw token figures is remembered. */
export function settleAnnouncement(s: State, p: WeekParameters): void {
  s.announcedWeight = p.reviews.officialTokenWeight;
  s.managersSawTokens = managersSeeTokens(p);
}

/**
 * Act, at employee `i`'s team review: the employee reads the team's `reading` with their own error
 * and moves toward it, the more the clearer it is. Returns the change in belief.
 */
export function readReview(s: State, t: BeliefTerms, i: number, reading: ReviewReading): number {
  if (Number.isNaN(reading.weight)) return 0;
  const before = s.belief[i];
  const noise = t.observationNoise;
  const read = reading.weight + noise * probit(uniform(t.readingKey, i));
  const gain = (t.reviewLearning * t.priorVariance) / (t.priorVariance + reading.variance + noise * noise);
  const after = Math.min(1, Math.max(0, before + gain * (read - before)));
  s.belief[i] = after;
  return after - before;
}
