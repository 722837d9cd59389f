/**
 * Leaderboards (MODEL-BRIEF §4–5): who sees the board, what it ranks, over what window, and the value
 * of a rank — rising in the percentile, with a loss near the bottom ("last-place loathing") and a
 * gain in the shown top-K ("badges"), which makes the response U-shaped.
 *
 * What a board rank is worth here is status: being seen, on a visible board. (The career value of
 * token rank, through the review, is reviews.ts's.) An org board (and a private dashboard) ranks
 * against the whole organisation; a team board ranks within the team, against teammates' values.
 *
 * Board values are exponential moving averages of weekly figures. With a one-week window the token
 * board is this week's tokens, so its ranks are the week's token ranks (one ranker, not two).
 */
import type { WeekParameters } from '../scenarios/schema.js';
import type { Mechanism } from './mechanism.js';
import type { LogRanker } from './percentile.js';
import type { State } from './state.js';

/** Status weight multiplier per visibility: how public the board is. An assumption, see docs/ODD.md. */
export const VISIBILITY_FACTOR = { none: 0, self: 0.25, team: 0.6, org: 1 } as const;

/** Board metric codes. */
export const Metric = { tokens: 0, output: 1, outputPerToken: 2 } as const;

/** The board's constants for one week. */
export interface BoardTerms {
  /** Is there a board at all? */
  visible: boolean;
  /** Does the board rank within each team (a team board) rather than the organisation? */
  team: boolean;
  /** Metric code (see {@link Metric}). */
  metric: number;
  /** Weight of status on the board metric's rank (output units/week). */
  status: number;
  /** Exponential moving-average weight of this week in the board value: 2 / (window + 1). */
  alpha: number;
  /** This week's weight in the outcome board: 1 when the board starts showing its metric this week. */
  metricAlpha: number;
  /** Percentile above which badges are shown (1 = no badges). */
  badgeCut: number;
  badgeGain: number;
  bottomLoss: number;
}

/** Can managers see employees' token figures? */
export function managersSeeTokens(p: WeekParameters): boolean {
  const b = p.leaderboard;
  return ((b.visibility === 'team' || b.visibility === 'org') && b.metric === 'tokens') || p.reviews.officialTokenWeight > 0;
}

/** This week's board terms; `lastMetric` is the metric the outcome board held last week. */
export function boardTerms(p: WeekParameters, lastMetric: number = Metric[p.leaderboard.metric]): BoardTerms {
  const b = p.leaderboard;
  const visible = b.visibility !== 'none';
  const metric = Metric[b.metric];
  const alpha = 2 / (b.windowWeeks + 1);
  return {
    visible,
    team: b.visibility === 'team',
    metric,
    status: b.statusWeight * VISIBILITY_FACTOR[b.visibility],
    alpha,
    metricAlpha: lastMetric !== metric ? 1 : alpha,
    badgeCut: visible && b.topShare > 0 ? 1 - b.topShare : 1.01,
    badgeGain: b.badgeGain,
    bottomLoss: b.bottomLoss,
  };
}

export const leaderboard = {
  name: 'leaderboard',
  terms: (p: WeekParameters, s: State) => boardTerms(p, s.outcomeMetric),
} as const satisfies Mechanism<'leaderboard', BoardTerms>;

/** V(p): the value of a board percentile p ∈ [0, 1]. */
export function rankValue(b: BoardTerms, p: number): number {
  let v = p;
  if (p < 0.1) v -= b.bottomLoss * (1 - p / 0.1);
  if (p >= b.badgeCut) v += b.badgeGain;
  return v;
}

/** The outcome-board value of a week with `output` units and `tokens` tokens. */
export function metricValue(metric: number, output: number, tokens: number): number {
  if (metric === Metric.output) return output;
  if (metric === Metric.outputPerToken) return tokens > 0 ? (output * 1e6) / tokens : 0;
  return tokens;
}

/** Teammates' board values at the start of this week, for a team board's expected ranks (the team being visited). */
let teamBoard = new Float64Array(0);
let teamStart = 0;
let teamEnd = 0;

/** Act, at the start of a team on a team board: keeps its members' board values before any of them moves. */
export function snapshotTeam(s: State, b: BoardTerms, start: number, end: number): void {
  if (!b.team || b.status === 0) return;
  if (teamBoard.length < end - start) teamBoard = new Float64Array(end - start);
  const values = b.metric === Metric.tokens ? s.tokenBoard : s.metricBoard;
  for (let j = start; j < end; j++) teamBoard[j - start] = values[j];
  teamStart = start;
  teamEnd = end;
}

/** Mid-rank of `v` among employee `i`'s teammates' values `values[j]` (0.5 alone). */
function teamPercentile(values: ArrayLike<number>, offset: number, start: number, end: number, i: number, v: number): number {
  if (end - start < 2) return 0.5;
  let below = 0;
  for (let j = start; j < end; j++) {
    if (j === i) continue;
    const u = values[j - offset];
    below += u < v ? 1 : u === v ? 0.5 : 0;
  }
  return below / (end - start - 1);
}

/** The board value a week with `output` and `tokens` would give employee `i` (its moving average). */
function expectedBoardValue(s: State, b: BoardTerms, i: number, output: number, tokens: number): number {
  if (b.metric === Metric.tokens) return s.tokenBoard[i] + b.alpha * (tokens - s.tokenBoard[i]);
  return s.metricBoard[i] + b.alpha * (metricValue(b.metric, output, tokens) - s.metricBoard[i]);
}

/**
 * Utility term, expected: the status worth of the board rank a week with `output` and `tokens`
 * (whose log is `logTokens`) would give employee `i` against last week's board — status × V(rank).
 */
export function expectedStatusWorth(s: State, b: BoardTerms, i: number, output: number, tokens: number, logTokens: number): number {
  if (b.status === 0) return 0;
  let pct: number;
  if (b.team) pct = teamPercentile(teamBoard, teamStart, teamStart, teamEnd, i, expectedBoardValue(s, b, i, output, tokens));
  else if (b.metric === Metric.tokens) pct = b.alpha === 1 ? s.tokenBoardRanks.rankOfLog(logTokens) : s.tokenBoardRanks.rank(expectedBoardValue(s, b, i, output, tokens));
  else pct = s.metricRanker.rank(expectedBoardValue(s, b, i, output, tokens));
  return b.status * rankValue(b, pct);
}

/** Utility term, realised: the status worth of employee `i`'s rank on this week's board. */
export function realisedStatusWorth(s: State, b: BoardTerms, i: number): number {
  if (b.status === 0) return 0;
  const tokens = b.metric === Metric.tokens;
  if (b.team) {
    const start = i - (i % s.teamSize);
    const end = Math.min(s.n, start + s.teamSize);
    const values = tokens ? s.tokenBoard : s.metricBoard;
    return b.status * rankValue(b, teamPercentile(values, 0, start, end, i, values[i]));
  }
  return b.status * rankValue(b, tokens ? s.tokenBoardRanks.rankOf(i) : s.metricRanker.rankOf(i));
}

/** Starts this week's rebuild of the board rankers (the week's token and output rankers start in `startRanks`). */
export function startBoards(s: State, b: BoardTerms): void {
  if (b.alpha !== 1) s.tokenRanker.start(s.n);
  if (b.metric !== Metric.tokens) s.metricRanker.start(s.n);
}

/** Puts a non-negative value to a ranker. */
function putValue(r: LogRanker, i: number, v: number): void {
  r.put(i, v > 0 ? Math.log(v) : -Infinity);
}

/** Act: moves employee `i`'s board values toward this week's figures and puts them to the rankers. */
export function advanceBoards(s: State, b: BoardTerms, i: number): void {
  const tokens = s.tokens[i];
  s.tokenBoard[i] += b.alpha * (tokens - s.tokenBoard[i]);
  if (b.alpha !== 1) putValue(s.tokenRanker, i, s.tokenBoard[i]);
  if (b.metric !== Metric.tokens) {
    s.metricBoard[i] += b.metricAlpha * (metricValue(b.metric, s.output[i], tokens) - s.metricBoard[i]);
    putValue(s.metricRanker, i, s.metricBoard[i]);
  }
}

/**
 * Finishes this week's rankers (O(N) each): the week's tokens and output, and the boards. With a
 * one-week window the token board's ranks are the week's token ranks.
 */
export function rankBoards(s: State, b: BoardTerms): void {
  s.weekRanker.finish(s.tokens);
  s.outputRanker.finish(s.output);
  if (b.alpha !== 1) s.tokenRanker.finish(s.tokenBoard);
  s.tokenBoardRanks = b.alpha === 1 ? s.weekRanker : s.tokenRanker;
  if (b.metric !== Metric.tokens) s.metricRanker.finish(s.metricBoard);
  s.outcomeMetric = b.metric;
}

/** Starts this week's rebuild of every ranker. */
export function startRanks(s: State, b: BoardTerms): void {
  s.weekRanker.start(s.n);
  s.outputRanker.start(s.n);
  startBoards(s, b);
}
