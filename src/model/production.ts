/**
 * Production (MODEL-BRIEF §2–3): what a week of each strategy yields — tokens (with weekly log-normal
 * noise), productive tokens and output — and its utility term: the value of the output, less the
 * integrity cost of waste and the effort of the strategy.
 *
 * Genuine use burns the employee's own genuine tokens T_g (median × fit × intensity); padding adds a
 * multiple of them in needless runs of their own sessions. Maxxing is time, not a multiple: busywork
 * agents left running for the employee's busywork agent-hours at `agentTokensPerHour`, an absolute
 * budget beside a share of their genuine work — so a light user who maxxes lands as high on the
 * board as a heavy one, as agents left running for hours to climb a board do.
 *
 * These are the single statement of the production rules: the decision rule and the week both call
 * them, so what an employee expects of a strategy is what it then gets, apart from token noise.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import type { Mechanism } from './mechanism.js';
import { Purpose, probit, streamKey, uniform } from './rng.js';
import { refreshGainScale, type State } from './state.js';
import { Strategy } from './strategies.js';

/** Per-week constants of the production rules. Per-strategy tables are indexed by strategy code. */
export interface ProductionTerms {
  /** Median genuine tokens per employee-week, and its log. */
  median: number;
  logMedian: number;
  /** Weekly token noise: log-sd, and the shift that keeps its mean at 1. */
  sigma: number;
  meanCorrection: number;
  /** Token multiple of genuine tokens, and its log (−Infinity for abstain); maxxing's busywork comes on top. */
  tokenMultiple: Float64Array;
  logTokenMultiple: Float64Array;
  /** Mean busywork tokens of a maxxing week (agent-hours × tokens per hour), before the employee's multiple. */
  busyworkTokens: number;
  /** Productive tokens per genuine token. */
  productiveMultiple: Float64Array;
  /** Share of a strategy's tokens that is wasted (maxxing's depends on the employee: {@link wasteOf}). */
  wasteShare: Float64Array;
  /** Effort cost (output units/week). */
  effort: Float64Array;
  /** Output of strategy k with genuine gain g: 1 + outputSlope[k] × g − outputOffset[k]. */
  outputSlope: Float64Array;
  outputOffset: Float64Array;
  maxGain: number;
  gainOffset: number;
  /** Output lost to approvals when using AI (output units/week). */
  approvalCost: number;
  noiseKey: number;
}

/** Multiple of genuine tokens per strategy (maxxing: the genuine work it keeps, beside its busywork). */
function tokenMultiples(p: WeekParameters): Float64Array {
  return Float64Array.of(0, 1, 1 + p.tokens.padFactor, p.tokens.maxxingProductiveShare);
}

/** Productive tokens per genuine token, per strategy. */
function productiveMultiples(p: WeekParameters): Float64Array {
  return Float64Array.of(0, 1, 1, p.tokens.maxxingProductiveShare);
}

/** Share of each strategy's tokens that is wasted (maxxing: all of it, as a bound; {@link wasteOf} gives an employee's). */
function wasteShares(p: WeekParameters): Float64Array {
  const productive = productiveMultiples(p);
  return tokenMultiples(p).map((m, k) => (k === Strategy.maxxing ? 1 : m > 0 ? 1 - productive[k] / m : 0));
}

/** This week's production constants (and each employee's gain scale, if the elasticity changed). */
function terms(p: WeekParameters, s: State, week: number): ProductionTerms {
  refreshGainScale(s, p.productivity.elasticity, p.traits.tokenScaleSigma);
  const q = p.productivity;
  const tokenMultiple = tokenMultiples(p);
  const sigma = p.tokens.weeklyNoiseSigma;
  return {
    median: p.tokens.medianPerWeek,
    logMedian: Math.log(p.tokens.medianPerWeek),
    sigma,
    meanCorrection: -0.5 * sigma * sigma,
    tokenMultiple,
    logTokenMultiple: tokenMultiple.map(Math.log),
    busyworkTokens: p.tokens.busyworkAgentHours * p.tokens.agentTokensPerHour,
    productiveMultiple: productiveMultiples(p),
    wasteShare: wasteShares(p),
    effort: Float64Array.of(0, p.decisions.effortGenuine, p.decisions.effortPadding, p.decisions.effortMaxxing),
    outputSlope: Float64Array.of(0, 1, 1, q.maxxingGainShare),
    outputOffset: Float64Array.of(0, 0, q.paddingTimeCost, q.maxxingTimeCost),
    maxGain: q.maxGain,
    gainOffset: q.gainOffset,
    approvalCost: p.guardrails.approvalTimeCost * (1 - p.guardrails.autonomy),
    noiseKey: streamKey(s.key, week, Purpose.tokenNoise),
  };
}

export const production = { name: 'production', terms } as const satisfies Mechanism<'production', ProductionTerms>;

/** Genuine gain of employee `i` this week (output units; negative = AI slows them down). */
export function gainOf(s: State, t: ProductionTerms, i: number): number {
  return t.maxGain * s.gainScale[i] * s.skill[i] - t.gainOffset - t.approvalCost;
}

/** Output (units/week; 1 = a week without AI) of strategy `k` with genuine gain `gain`. */
export function outputOf(t: ProductionTerms, k: number, gain: number): number {
  return 1 + t.outputSlope[k] * gain - t.outputOffset[k];
}

/** Expected genuine tokens of employee `i` (before weekly noise). */
export function genuineTokensOf(s: State, t: ProductionTerms, i: number): number {
  return t.median * s.tokenFactor[i];
}

/** Expected tokens of employee `i` under strategy `k`, from their expected genuine tokens `genuine`. */
export function tokensOf(s: State, t: ProductionTerms, i: number, k: number, genuine: number): number {
  const own = genuine * t.tokenMultiple[k];
  return k === Strategy.maxxing ? own + t.busyworkTokens * s.busywork[i] : own;
}

/** Share of the tokens of a week of strategy `k` with `tokens` tokens, `genuine` of them genuine-scale, that is wasted. */
export function wasteOf(t: ProductionTerms, k: number, tokens: number, genuine: number): number {
  if (k !== Strategy.maxxing) return t.wasteShare[k];
  return tokens > 0 ? 1 - (genuine * t.productiveMultiple[k]) / tokens : 0;
}

/** Utility term: the output's worth, less the integrity cost of the share `waste` of tokens wasted, and the strategy's effort. */
export function productionValue(t: ProductionTerms, k: number, output: number, integrity: number, waste: number): number {
  return output - integrity * waste - t.effort[k];
}

/**
 * Act: employee `i`'s tokens, productive tokens and output this week under strategy `k`, added to
 * the cycle totals, with the logs of tokens and output put to this week's rankers (the log of tokens
 * is a sum of logs, so it costs no logarithm).
 */
export function produce(s: State, t: ProductionTerms, i: number, k: number): void {
  let tokens = 0;
  let productive = 0;
  let output = 1;
  let logTokens = -Infinity;
  if (k !== Strategy.abstain) {
    const noise = t.sigma * probit(uniform(t.noiseKey, i)) + t.meanCorrection;
    const scale = Math.exp(noise);
    const genuine = t.median * s.tokenFactor[i] * scale;
    productive = genuine * t.productiveMultiple[k];
    output = Math.max(0, outputOf(t, k, gainOf(s, t, i)));
    if (k === Strategy.maxxing) {
      tokens = genuine * t.tokenMultiple[k] + t.busyworkTokens * s.busywork[i] * scale;
      logTokens = tokens > 0 ? Math.log(tokens) : -Infinity;
    } else {
      tokens = genuine * t.tokenMultiple[k];
      logTokens = t.logMedian + s.logTokenFactor[i] + noise + t.logTokenMultiple[k];
    }
  }
  s.tokens[i] = tokens;
  s.productive[i] = productive;
  s.output[i] = output;
  s.cycleTokens[i] += tokens;
  s.cycleOutput[i] += output;
  s.weekRanker.put(i, logTokens);
  s.outputRanker.put(i, output === 1 ? 0 : output > 0 ? Math.log(output) : -Infinity);
}
