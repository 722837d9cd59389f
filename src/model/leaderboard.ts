/**
 * Leaderboards (MODEL-BRIEF §4–5): who sees the board, what it ranks, over what window, and the value
 * of a rank — rising in the percentile, with a loss near the bottom ("last-place loathing") and a
 * gain in the shown top-K ("badges"), which makes the response U-shaped.
 *
 * Two things make a token rank worth having: career (the employee's belief that managers weigh token
 * rank in reviews, when managers can see token figures) and status (being seen, on a visible board).
 */
import type { WeekParameters } from '../scenarios/schema.js';
import type { State } from './state.js';

/** Status weight multiplier per visibility: how public the board is. An assumption, see docs/ODD.md. */
export const VISIBILITY_FACTOR = { none: 0, self: 0.25, team: 0.6, org: 1 } as const;

/** Board metric codes. */
export const Metric = { tokens: 0, output: 1, outputPerToken: 2 } as const;

/** The board's constants for one week. */
export interface BoardTerms {
  /** Is there a board at all? */
  visible: boolean;
  /** Can managers see employees' token figures (a team/org token board, or tokens officially in reviews)? */
  managersSeeTokens: boolean;
  /** Metric code (see {@link Metric}). */
  metric: number;
  /** Weight of status on the board metric's rank (output units/week). */
  status: number;
  /** Career stakes per unit of belief × career concern (output units/week). */
  stakes: number;
  /** Exponential moving-average weight of this week in the board value: 2 / (window + 1). */
  alpha: number;
  /** Percentile above which badges are shown (1 = no badges). */
  badgeCut: number;
  badgeGain: number;
  bottomLoss: number;
}

/** This week's board terms. */
export function boardTerms(p: WeekParameters): BoardTerms {
  const b = p.leaderboard;
  const visible = b.visibility !== 'none';
  const managersSeeBoard = b.visibility === 'team' || b.visibility === 'org';
  return {
    visible,
    managersSeeTokens: (managersSeeBoard && b.metric === 'tokens') || p.reviews.officialTokenWeight > 0,
    metric: Metric[b.metric],
    status: b.statusWeight * VISIBILITY_FACTOR[b.visibility],
    stakes: p.reviews.stakes,
    alpha: 2 / (b.windowWeeks + 1),
    badgeCut: visible && b.topShare > 0 ? 1 - b.topShare : 1.01,
    badgeGain: b.badgeGain,
    bottomLoss: b.bottomLoss,
  };
}

/** V(p): the value of a board percentile p ∈ [0, 1]. */
export function rankValue(b: BoardTerms, p: number): number {
  let v = p;
  if (p < 0.1) v -= b.bottomLoss * (1 - p / 0.1);
  if (p >= b.badgeCut) v += b.badgeGain;
  return v;
}

/**
 * The value of an employee's board positions: career × V(token percentile) + status × V(percentile on
 * the board's metric). On a token board both weights apply to the same percentile.
 */
export function rankWorth(b: BoardTerms, career: number, tokenPct: number, metricPct: number): number {
  const tokenValue = rankValue(b, tokenPct);
  return b.metric === Metric.tokens ? (career + b.status) * tokenValue : career * tokenValue + b.status * rankValue(b, metricPct);
}

/** Weight an employee puts on token rank for career reasons (output units/week). */
export function careerWeight(b: BoardTerms, belief: number, careerConcern: number): number {
  return b.managersSeeTokens ? belief * careerConcern * b.stakes : 0;
}

/** The outcome-board value of a week with `output` units and `tokens` tokens. */
export function metricValue(metric: number, output: number, tokens: number): number {
  if (metric === Metric.output) return output;
  if (metric === Metric.outputPerToken) return tokens > 0 ? (output * 1e6) / tokens : 0;
  return tokens;
}

/**
 * Moves every board value toward this week's figures and rebuilds the rankers (O(N)). An outcome
 * board that starts this week (a schedule switched the metric) starts from this week's figures.
 */
export function updateBoards(s: State, b: BoardTerms): void {
  const a = b.alpha;
  for (let i = 0; i < s.n; i++) s.tokenBoard[i] += a * (s.tokens[i] - s.tokenBoard[i]);
  s.tokenRanker.rebuild(s.tokenBoard, s.n);
  if (b.metric !== Metric.tokens) {
    const fresh = s.outcomeMetric !== b.metric ? 1 : a;
    for (let i = 0; i < s.n; i++) s.metricBoard[i] += fresh * (metricValue(b.metric, s.output[i], s.tokens[i]) - s.metricBoard[i]);
    s.metricRanker.rebuild(s.metricBoard, s.n);
  }
  s.outcomeMetric = b.metric;
  s.weekRanker.rebuild(s.tokens, s.n);
}
