/**
 * Production (MODEL-BRIEF §2–3): what a week of each strategy yields — tokens (with weekly log-normal
 * noise), productive tokens and output — and its utility term: the value of the output, less the
 * integrity cost of waste and the effort of the strategy.
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
  /** Token multiple of genuine tokens, and its log (−Infinity for abstain). */
  tokenMultiple: Float64Array;
  logTokenMultiple: Float64Array;
  /** Productive tokens per genuine token. */
  productiveMultiple: Float64Array;
  /** Share of a strategy's tokens that is wasted. */
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
  /** 1 + outcomeWeight: what a unit of output is worth to the employee. */
  outputWeight: number;
  noiseKey: number;
}

/** Token multiple of genuine tokens per strategy. */
function tokenMultiples(p: WeekParameters): Float64Array {
  return Float64Array.of(0, 1, 1 + p.tokens.padFactor, p.tokens.maxxingFactor);
}

/** Productive tokens per genuine token, per strategy. */
function productiveMultiples(p: WeekParameters): Float64Array {
  return Float64Array.of(0, 1, 1, Math.min(p.tokens.maxxingProductiveShare, p.tokens.maxxingFactor));
}

/** Share of each strategy's tokens that is wasted. */
export function wasteShares(p: WeekParameters): Float64Array {
  const productive = productiveMultiples(p);
  return tokenMultiples(p).map((m, k) => (m > 0 ? 1 - productive[k] / m : 0));
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
    productiveMultiple: productiveMultiples(p),
    wasteShare: wasteShares(p),
    effort: Float64Array.of(0, p.decisions.effortGenuine, p.decisions.effortPadding, p.decisions.effortMaxxing),
    outputSlope: Float64Array.of(0, 1, 1, q.maxxingGainShare),
    outputOffset: Float64Array.of(0, 0, q.paddingTimeCost, q.maxxingTimeCost),
    maxGain: q.maxGain,
    gainOffset: q.gainOffset,
    approvalCost: p.guardrails.approvalTimeCost * (1 - p.guardrails.autonomy),
    outputWeight: 1 + p.reviews.outcomeWeight,
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

/** Utility term: the output's worth, less the integrity cost of wasted tokens and the strategy's effort. */
export function productionValue(t: ProductionTerms, k: number, output: number, integrity: number): number {
  return output * t.outputWeight - integrity * t.wasteShare[k] - t.effort[k];
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
    const genuine = t.median * s.tokenFactor[i] * Math.exp(noise);
    tokens = genuine * t.tokenMultiple[k];
    productive = genuine * t.productiveMultiple[k];
    output = Math.max(0, outputOf(t, k, gainOf(s, t, i)));
    logTokens = t.logMedian + s.logTokenFactor[i] + noise + t.logTokenMultiple[k];
  }
  s.tokens[i] = tokens;
  s.productive[i] = productive;
  s.output[i] = output;
  s.cycleTokens[i] += tokens;
  s.cycleOutput[i] += output;
  s.weekRanker.put(i, logTokens);
  s.outputRanker.put(i, output === 1 ? 0 : output > 0 ? Math.log(output) : -Infinity);
}
