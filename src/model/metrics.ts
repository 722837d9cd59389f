/**
 * Data collection, separate from the model: each metric is declared once (name, unit, definition)
 * and measured into a preallocated row per week. The names and their order are the columns of
 * `timeseries.csv` after `scenario,replicate,seed,week`.
 */
import { Metric } from './leaderboard.js';
import type { WeekTerms } from './decisions.js';
import type { State } from './state.js';
import { Strategy } from './strategies.js';

/** A declared metric. */
export interface MetricDefinition {
  readonly name: string;
  readonly unit: string;
  readonly definition: string;
}

/** Every metric, in column order. */
export const METRICS = [
  { name: 'employees', unit: 'employees', definition: 'Number of employees simulated.' },
  { name: 'adoptionRate', unit: 'share', definition: 'Share of employees using AI this week (any strategy but abstain): the adoption KPI.' },
  { name: 'shareAbstain', unit: 'share', definition: 'Share of employees not using AI.' },
  { name: 'shareGenuine', unit: 'share', definition: 'Share using AI genuinely.' },
  { name: 'sharePadding', unit: 'share', definition: 'Share padding genuine work with needless agent runs.' },
  { name: 'shareMaxxing', unit: 'share', definition: 'Share running unattended busywork agents to climb the board.' },
  { name: 'tokens', unit: 'tokens', definition: 'Tokens consumed this week.' },
  { name: 'productiveTokens', unit: 'tokens', definition: 'Tokens spent on work that produced output.' },
  { name: 'wastedTokens', unit: 'tokens', definition: 'tokens − productiveTokens: tokens that bought no output.' },
  { name: 'wasteShare', unit: 'share', definition: 'wastedTokens / tokens (0 when no tokens): the share of usage that is theatre.' },
  { name: 'computeSpendUSD', unit: 'USD', definition: 'tokens × pricePerMTokUSD / 1e6.' },
  { name: 'output', unit: 'output units', definition: 'Output this week; one unit is an employee-week without AI.' },
  { name: 'outputGain', unit: 'share', definition: 'output / employees − 1: gain per employee over the no-AI baseline of 1 unit per employee-week.' },
  { name: 'outputPerMTok', unit: 'output units/Mtok', definition: 'output / (tokens / 1e6) (0 when no tokens).' },
  { name: 'meanBelief', unit: 'weight', definition: 'Mean believed weight of token rank in reviews, relative to output rank.' },
  { name: 'incidents', unit: 'incidents', definition: 'Agent incidents this week.' },
  { name: 'incidentCostUSD', unit: 'USD', definition: 'Cost of this week\'s incidents.' },
  { name: 'tokenGini', unit: 'index', definition: 'Gini coefficient of tokens across all employees (histogram estimate).' },
  { name: 'tokenP90P50', unit: 'ratio', definition: 'P90 / P50 of tokens among AI users (1 when nobody uses AI).' },
  { name: 'topDecileTokenRatio', unit: 'ratio', definition: 'Mean tokens of the top token decile of AI users / mean tokens of the users between the 45th and 55th token percentiles.' },
  { name: 'topDecileOutputRatio', unit: 'ratio', definition: 'Mean output of the top token decile of AI users / mean output of the users between the 45th and 55th token percentiles.' },
  { name: 'leaderboardOutputRankCorr', unit: 'correlation', definition: 'Spearman rank correlation, across employees, of the board value (tokens when the board shows tokens or there is none) and output.' },
  { name: 'netValueUSD', unit: 'USD', definition: '(output − employees) × valuePerEmployeeWeekUSD − computeSpendUSD − incidentCostUSD − audit cost.' },
] as const satisfies readonly MetricDefinition[];

/** A metric's name. */
export type MetricName = (typeof METRICS)[number]['name'];
/** Metric names in column order. */
export const METRIC_NAMES: readonly MetricName[] = METRICS.map((m) => m.name);
/** Column index of each metric. */
export const METRIC_INDEX = Object.fromEntries(METRIC_NAMES.map((n, i) => [n, i])) as Record<MetricName, number>;

/** Events of a week that the state does not hold. */
export interface WeekEvents {
  incidents: number;
  incidentCostUSD: number;
  audits: number;
}

/** Measures every metric for the week into `row` (length METRICS.length), in one O(N) pass. */
export function measure(s: State, t: WeekTerms, ev: WeekEvents, row: Float64Array): void {
  const n = s.n;
  const counts = [0, 0, 0, 0];
  let tokens = 0, productive = 0, output = 0, belief = 0;
  const users = n - s.weekRanker.zeros;
  const userQuantile = (q: number) => s.weekRanker.quantile((s.weekRanker.zeros + q * users) / n);
  const q90 = userQuantile(0.9);
  const q45 = userQuantile(0.45);
  const q55 = userQuantile(0.55);
  const q50 = userQuantile(0.5);
  let topTokens = 0, topOutput = 0, topCount = 0, midTokens = 0, midOutput = 0, midCount = 0;
  s.outputRanker.rebuild(s.output, n);
  const boardRanker = t.board.metric === Metric.tokens ? s.tokenRanker : s.metricRanker;
  let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (let i = 0; i < n; i++) {
    const k = s.strategy[i];
    counts[k] += 1;
    const tk = s.tokens[i];
    const out = s.output[i];
    tokens += tk;
    productive += s.productive[i];
    output += out;
    belief += s.belief[i];
    if (tk > 0) {
      if (tk >= q90) { topTokens += tk; topOutput += out; topCount += 1; }
      if (tk >= q45 && tk <= q55) { midTokens += tk; midOutput += out; midCount += 1; }
    }
    const a = boardRanker.rankOf(i);
    const b = s.outputRanker.rankOf(i);
    sa += a; sb += b; saa += a * a; sbb += b * b; sab += a * b;
  }
  const p = t.p;
  const wasted = Math.max(0, tokens - productive);
  const spend = (tokens * p.economics.pricePerMTokUSD) / 1e6;
  const va = saa - (sa * sa) / n;
  const vb = sbb - (sb * sb) / n;
  const ratio = (top: number, topN: number, mid: number, midN: number) => (topN > 0 && midN > 0 && mid > 0 ? top / topN / (mid / midN) : 1);
  const values: Record<MetricName, number> = {
    employees: n,
    adoptionRate: (n - counts[Strategy.abstain]) / n,
    shareAbstain: counts[Strategy.abstain] / n,
    shareGenuine: counts[Strategy.genuine] / n,
    sharePadding: counts[Strategy.padding] / n,
    shareMaxxing: counts[Strategy.maxxing] / n,
    tokens,
    productiveTokens: productive,
    wastedTokens: wasted,
    wasteShare: tokens > 0 ? wasted / tokens : 0,
    computeSpendUSD: spend,
    output,
    outputGain: output / n - 1,
    outputPerMTok: tokens > 0 ? output / (tokens / 1e6) : 0,
    meanBelief: belief / n,
    incidents: ev.incidents,
    incidentCostUSD: ev.incidentCostUSD,
    tokenGini: s.weekRanker.gini(),
    tokenP90P50: users > 0 && q50 > 0 ? q90 / q50 : 1,
    topDecileTokenRatio: ratio(topTokens, topCount, midTokens, midCount),
    topDecileOutputRatio: ratio(topOutput, topCount, midOutput, midCount),
    leaderboardOutputRankCorr: va > 1e-12 && vb > 1e-12 ? (sab - (sa * sb) / n) / Math.sqrt(va * vb) : 0,
    netValueUSD: (output - n) * p.economics.valuePerEmployeeWeekUSD - spend - ev.incidentCostUSD - ev.audits * p.audits.costPerAuditUSD,
  };
  for (let m = 0; m < METRIC_NAMES.length; m++) row[m] = values[METRIC_NAMES[m]];
}
