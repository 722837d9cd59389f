/**
 * The model's state: one column (typed array) per employee variable, a few per-team and org-level
 * scalars, and the rankers rebuilt each week. Traits are drawn once here from keyed streams.
 *
 * Bytes per employee: 14 Float32 + 4 Float64 + 4 Uint8 columns = 92, plus 8 per ranker for the logs of
 * its values (see docs/PERFORMANCE.md). Per team (manager): 5 Float32 columns and a review date.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import { LogRanker } from './percentile.js';
import { Purpose, probit, streamKey, uniform, type RandomKey } from './rng.js';
import { Strategy } from './strategies.js';

/** Everything that changes or is drawn during a run. */
export interface State {
  readonly n: number;
  readonly teamSize: number;
  readonly teams: number;
  readonly key: RandomKey;

  // Traits, drawn once.
  /** Share of work where AI genuinely helps, in [0, 1]. */
  readonly fit: Float32Array;
  /** Intrinsic cost of a week of pure waste (output units). */
  readonly integrity: Float32Array;
  /** Weight on what managers think, in [0, 1]. */
  readonly careerConcern: Float32Array;
  /** log of the persistent token intensity (log-normal, median 1). */
  readonly logTokenScale: Float32Array;
  /** Genuine tokens per unit of median tokens: (fit / fitMedian) × tokenScale. */
  readonly tokenFactor: Float32Array;
  /** log(tokenFactor), so that the log of tokens is a sum. */
  readonly logTokenFactor: Float64Array;
  /** Multiple of the mean busywork agent-hours this employee would leave running when maxxing (log-normal, mean 1). */
  readonly busywork: Float32Array;

  // Managers (one per team), drawn once.
  /** Standard normal draws behind each manager's attention and leak multiples. */
  readonly managerAttentionZ: Float32Array;
  readonly managerLeakZ: Float32Array;
  /** Week within the cycle at which each team is reviewed, under a staggered calendar (0 … cycleWeeks − 1). */
  readonly reviewDate: Uint16Array;
  /** This week's attention and applied token weight of each team's manager (managers.ts fills them). */
  readonly teamAttention: Float32Array;
  readonly teamTokenWeight: Float32Array;
  /** Share of each team compliant with the mandate last week. */
  readonly teamCompliance: Float32Array;

  // Derived per-agent constant, recomputed only when the elasticity changes.
  /** fit × intensity^elasticity normalised to mean 1 over the intensity distribution. */
  readonly gainScale: Float32Array;
  gainScaleElasticity: number;

  // Dynamic state.
  /** AI proficiency in [0, 1]. */
  readonly skill: Float32Array;
  /** Believed weight of token rank in reviews, in [0, 1]. */
  readonly belief: Float32Array;
  /** This week's strategy (after commit) — last week's while deciding. */
  strategy: Uint8Array;
  /** Buffer the decision step writes; swapped with `strategy` on commit. */
  nextStrategy: Uint8Array;
  /** 1 if caught by an audit last week (must use AI genuinely this week). */
  readonly caught: Uint8Array;
  /** The rating held from the team's last review (reviews.ts `Rating`; its worth is paid weekly until the next). */
  readonly rating: Uint8Array;
  /** Tokens this week. */
  readonly tokens: Float64Array;
  /** Productive tokens this week. */
  readonly productive: Float64Array;
  /** Output this week (units; 1 = a week without AI). */
  readonly output: Float32Array;
  /** Realised utility this week (what teammates compare when imitating). */
  readonly payoff: Float32Array;
  /** Token board value: exponential moving average of weekly tokens over the window. */
  readonly tokenBoard: Float32Array;
  /** Outcome board value (when the board ranks an outcome metric). */
  readonly metricBoard: Float32Array;
  /** Tokens accumulated since the last review. */
  readonly cycleTokens: Float64Array;
  /** Output accumulated since the last review. */
  readonly cycleOutput: Float32Array;

  /** Ranks this week's tokens (inequality metrics; the token board too, with a one-week window). */
  readonly weekRanker: LogRanker;
  /** Ranks the token board's values when its window is longer than a week. */
  readonly tokenRanker: LogRanker;
  /** The ranks of the token board: `weekRanker` or `tokenRanker`. Read by decisions as last week's. */
  tokenBoardRanks: LogRanker;
  /** Ranks the outcome board, when the board shows one. */
  readonly metricRanker: LogRanker;
  /** Ranks this week's output, for the board/output rank correlation. */
  readonly outputRanker: LogRanker;

  /** The metric `metricBoard` holds (a board code of leaderboard.ts), to restart it when it changes. */
  outcomeMetric: number;
  /** Share compliant with the mandate last week (drives escalation). */
  compliance: number;
  /** Spearman correlation of board value and output ranks last week (employees' picture of the review's spread). */
  rankCorrelation: number;
  /** The official token weight last announced (0 until one is: "nothing said" reads as 0). */
  announcedWeight: number;
  /** Could managers see token figures last week? (Their ceasing to is a signal: beliefs.ts.) */
  managersSawTokens: boolean;
}

/** Logistic function. */
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

/** Allocates the state and draws every trait from its keyed stream (week 0 key, trait purpose). */
export function initialState(p: WeekParameters, key: RandomKey): State {
  const n = p.population.employees;
  const teamSize = p.population.teamSize;
  const t = p.traits;
  const f32 = () => new Float32Array(n);
  const weekRanker = new LogRanker();
  const teams = Math.ceil(n / teamSize);
  const s: State = {
    n,
    teamSize,
    teams,
    key,
    fit: f32(),
    busywork: f32(),
    managerAttentionZ: new Float32Array(teams),
    managerLeakZ: new Float32Array(teams),
    reviewDate: new Uint16Array(teams),
    teamAttention: new Float32Array(teams),
    teamTokenWeight: new Float32Array(teams),
    teamCompliance: new Float32Array(teams),
    integrity: f32(),
    careerConcern: f32(),
    logTokenScale: f32(),
    tokenFactor: f32(),
    logTokenFactor: new Float64Array(n),
    gainScale: f32(),
    gainScaleElasticity: Number.NaN,
    skill: f32(),
    belief: f32(),
    strategy: new Uint8Array(n),
    nextStrategy: new Uint8Array(n),
    caught: new Uint8Array(n),
    rating: new Uint8Array(n),
    tokens: new Float64Array(n),
    productive: new Float64Array(n),
    output: f32(),
    payoff: f32(),
    tokenBoard: f32(),
    metricBoard: f32(),
    cycleTokens: new Float64Array(n),
    cycleOutput: f32(),
    weekRanker,
    tokenRanker: new LogRanker(),
    tokenBoardRanks: weekRanker,
    metricRanker: new LogRanker(),
    outputRanker: new LogRanker(),
    outcomeMetric: 0,
    compliance: t.initialAdoption,
    rankCorrelation: 0,
    announcedWeight: 0,
    managersSawTokens: false,
  };
  const draw = (purpose: number) => {
    const k = streamKey(key, 0, purpose);
    return (i: number) => probit(uniform(k, i));
  };
  const fitZ = draw(Purpose.fit);
  const skillZ = draw(Purpose.skill);
  const integrityZ = draw(Purpose.integrity);
  const ccZ = draw(Purpose.careerConcern);
  const scaleZ = draw(Purpose.tokenScale);
  const beliefZ = draw(Purpose.belief);
  const busyZ = draw(Purpose.busywork);
  const busySigma = t.busyworkSpread;
  const adopt = streamKey(key, 0, Purpose.initialStrategy);
  const beliefLogit = logit(Math.min(0.999, Math.max(0.001, t.beliefPrior)));
  for (let i = 0; i < n; i++) {
    s.fit[i] = sigmoid(logit(t.fitMedian) + t.fitSpread * fitZ(i));
    s.skill[i] = sigmoid(logit(t.skillMedian) + t.skillSpread * skillZ(i));
    s.integrity[i] = t.integrityMedian * Math.exp(t.integritySpread * integrityZ(i));
    s.careerConcern[i] = sigmoid(logit(t.careerConcernMedian) + t.careerConcernSpread * ccZ(i));
    s.logTokenScale[i] = t.tokenScaleSigma * scaleZ(i);
    s.tokenFactor[i] = (s.fit[i] / t.fitMedian) * Math.exp(s.logTokenScale[i]);
    s.logTokenFactor[i] = Math.log(s.tokenFactor[i]);
    s.belief[i] = t.beliefPrior <= 0 ? 0 : t.beliefPrior >= 1 ? 1 : sigmoid(beliefLogit + t.beliefSpread * beliefZ(i));
    s.strategy[i] = uniform(adopt, i) < t.initialAdoption ? Strategy.genuine : Strategy.abstain;
    s.busywork[i] = Math.exp(busySigma * busyZ(i) - 0.5 * busySigma * busySigma);
  }
  const attentionZ = draw(Purpose.managerAttention);
  const leakZ = draw(Purpose.managerLeak);
  const date = streamKey(key, 0, Purpose.reviewDate);
  const cycle = p.reviews.cycleWeeks;
  for (let team = 0; team < teams; team++) {
    s.managerAttentionZ[team] = attentionZ(team);
    s.managerLeakZ[team] = leakZ(team);
    s.reviewDate[team] = Math.min(cycle - 1, Math.floor(uniform(date, team) * cycle));
    s.teamCompliance[team] = t.initialAdoption;
  }
  return s;
}

/**
 * Recomputes `gainScale` if the elasticity changed: fit × tokenScale^e / E[tokenScale^e], so the
 * elasticity tilts gains toward heavy users without changing the average gain.
 */
export function refreshGainScale(s: State, elasticity: number, tokenScaleSigma: number): void {
  if (s.gainScaleElasticity === elasticity) return;
  const logNorm = 0.5 * elasticity * elasticity * tokenScaleSigma * tokenScaleSigma;
  for (let i = 0; i < s.n; i++) s.gainScale[i] = s.fit[i] * Math.exp(elasticity * s.logTokenScale[i] - logNorm);
  s.gainScaleElasticity = elasticity;
}
