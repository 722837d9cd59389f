/**
 * Data collection, separate from the model, in the manner of Agents.jl's declarative collection:
 * every metric is declared once — name, unit, one-line definition and how its weekly value is
 * computed from the week's tallies — derived figures (gaming share, spend per employee, …) included.
 * The names and their order are the columns of `timeseries.csv` after `scenario,replicate,seed,week`,
 * and the keys of `summary.json`.
 *
 * Estimation, decided once for every metric:
 *   - per week, a metric is a figure of the whole population that week; a ratio is a ratio of the
 *     week's totals (incidents per 1k output = 1000 × incidents ÷ output), never a mean of
 *     per-employee ratios;
 *   - across replicates (summary.json, the report's intervals, the charts' bands) it is the mean of
 *     the replicates' values with a 95% Student-t interval: replicates are the independent units,
 *     so a derived figure is computed within each replicate and then averaged (a mean of ratios
 *     across replicates), never recombined from means of its parts;
 *   - a "weekly mean" is, per replicate, the mean of the weekly values over the run's weeks, then
 *     estimated across replicates the same way.
 * So a derived figure has one value everywhere: the CLI table, the report and the charts read it.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import type { IncidentTally } from './guardrails.js';
import type { LogRanker } from './percentile.js';
import type { State } from './state.js';
import { Strategy } from './strategies.js';

/** Indices of the week's per-employee running sums in `WeekTally.sums`. */
const Sum = {
  tokens: 4,
  productive: 5,
  output: 6,
  belief: 7,
  topTokens: 8,
  topOutput: 9,
  topCount: 10,
  midTokens: 11,
  midOutput: 12,
  midCount: 13,
  /** For the rank correlation of board value (a) and output (b). */
  sa: 14,
  sb: 15,
  saa: 16,
  sbb: 17,
  sab: 18,
  /** Padders and maxxers in the top token decile. */
  topGaming: 19,
} as const;

/**
 * The week's running totals: per-employee sums added by `tallyEmployee` in the second pass (held in
 * one typed array, which V8 updates in place), the week's events, and the tail cut-offs read from the
 * token ranks at the start of the second pass.
 */
export class WeekTally implements IncidentTally {
  n = 0;
  /** Employees per strategy code (indices 0–3), then the sums at the indices of `Sum`. */
  readonly sums = new Float64Array(20);
  audits = 0;
  /** Employees reviewed this week, and the sum of their changes in belief at the review. */
  reviewed = 0;
  beliefShift = 0;
  incidents = 0;
  incidentCostUSD = 0;
  /** Token cut-offs among AI users: P99, P90 (top decile), P45–P55 (the middle), and the median. */
  q99 = 0;
  q90 = 0;
  q45 = 0;
  q55 = 0;
  q50 = 0;
  users = 0;
  tokenGini = 0;
  /** The most tokens any one employee used this week. */
  maxTokens = 0;

  /** Clears the totals for a new week of `n` employees. */
  reset(n: number): void {
    this.n = n;
    this.sums.fill(0);
    this.audits = this.incidents = this.incidentCostUSD = 0;
    this.reviewed = this.beliefShift = 0;
  }

  /** Reads the week's token distribution (after the rankers are rebuilt): tail cut-offs and Gini. */
  readTokenRanks(week: LogRanker): void {
    const users = this.n - week.zeros;
    const userQuantile = (q: number) => week.quantile((week.zeros + q * users) / this.n);
    this.users = users;
    this.q99 = userQuantile(0.99);
    this.q90 = userQuantile(0.9);
    this.q45 = userQuantile(0.45);
    this.q55 = userQuantile(0.55);
    this.q50 = userQuantile(0.5);
    this.tokenGini = week.gini();
    this.maxTokens = week.max;
  }

  /** Employees whose strategy this week was `k`. */
  count(k: number): number {
    return this.sums[k];
  }

  get tokens(): number {
    return this.sums[Sum.tokens];
  }

  get productive(): number {
    return this.sums[Sum.productive];
  }

  get output(): number {
    return this.sums[Sum.output];
  }

  get belief(): number {
    return this.sums[Sum.belief];
  }

  /** Tokens that bought no output. */
  get wasted(): number {
    return Math.max(0, this.tokens - this.productive);
  }

  /** Compute spend of the week (USD). */
  spendUSD(p: WeekParameters): number {
    return (this.tokens * p.economics.pricePerMTokUSD) / 1e6;
  }

  /** Net value of the week (USD): output above baseline, less compute, incidents and audits. */
  netValueUSD(p: WeekParameters): number {
    return (this.output - this.n) * p.economics.valuePerEmployeeWeekUSD - this.spendUSD(p) - this.incidentCostUSD - this.audits * p.audits.costPerAuditUSD;
  }

  /** Mean of a top-decile quantity over the mean of the same quantity in the middle (1 if either is empty). */
  tailRatio(top: number, mid: number): number {
    const w = this.sums;
    const topN = w[Sum.topCount];
    const midN = w[Sum.midCount];
    return topN > 0 && midN > 0 && w[mid] > 0 ? w[top] / topN / (w[mid] / midN) : 1;
  }

  /** Spearman correlation of board value and output ranks. */
  rankCorrelation(): number {
    const w = this.sums;
    const n = this.n;
    const va = w[Sum.saa] - (w[Sum.sa] * w[Sum.sa]) / n;
    const vb = w[Sum.sbb] - (w[Sum.sb] * w[Sum.sb]) / n;
    return va > 1e-12 && vb > 1e-12 ? (w[Sum.sab] - (w[Sum.sa] * w[Sum.sb]) / n) / Math.sqrt(va * vb) : 0;
  }
}

/** Adds employee `i`, whose strategy this week is `k`, to the week's tallies (second pass). */
export function tallyEmployee(w: WeekTally, s: State, i: number, k: number, boardRanks: LogRanker): void {
  const sums = w.sums;
  sums[k] += 1;
  const tk = s.tokens[i];
  const out = s.output[i];
  sums[Sum.tokens] += tk;
  sums[Sum.productive] += s.productive[i];
  sums[Sum.output] += out;
  sums[Sum.belief] += s.belief[i];
  if (tk > 0) {
    if (tk >= w.q90) {
      sums[Sum.topTokens] += tk;
      sums[Sum.topOutput] += out;
      sums[Sum.topCount] += 1;
      if (k === Strategy.padding || k === Strategy.maxxing) sums[Sum.topGaming] += 1;
    }
    if (tk >= w.q45 && tk <= w.q55) {
      sums[Sum.midTokens] += tk;
      sums[Sum.midOutput] += out;
      sums[Sum.midCount] += 1;
    }
  }
  const a = boardRanks.rankOf(i);
  const b = s.outputRanker.rankOf(i);
  sums[Sum.sa] += a;
  sums[Sum.sb] += b;
  sums[Sum.saa] += a * a;
  sums[Sum.sbb] += b * b;
  sums[Sum.sab] += a * b;
}

/** A declared metric: its weekly value from the week's tallies and parameters. */
export interface MetricDefinition {
  readonly name: string;
  readonly unit: string;
  readonly definition: string;
  readonly value: (w: WeekTally, p: WeekParameters) => number;
}

const share = (w: WeekTally, k: number) => w.count(k) / w.n;
const adopters = (w: WeekTally) => w.n - w.count(Strategy.abstain);

/** Every metric, in column order: the model's measures, then the figures derived from them. */
export const METRICS = [
  { name: 'employees', unit: 'employees', definition: 'Number of employees simulated.', value: (w) => w.n },
  { name: 'adoptionRate', unit: 'share', definition: 'Share of employees using AI this week (any strategy but abstain): the adoption KPI.', value: (w) => adopters(w) / w.n },
  { name: 'shareAbstain', unit: 'share', definition: 'Share of employees not using AI.', value: (w) => share(w, Strategy.abstain) },
  { name: 'shareGenuine', unit: 'share', definition: 'Share using AI genuinely.', value: (w) => share(w, Strategy.genuine) },
  { name: 'sharePadding', unit: 'share', definition: 'Share padding genuine work with needless agent runs.', value: (w) => share(w, Strategy.padding) },
  { name: 'shareMaxxing', unit: 'share', definition: 'Share running unattended busywork agents to climb the board.', value: (w) => share(w, Strategy.maxxing) },
  { name: 'tokens', unit: 'tokens', definition: 'Tokens consumed this week.', value: (w) => w.tokens },
  { name: 'productiveTokens', unit: 'tokens', definition: 'Tokens spent on work that produced output.', value: (w) => w.productive },
  { name: 'wastedTokens', unit: 'tokens', definition: 'tokens − productiveTokens: tokens that bought no output.', value: (w) => w.wasted },
  { name: 'wasteShare', unit: 'share', definition: 'wastedTokens / tokens (0 when no tokens): the share of usage that is theatre.', value: (w) => (w.tokens > 0 ? w.wasted / w.tokens : 0) },
  { name: 'computeSpendUSD', unit: 'USD', definition: 'tokens × pricePerMTokUSD / 1e6.', value: (w, p) => w.spendUSD(p) },
  { name: 'output', unit: 'output units', definition: 'Output this week; one unit is an employee-week without AI.', value: (w) => w.output },
  { name: 'outputGain', unit: 'share', definition: 'output / employees − 1: gain per employee over the no-AI baseline of 1 unit per employee-week.', value: (w) => w.output / w.n - 1 },
  { name: 'outputPerMTok', unit: 'output units/Mtok', definition: 'output / (tokens / 1e6) (0 when no tokens).', value: (w) => (w.tokens > 0 ? w.output / (w.tokens / 1e6) : 0) },
  { name: 'meanBelief', unit: 'weight', definition: 'Mean believed weight of token rank in reviews (the units of reviews.officialTokenWeight, beside reviews.outcomeWeight on output rank).', value: (w) => w.belief / w.n },
  { name: 'beliefShiftAtReview', unit: 'weight', definition: 'Mean change in belief, at their review, of the employees whose team was reviewed this week (0 when no team was).', value: (w) => (w.reviewed > 0 ? w.beliefShift / w.reviewed : 0) },
  { name: 'reviewedShare', unit: 'share', definition: 'Share of employees whose team was reviewed this week.', value: (w) => w.reviewed / w.n },
  { name: 'incidents', unit: 'incidents', definition: 'Agent incidents this week.', value: (w) => w.incidents },
  { name: 'incidentCostUSD', unit: 'USD', definition: "Cost of this week's incidents.", value: (w) => w.incidentCostUSD },
  { name: 'tokenGini', unit: 'index', definition: 'Gini coefficient of tokens across all employees (histogram estimate).', value: (w) => w.tokenGini },
  { name: 'medianUserTokens', unit: 'tokens', definition: 'Median tokens of an AI user this week (P50 among employees with tokens; 0 when nobody uses AI).', value: (w) => (w.users > 0 ? w.q50 : 0) },
  { name: 'tokenP90P50', unit: 'ratio', definition: 'P90 / P50 of tokens among AI users (1 when nobody uses AI).', value: (w) => (w.users > 0 && w.q50 > 0 ? w.q90 / w.q50 : 1) },
  { name: 'tokenP99P50', unit: 'ratio', definition: 'P99 / P50 of tokens among AI users (1 when nobody uses AI): the tail of the board.', value: (w) => (w.users > 0 && w.q50 > 0 ? w.q99 / w.q50 : 1) },
  { name: 'topDecileTokenRatio', unit: 'ratio', definition: 'Mean tokens of the top token decile of AI users / mean tokens of the users between the 45th and 55th token percentiles.', value: (w) => w.tailRatio(Sum.topTokens, Sum.midTokens) },
  { name: 'topDecileOutputRatio', unit: 'ratio', definition: 'Mean output of the top token decile of AI users / mean output of the users between the 45th and 55th token percentiles.', value: (w) => w.tailRatio(Sum.topOutput, Sum.midOutput) },
  { name: 'tokenMaxOverMean', unit: 'ratio', definition: "The most tokens any one employee used this week / the mean tokens per employee (0 when nobody uses AI): the board's top user against the average, as Meta's ~400× was reported. It grows with the number of employees.", value: (w) => (w.tokens > 0 ? (w.maxTokens * w.n) / w.tokens : 0) },
  { name: 'topDecileGamingShare', unit: 'share', definition: 'Share of the top token decile of AI users who are padding or maxxing (0 when nobody uses AI).', value: (w) => (w.sums[Sum.topCount] > 0 ? w.sums[Sum.topGaming] / w.sums[Sum.topCount] : 0) },
  {
    name: 'leaderboardOutputRankCorr',
    unit: 'correlation',
    definition: 'Spearman rank correlation, across employees, of the board value (tokens when the board shows tokens or there is none) and output.',
    value: (w) => w.rankCorrelation(),
  },
  { name: 'netValueUSD', unit: 'USD', definition: '(output − employees) × valuePerEmployeeWeekUSD − computeSpendUSD − incidentCostUSD − audits × costPerAuditUSD.', value: (w, p) => w.netValueUSD(p) },
  // Derived figures: what the CLI table, the report and the charts show.
  { name: 'gamingShare', unit: 'share', definition: 'sharePadding + shareMaxxing: the share of employees gaming the board.', value: (w) => (w.count(Strategy.padding) + w.count(Strategy.maxxing)) / w.n },
  { name: 'spendPerEmployeeUSD', unit: 'USD/employee-week', definition: 'computeSpendUSD / employees.', value: (w, p) => w.spendUSD(p) / w.n },
  { name: 'outputGainPerAdopter', unit: 'output units/adopter-week', definition: '(output − employees) / AI users: the mean gain of an employee using AI over a week without it (0 when nobody uses AI).', value: (w) => (adopters(w) > 0 ? (w.output - w.n) / adopters(w) : 0) },
  { name: 'incidentsPer1kOutput', unit: 'incidents/1k output units', definition: '1000 × incidents / output (0 when no output).', value: (w) => (w.output > 0 ? (1000 * w.incidents) / w.output : 0) },
  { name: 'incidentCostPerEmployeeUSD', unit: 'USD/employee-week', definition: 'incidentCostUSD / employees.', value: (w) => w.incidentCostUSD / w.n },
  { name: 'netValuePerEmployeeUSD', unit: 'USD/employee-week', definition: 'netValueUSD / employees.', value: (w, p) => w.netValueUSD(p) / w.n },
] as const satisfies readonly MetricDefinition[];

/** A metric's name. */
export type MetricName = (typeof METRICS)[number]['name'];
/** Metric names in column order. */
export const METRIC_NAMES: readonly MetricName[] = METRICS.map((m) => m.name);
/** Column index of each metric. */
export const METRIC_INDEX = Object.fromEntries(METRIC_NAMES.map((n, i) => [n, i])) as Record<MetricName, number>;

/** Writes every metric's value for the week into `row` (length METRICS.length). */
export function measure(w: WeekTally, p: WeekParameters, row: Float64Array): void {
  for (let m = 0; m < METRICS.length; m++) row[m] = (METRICS[m] as MetricDefinition).value(w, p);
}
