/**
 * The scenario schema: the single definition from which the TypeScript types, the validation, the
 * defaults, the JSON Schema (`tokenmaxx schema`), the parameter table in docs/ODD.md and the uncertain
 * parameters' plausible ranges (`plausibleRanges()`, the default design of `tokenmaxx sensitivity`) all come.
 *
 * A scenario file is `{ "$schema"?, "scenarios": { NAME: Scenario } }`. Each scenario sets only what
 * differs from the defaults (or from the scenario it `extends`). Numeric policy parameters may be
 * mathjs expressions of the week `t` (weeks count from 0); a `schedule` changes any policy section
 * from a given week.
 */
import { z } from 'zod';

/**
 * Where an uncertain parameter's true value plausibly lies: `[lo, hi]` in the parameter's unit, with
 * the default inside and the range inside the allowed bounds (test/scenarios/schema.test.ts checks
 * both). `tokenmaxx sensitivity` samples these ranges by default.
 */
export interface PlausibleRange {
  lo: number;
  hi: number;
  /** Where the range comes from: a study's or the calibration table's range, or an assumption said as such. */
  source: string;
}

/** Documentation attached to every parameter: unit, where the default comes from, its plausible range if uncertain. */
export interface ParamMeta {
  unit: string;
  source: string;
  plausible?: PlausibleRange;
}

/** Registry of parameter documentation, read by the parameter-table generator. */
export const paramMeta = z.registry<ParamMeta>();

type NumOptions = {
  min: number;
  max: number;
  default: number;
  unit: string;
  doc: string;
  source: string;
  int?: boolean;
  /** May the value be an expression of the week `t`? Initial-state parameters may not. */
  expr?: boolean;
} & (
  | { plausible?: undefined; plausibleSource?: undefined }
  /** An uncertain parameter: its plausible range `[lo, hi]` and where that range comes from. */
  | { plausible: readonly [lo: number, hi: number]; plausibleSource: string }
);

const EXPRESSION_DOC = 'or a mathjs expression of the week t, e.g. "0.1 + 0.2 * (t >= 12)"';

function num(o: NumOptions) {
  let n = o.int ? z.number().int() : z.number();
  n = n.min(o.min).max(o.max);
  const base = o.expr === false ? n : z.union([n, z.string().min(1).describe(`expression ${EXPRESSION_DOC}`)]);
  const leaf = base.default(o.default).describe(o.doc);
  const plausible = o.plausible ? { lo: o.plausible[0], hi: o.plausible[1], source: o.plausibleSource } : undefined;
  leaf.register(paramMeta, { unit: o.unit, source: o.source, ...(plausible ? { plausible } : {}) });
  return leaf;
}

function choice<const T extends readonly [string, ...string[]]>(values: T, dflt: T[number], doc: string, source: string) {
  const leaf = z.enum(values).default(dflt as never).describe(doc);
  leaf.register(paramMeta, { unit: 'choice', source });
  return leaf;
}

const ASSUMPTION = 'assumption';
/**
 * The plausible range of an assumed or tuned value with nothing better to go on: a factor of two
 * either way, symmetric on the log scale the effects of such scale parameters are usually read on.
 */
const HALF_TO_TWICE = 'assumption: half to twice the default';
/** The plausible range of an assumed median share (a factor of two would leave [0, 1]). */
const SHARE_PM_02 = 'assumption: ±0.2 around the default';

/** Initial-state sections: read once at week 0, plain numbers only. */
const initialSections = {
  population: z.strictObject({
    employees: num({ min: 8, max: 10_000_000, default: 10_000, int: true, expr: false, unit: 'employees', doc: 'Number of employees.', source: 'MODEL-BRIEF §2' }),
    teamSize: num({ min: 2, max: 1000, default: 8, int: true, expr: false, unit: 'employees', doc: 'Employees per team (one manager each).', source: 'MODEL-BRIEF §2' }),
  }).prefault({}).describe('Who is simulated.'),
  traits: z.strictObject({
    initialAdoption: num({ min: 0, max: 1, default: 0.5, expr: false, unit: 'share', doc: 'Share of employees using AI genuinely at week 0 (the rest abstain).', source: 'Stack Overflow 2025 (47% daily); DORA 2025 (~90% any use)', plausible: [0.47, 0.9], plausibleSource: 'Stack Overflow 2025 (47% daily) to DORA 2025 (~90% any use)' }),
    fitMedian: num({ min: 0.01, max: 0.99, default: 0.5, expr: false, unit: 'share', doc: 'Median share of work where AI genuinely helps (logit-normal across employees).', source: ASSUMPTION, plausible: [0.3, 0.7], plausibleSource: SHARE_PM_02 }),
    fitSpread: num({ min: 0, max: 5, default: 1, expr: false, unit: 'logit sd', doc: 'Spread of fit across employees (sd on the logit scale).', source: ASSUMPTION, plausible: [0.5, 2], plausibleSource: HALF_TO_TWICE }),
    skillMedian: num({ min: 0.01, max: 0.99, default: 0.4, expr: false, unit: 'share', doc: 'Median initial AI proficiency (logit-normal).', source: ASSUMPTION, plausible: [0.2, 0.6], plausibleSource: SHARE_PM_02 }),
    skillSpread: num({ min: 0, max: 5, default: 1, expr: false, unit: 'logit sd', doc: 'Spread of initial skill (sd on the logit scale).', source: ASSUMPTION, plausible: [0.5, 2], plausibleSource: HALF_TO_TWICE }),
    integrityMedian: num({ min: 0, max: 10, default: 0.1, expr: false, unit: 'output units/week', doc: 'Median intrinsic cost of a week spent entirely on work that produces nothing (log-normal).', source: `${ASSUMPTION}; tuned so gaming stays under 5% without perceived stakes`, plausible: [0.05, 0.2], plausibleSource: HALF_TO_TWICE }),
    integritySpread: num({ min: 0, max: 5, default: 1, expr: false, unit: 'log sd', doc: 'Spread of integrity (sd of its logarithm).', source: ASSUMPTION, plausible: [0.5, 2], plausibleSource: HALF_TO_TWICE }),
    careerConcernMedian: num({ min: 0.01, max: 0.99, default: 0.5, expr: false, unit: 'share', doc: 'Median weight an employee puts on what managers might think (logit-normal).', source: ASSUMPTION, plausible: [0.3, 0.7], plausibleSource: SHARE_PM_02 }),
    careerConcernSpread: num({ min: 0, max: 5, default: 1, expr: false, unit: 'logit sd', doc: 'Spread of career concern (sd on the logit scale).', source: ASSUMPTION, plausible: [0.5, 2], plausibleSource: HALF_TO_TWICE }),
    tokenScaleSigma: num({ min: 0, max: 4, default: 1.5, expr: false, unit: 'log sd', doc: 'Spread of persistent individual token intensity (log-normal, median 1).', source: 'derived: P90/P50 ≈ 7 (Jellyfish 2026); Meta top user ~400× mean', plausible: [1.25, 1.8], plausibleSource: 'derived: P90/P50 between 5 and 10 around Jellyfish 2026\'s ≈ 7 (σ = ln(P90/P50) / 1.28)' }),
    beliefPrior: num({ min: 0, max: 1, default: 0.025, expr: false, unit: 'weight', doc: 'Median prior belief of the weight of token rank in reviews (beside reviews.outcomeWeight on output rank).', source: 'not measured: 0.05–0.5 of output\'s weight (22% feel pressured, 16% pretend, Howdy 2025), i.e. 0.025–0.25 beside outcomeWeight 0.5; low end chosen so gaming takes off as managers mention the board', plausible: [0.025, 0.25], plausibleSource: 'MODEL-BRIEF §7: 0.05–0.5 of output\'s weight, not measured (Howdy 2025)' }),
    busyworkSpread: num({ min: 0, max: 4, default: 1, expr: false, unit: 'log sd', doc: 'Spread across employees of the agent-hours a maxxer leaves busywork agents running (log-normal, mean 1 × tokens.busyworkAgentHours): some leave one agent on overnight, a few run many in parallel all week.', source: 'assumption; Meta\'s top user ~400× the mean (The Information, April 2026) needs a heavy tail', plausible: [0.5, 2], plausibleSource: HALF_TO_TWICE }),
    beliefSpread: num({ min: 0, max: 5, default: 0.5, expr: false, unit: 'logit sd', doc: 'Spread of prior beliefs (sd on the logit scale).', source: ASSUMPTION, plausible: [0.25, 1], plausibleSource: HALF_TO_TWICE }),
  }).prefault({}).describe('Distributions of employee traits, drawn once at week 0.'),
};

/** Policy sections: read every week; numbers may be expressions of `t`; a schedule may change them. */
const policySections = {
  tokens: z.strictObject({
    medianPerWeek: num({ min: 0, max: 1e12, default: 32e6, unit: 'tokens/week', doc: 'Median tokens of a genuine AI user per week.', source: 'Jellyfish telemetry 2026 (32M; top adopters ~225M)' }),
    weeklyNoiseSigma: num({ min: 0, max: 3, default: 0.3, unit: 'log sd', doc: 'Week-to-week noise in an employee\'s tokens (log-normal).', source: ASSUMPTION, plausible: [0.15, 0.6], plausibleSource: HALF_TO_TWICE }),
    padFactor: num({ min: 0, max: 100, default: 1, unit: 'multiple', doc: 'Padding adds this multiple of genuine tokens in needless agent runs.', source: ASSUMPTION, plausible: [0.5, 2], plausibleSource: HALF_TO_TWICE }),
    busyworkAgentHours: num({ min: 0, max: 10_000, default: 40, unit: 'agent-hours/week', doc: 'Mean agent-hours a week a maxxer leaves busywork agents running (evenings, nights, meetings), whatever their own usage.', source: 'assumption; agents left running for hours to climb the board (The Information, April 2026); "watch deployments during meetings", overnight runs (FT, May 2026)', plausible: [20, 80], plausibleSource: HALF_TO_TWICE }),
    agentTokensPerHour: num({ min: 0, max: 1e10, default: 3e6, unit: 'tokens/agent-hour', doc: 'Tokens an unattended agent burns per hour (mostly cache reads of its context).', source: 'assumption: ~30 model calls an hour re-reading a ~100k-token context', plausible: [1.5e6, 6e6], plausibleSource: HALF_TO_TWICE }),
    maxxingProductiveShare: num({ min: 0, max: 1, default: 0.25, unit: 'share', doc: 'Share of their genuine tokens a maxxer still spends on real work (beside the busywork agents).', source: ASSUMPTION, plausible: [0.125, 0.5], plausibleSource: HALF_TO_TWICE }),
  }).prefault({}).describe('Token consumption per strategy.'),
  productivity: z.strictObject({
    maxGain: num({ min: 0, max: 5, default: 0.9, unit: 'output units/week', doc: 'Output gain of a genuine user with fit 1 and skill 1 (gain = maxGain × fit × skill × intensity − gainOffset).', source: 'Cui et al. (Management Science) +26% throughput; Peng et al. 2023 +55.8%', plausible: [0.32, 2.6], plausibleSource: 'Cui et al. (Management Science): adopters\' gain 0.08–0.77; the values at which baseline adopters\' mean gain at week 11 is 0.08 and 0.77 (0.26 at the default, §6.1)' }),
    gainOffset: num({ min: -1, max: 1, default: 0.1, unit: 'output units/week', doc: 'Fixed overhead of using AI: low fit or skill gives a net slowdown.', source: 'METR 2025 (−19% measured)', plausible: [0, 0.2], plausibleSource: 'assumption: from no fixed overhead to METR 2025\'s −19% as the loss of a user AI does not help' }),
    elasticity: num({ min: 0, max: 1, default: 0.3, unit: 'elasticity', doc: 'Elasticity of the gain in personal token intensity (10× tokens → 2× gain).', source: 'Jellyfish, Business Insider May 2026', plausible: [0.15, 0.45], plausibleSource: 'assumption: ±50% around Jellyfish\'s ~0.3 (10× tokens → 1.4× to 2.8× the gain)' }),
    paddingTimeCost: num({ min: 0, max: 1, default: 0.02, unit: 'output units/week', doc: 'Output lost setting up needless runs when padding.', source: ASSUMPTION, plausible: [0.01, 0.04], plausibleSource: HALF_TO_TWICE }),
    maxxingGainShare: num({ min: 0, max: 1, default: 0.3, unit: 'share', doc: 'Share of the genuine gain a maxxer still realises.', source: ASSUMPTION, plausible: [0.15, 0.6], plausibleSource: HALF_TO_TWICE }),
    maxxingTimeCost: num({ min: 0, max: 1, default: 0.05, unit: 'output units/week', doc: 'Output lost to babysitting busywork agents.', source: ASSUMPTION, plausible: [0.025, 0.1], plausibleSource: HALF_TO_TWICE }),
  }).prefault({}).describe('What each strategy produces.'),
  learning: z.strictObject({
    rate: num({ min: 0, max: 1, default: 0.05, unit: '1/week', doc: 'Skill gained per week of genuine use, as a share of the remaining gap to 1.', source: ASSUMPTION, plausible: [0.025, 0.1], plausibleSource: HALF_TO_TWICE }),
    decay: num({ min: 0, max: 1, default: 0.01, unit: '1/week', doc: 'Share of skill lost per week without any AI use that builds skill.', source: ASSUMPTION, plausible: [0.005, 0.02], plausibleSource: HALF_TO_TWICE }),
    experimentRate: num({ min: 0, max: 1, default: 0.01, unit: '1/week', doc: 'Skill gained per week of padding or maxxing from experimenting with agents, as a share of the remaining gap to 1 (added to the genuine rate when padding). 0 = gaming teaches nothing.', source: 'assumption: the claim that pushing usage builds skill with agents, left for the calibration to decide', plausible: [0, 0.05], plausibleSource: 'assumption: from nothing to the genuine rate' }),
  }).prefault({}).describe('Skill learning.'),
  decisions: z.strictObject({
    revision: num({ min: 0, max: 1, default: 0.5, unit: 'probability/week', doc: 'Probability an employee reconsiders its strategy in a week (inertia otherwise).', source: `${ASSUMPTION}; tuned with conformity so gaming spreads in an S within the year`, plausible: [0.25, 1], plausibleSource: HALF_TO_TWICE }),
    imitation: num({ min: 0, max: 1, default: 0.15, unit: 'probability', doc: 'Probability a revising employee imitates a random teammate (Fermi rule) instead of choosing by logit.', source: 'Mas & Moretti 2009 (peer effect 0.15)', plausible: [0.075, 0.3], plausibleSource: 'assumption: half to twice Mas & Moretti\'s 0.15 (a loose mapping of a spillover elasticity)' }),
    fermiK: num({ min: 1e-6, max: 10, default: 0.1, unit: 'utility', doc: 'Noise of the Fermi imitation rule.', source: ASSUMPTION, plausible: [0.05, 0.2], plausibleSource: HALF_TO_TWICE }),
    temperature: num({ min: 1e-6, max: 10, default: 0.03, unit: 'utility', doc: 'Logit (quantal response) temperature.', source: ASSUMPTION, plausible: [0.015, 0.06], plausibleSource: HALF_TO_TWICE }),
    effortGenuine: num({ min: 0, max: 1, default: 0.05, unit: 'output units/week', doc: 'Effort cost of using AI genuinely.', source: ASSUMPTION, plausible: [0.025, 0.1], plausibleSource: HALF_TO_TWICE }),
    effortPadding: num({ min: 0, max: 1, default: 0.06, unit: 'output units/week', doc: 'Effort cost of padding (genuine work plus setting up needless runs).', source: ASSUMPTION, plausible: [0.03, 0.12], plausibleSource: HALF_TO_TWICE }),
    conformity: num({ min: 0, max: 10, default: 0.15, unit: 'output units/week', doc: 'Team norm: utility of a strategy per unit share of teammates who followed it last week (a conformity pull beside payoff imitation).', source: 'assumption; team norms as in Mas & Moretti 2009 (peers\' presence changes effort)', plausible: [0, 0.3], plausibleSource: 'assumption: from no norm to twice the default' }),
    effortMaxxing: num({ min: 0, max: 1, default: 0.05, unit: 'output units/week', doc: 'Effort cost of maxxing.', source: ASSUMPTION, plausible: [0.025, 0.1], plausibleSource: HALF_TO_TWICE }),
  }).prefault({}).describe('How employees choose.'),
  mandate: z.strictObject({
    type: choice(['none', 'weekly-use', 'token-quota'], 'none', 'What the mandate asks: nothing, any AI use each week, or at least quotaTokens a week.', 'Amazon weekly-use target (FT, May 2026)'),
    targetShare: num({ min: 0, max: 1, default: 0.8, unit: 'share', doc: 'Share of employees the company wants compliant each week.', source: 'Amazon target >80% weekly (FT, May 2026)' }),
    quotaTokensPerWeek: num({ min: 0, max: 1e12, default: 10e6, unit: 'tokens/week', doc: 'Token quota of a token-quota mandate.', source: ASSUMPTION }),
    pressure: num({ min: 0, max: 10, default: 0.3, unit: 'output units/week', doc: 'Cost of non-compliance (nudges, escalations).', source: ASSUMPTION, plausible: [0.15, 0.6], plausibleSource: HALF_TO_TWICE }),
    pressureAtTarget: num({ min: 0, max: 1, default: 0.25, unit: 'share', doc: 'Share of the pressure a manager keeps on non-compliers once the team met the target last week (managers ease off at the target).', source: 'assumption: a target, once met, stops being chased', plausible: [0, 0.5], plausibleSource: 'assumption: from no pressure to half of it' }),
    escalation: num({ min: 0, max: 10, default: 1, unit: 'multiple', doc: 'Extra pressure per unit of relative shortfall of last week\'s compliance below the target.', source: ASSUMPTION, plausible: [0.5, 2], plausibleSource: HALF_TO_TWICE }),
  }).prefault({}).describe('Usage mandate.'),
  leaderboard: z.strictObject({
    visibility: choice(['none', 'self', 'team', 'org'], 'none', 'Who sees the board: nobody, each employee their own rank, the team and its manager, everyone.', 'Amazon, Meta, Microsoft boards (2026 reporting)'),
    metric: choice(['tokens', 'output', 'outputPerToken'], 'tokens', 'What the board ranks: tokens, or an outcome metric (output, "normalised deployments"; output per token).', 'Amazon moved to normalised deployments (2026)'),
    windowWeeks: num({ min: 1, max: 52, default: 1, unit: 'weeks', doc: 'Averaging window of the board (exponential, span = window).', source: 'Meta: 30-day window (The Information, April 2026)' }),
    topShare: num({ min: 0, max: 1, default: 0, unit: 'share', doc: 'Top-K shown with badges, as a share of the board (K/N); 0 = no badges.', source: 'Meta: top 250 of 85,000 (The Information, April 2026)' }),
    statusWeight: num({ min: 0, max: 10, default: 0.02, unit: 'output units/week', doc: 'Status value of rank among peers on a fully public board.', source: 'Blanes i Vidal & Nossol 2011 (+6.8% effort from rank feedback)', plausible: [0.01, 0.04], plausibleSource: 'assumption: half to twice the default (a utility chosen, not derived from +6.8% effort)' }),
    badgeGain: num({ min: 0, max: 10, default: 0.3, unit: 'rank value', doc: 'Extra value of being in the shown top-K.', source: 'Gill et al. (U-shaped response to rank)', plausible: [0.15, 0.6], plausibleSource: HALF_TO_TWICE }),
    bottomLoss: num({ min: 0, max: 10, default: 0.1, unit: 'rank value', doc: 'Extra loss at the very bottom of the board (last-place loathing), fading to 0 at the 10th percentile.', source: 'Gill et al.; Barankay', plausible: [0.05, 0.2], plausibleSource: HALF_TO_TWICE }),
  }).prefault({}).describe('Token leaderboard.'),
  managers: z.strictObject({
    attention: num({ min: 0, max: 1, default: 0.3, unit: 'probability/week', doc: 'Probability a manager looks at or mentions the board in a week (when managers can see it).', source: 'assumption; employees say managers look anyway (2026 reporting)', plausible: [0.15, 0.6], plausibleSource: HALF_TO_TWICE }),
    mentionBoost: num({ min: 0, max: 1, default: 0.05, unit: 'share', doc: 'A mention moves each member\'s belief this share of the way to 1.', source: ASSUMPTION, plausible: [0.025, 0.1], plausibleSource: HALF_TO_TWICE }),
    spread: num({ min: 0, max: 3, default: 0.5, unit: 'log sd', doc: 'Spread across managers of attention and leak (each a log-normal multiple with mean 1, drawn once per manager).', source: 'assumption: managers differ in how much they watch the board and weigh it', plausible: [0.25, 1], plausibleSource: HALF_TO_TWICE }),
  }).prefault({}).describe('Managers: a population, one per team.'),
  reviews: z.strictObject({
    officialTokenWeight: num({ min: 0, max: 10, default: 0, unit: 'weight', doc: 'Weight the company says token rank has in ratings (beside reviews.outcomeWeight on output rank).', source: 'Amazon statement: 0' }),
    managerLeak: num({ min: 0, max: 10, default: 0, unit: 'weight', doc: 'Weight managers really give token rank (unknown to employees).', source: 'not measured: scenario parameter' }),
    outcomeWeight: num({ min: 0, max: 10, default: 0.5, unit: 'weight', doc: 'Weight of output rank in reviews.', source: ASSUMPTION, plausible: [0.25, 1], plausibleSource: HALF_TO_TWICE }),
    calendar: choice(['staggered', 'org-wide'], 'staggered', 'When teams are reviewed: each team on its own date spread over the cycle, or every team in the same week at the end of each cycle.', 'assumption: managers run their teams\' reviews on their own dates'),
    cycleWeeks: num({ min: 1, max: 520, default: 26, int: true, expr: false, unit: 'weeks', doc: 'Weeks between reviews.', source: 'half-yearly cycles (MODEL-BRIEF §5)' }),
    rewardShare: num({ min: 0.01, max: 0.99, default: 0.2, unit: 'share', doc: 'Share of employees rewarded at a review (top ratings).', source: ASSUMPTION, plausible: [0.1, 0.4], plausibleSource: HALF_TO_TWICE }),
    rewardValue: num({ min: 0, max: 1000, default: 30, unit: 'output units', doc: 'What a top rating is worth to the employee (raise, refreshers, promotion odds), in employee-weeks of output; paid as a weekly share over the next cycle.', source: 'assumption: a raise and larger refreshers held for years, and better promotion odds: about 30 weeks of pay', plausible: [15, 60], plausibleSource: HALF_TO_TWICE }),
    lowShare: num({ min: 0, max: 0.5, default: 0.06, unit: 'share', doc: 'Share of employees given a low rating at a review (bottom ratings; at least one per team when above 0).', source: 'assumption: the ~5–10% bottom bands and unregretted-attrition targets reported at large tech firms', plausible: [0.03, 0.12], plausibleSource: HALF_TO_TWICE }),
    lowRatingCost: num({ min: 0, max: 1000, default: 60, unit: 'output units', doc: 'What a low rating costs the employee (a performance plan, the risk of losing the job), in employee-weeks of output; paid as a weekly share over the next cycle.', source: 'assumption: over a year of pay at risk (a performance plan, a job search)', plausible: [30, 120], plausibleSource: HALF_TO_TWICE }),
    noise: num({ min: 0, max: 10, default: 0.2, unit: 'rank sd', doc: 'Noise in review ratings.', source: ASSUMPTION, plausible: [0.1, 0.4], plausibleSource: HALF_TO_TWICE }),
  }).prefault({}).describe('Performance reviews.'),
  beliefs: z.strictObject({
    decay: num({ min: 0, max: 1, default: 0.03, unit: '1/week', doc: 'Share of belief lost in a week without a manager mention.', source: 'assumption: a belief fed by nothing fades within the year (half-life 23 weeks)', plausible: [0.015, 0.06], plausibleSource: HALF_TO_TWICE }),
    reviewLearning: num({ min: 0, max: 1, default: 1, unit: 'share', doc: 'How far a team\'s review moves its members\' beliefs toward the token weight they read in it.', source: ASSUMPTION, plausible: [0.5, 1], plausibleSource: 'assumption: from half the Bayesian weight to all of it' }),
    weightUncertainty: num({ min: 1e-6, max: 10, default: 0.3, unit: 'weight sd', doc: 'How uncertain employees are about the token weight (sd of their prior): a review reading of variance v moves beliefs reviewLearning × τ² / (τ² + v) of the way.', source: 'MODEL-BRIEF §7: perceived weight 0.05–0.5, not measured (an sd of the order of the range)', plausible: [0.15, 0.6], plausibleSource: HALF_TO_TWICE }),
    observationNoise: num({ min: 0, max: 5, default: 0.1, unit: 'weight sd', doc: 'Noise in what each employee reads from the team\'s review (sd of the weight read, beside the sampling noise of a team\'s few ratings).', source: ASSUMPTION, plausible: [0.05, 0.2], plausibleSource: HALF_TO_TWICE }),
    credibility: num({ min: 0, max: 1, default: 0.3, unit: 'share', doc: 'How far an announcement of the official token weight (made whenever it changes) moves beliefs toward it.', source: 'assumption: employees half-believe statements ("tremendous pressure" despite "not used in reviews")', plausible: [0.15, 0.6], plausibleSource: HALF_TO_TWICE }),
  }).prefault({}).describe('Belief dynamics.'),
  audits: z.strictObject({
    rate: num({ min: 0, max: 1, default: 0, unit: 'probability/week', doc: 'Share of employees audited per week.', source: 'scenario parameter' }),
    detectionSlope: num({ min: 0, max: 10, default: 1, unit: 'probability', doc: 'Detection probability per unit of waste share (capped at 1).', source: ASSUMPTION, plausible: [0.5, 2], plausibleSource: HALF_TO_TWICE }),
    penalty: num({ min: 0, max: 100, default: 3, unit: 'output units', doc: 'Cost to an employee caught gaming.', source: ASSUMPTION, plausible: [1.5, 6], plausibleSource: HALF_TO_TWICE }),
    costPerAuditUSD: num({ min: 0, max: 1e6, default: 300, unit: 'USD', doc: 'Reviewer time per audit.', source: 'assumption (~2 hours of a reviewer)', plausible: [150, 600], plausibleSource: 'assumption: one to four hours of a reviewer' }),
  }).prefault({}).describe('Audits of usage.'),
  guardrails: z.strictObject({
    autonomy: num({ min: 0, max: 1, default: 0.5, unit: 'share', doc: 'Share of agent actions executed without human approval (busywork agents always run unattended).', source: 'scenario parameter' }),
    approvalTimeCost: num({ min: 0, max: 1, default: 0.04, unit: 'output units/week', doc: 'Output lost to approving every action (scaled by 1 − autonomy).', source: ASSUMPTION, plausible: [0.02, 0.08], plausibleSource: HALF_TO_TWICE }),
    tokensPerAction: num({ min: 1, max: 1e9, default: 50_000, unit: 'tokens', doc: 'Tokens per agent action.', source: ASSUMPTION, plausible: [25_000, 100_000], plausibleSource: HALF_TO_TWICE }),
    unsafeShare: num({ min: 0, max: 1, default: 0.5, unit: 'share', doc: 'Share of unattended actions on risky tasks that are unsafe.', source: 'OpenAgentSafety benchmark 2025 (~0.5, benchmark not field)', plausible: [0.25, 0.75], plausibleSource: 'assumption: ±0.25 around the OpenAgentSafety 2025 benchmark rate (a benchmark, not a field rate)' }),
    incidentProbPerAction: num({ min: 0, max: 1, default: 1e-4, unit: 'probability', doc: 'Probability an unsafe unattended action becomes an incident.', source: 'uncalibrated: scenario parameter (1e-6–1e-3)', plausible: [1e-6, 1e-3], plausibleSource: 'MODEL-BRIEF §7: 1e-6–1e-3, uncalibrated (spans three orders of magnitude: sample it on a log scale)' }),
    severityMedianUSD: num({ min: 0, max: 1e9, default: 500, unit: 'USD', doc: 'Median cost of an incident (log-normal).', source: ASSUMPTION, plausible: [250, 1000], plausibleSource: HALF_TO_TWICE }),
    severitySigma: num({ min: 0, max: 5, default: 1.5, unit: 'log sd', doc: 'Spread of incident cost (heavy tail: a few outages).', source: ASSUMPTION, plausible: [0.75, 3], plausibleSource: HALF_TO_TWICE }),
  }).prefault({}).describe('Agent guardrails and incidents.'),
  economics: z.strictObject({
    pricePerMTokUSD: num({ min: 0, max: 1000, default: 0.75, unit: 'USD/Mtok', doc: 'Blended price per million tokens.', source: 'list prices with ~95% cache reads ($0.5–1.5)', plausible: [0.5, 1.5], plausibleSource: 'MODEL-BRIEF §7: $0.5–1.5 (list prices, share of cache reads)' }),
    valuePerEmployeeWeekUSD: num({ min: 0, max: 1e7, default: 4000, unit: 'USD', doc: 'Value of one unit of output (an employee-week).', source: 'assumption', plausible: [2000, 8000], plausibleSource: 'assumption: half to twice the default (about $100k–$400k a year fully loaded)' }),
  }).prefault({}).describe('Prices and value.'),
};

/** The names of the policy sections, which a schedule entry may change. */
export const POLICY_SECTIONS = Object.keys(policySections) as PolicySection[];
/** The names of every parameter section. */
export const SECTIONS = [...Object.keys(initialSections), ...POLICY_SECTIONS] as (keyof typeof sectionShapes)[];

const sectionShapes = { ...initialSections, ...policySections };

/** Every section with defaults filled in: parse `{}` through it to get the defaults. */
export const parametersSchema = z.strictObject({
  weeks: num({ min: 1, max: 520, default: 52, int: true, expr: false, unit: 'weeks', doc: 'Weeks simulated.', source: 'MODEL-BRIEF §2' }),
  ...sectionShapes,
});

/** A deep-partial copy of a section: what a scenario or a schedule entry may write. */
function patchOf(section: z.ZodPrefault<z.ZodObject>) {
  const shape = (section.unwrap() as z.ZodObject).shape as Record<string, z.ZodDefault>;
  const leaves = Object.fromEntries(
    Object.entries(shape).map(([k, v]) => [k, (v.unwrap() as z.ZodType).optional().describe(`${v.description ?? ''} Default: ${JSON.stringify(v.def.defaultValue)}.`)]),
  );
  return z.strictObject(leaves).optional().describe(section.description ?? '');
}

const policyPatchShape = Object.fromEntries(POLICY_SECTIONS.map((s) => [s, patchOf(policySections[s])]));

const scheduleEntry = z.strictObject({
  week: z.number().int().min(0).max(520).describe('First week (counting from 0) at which the changes apply.'),
  ...policyPatchShape,
}).describe('Policy changes from a given week on.');

/** One scenario as written in a file: every field optional (its type is {@link ScenarioInput}). */
export const scenarioSchema = z.strictObject({
  description: z.string().optional().describe('What the scenario represents and where its numbers come from.'),
  extends: z.string().min(1).optional().describe('Name of a scenario in the same file whose settings this one starts from.'),
  weeks: parametersSchema.shape.weeks.unwrap().optional().describe('Weeks simulated.'),
  ...Object.fromEntries(SECTIONS.map((s) => [s, patchOf(sectionShapes[s])])),
  schedule: z.array(scheduleEntry).optional().describe('Policy changes from given weeks; later entries win.'),
});

/** What a scenario name may be: letters, digits, '.', '_' and '-', starting with a letter or digit. */
export const SCENARIO_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A scenario file. */
export const scenarioFileSchema = z.strictObject({
  $schema: z.string().optional(),
  scenarios: z.record(z.string().regex(SCENARIO_NAME), scenarioSchema).describe('Scenarios by name.'),
});

/** Parameters as written: numbers or expressions, with defaults filled in. */
export type Parameters = z.output<typeof parametersSchema>;
type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
/** The name of a policy section (one a schedule may change). */
export type PolicySection = keyof typeof policySections;
/** A scenario as written in a file. */
export type ScenarioInput = DeepPartial<Parameters> & {
  description?: string;
  extends?: string;
  schedule?: ({ week: number } & DeepPartial<Pick<Parameters, PolicySection>>)[];
};
/** A scenario file as written. */
export interface ScenarioFile {
  $schema?: string;
  scenarios: Record<string, ScenarioInput>;
}

/** Replaces expression-capable numbers (`number | string`) by numbers, keeping enums. */
type Evaluated<T> = { [K in keyof T]: T[K] extends object ? Evaluated<T[K]> : string extends T[K] ? number : T[K] };
/** The parameters in force in one week: every expression evaluated, every schedule applied. */
export type WeekParameters = Evaluated<Parameters>;

/** Every parameter's schema (its default-carrying leaf), in schema order, named as `--set` names it. */
export function parameterLeafSchemas(): { path: string; leaf: z.ZodDefault }[] {
  return Object.entries(parametersSchema.shape as Record<string, z.ZodType>).flatMap(([key, schema]) => {
    if (schema instanceof z.ZodDefault) return [{ path: key, leaf: schema }];
    const section = (schema as z.ZodPrefault).unwrap() as z.ZodObject;
    return Object.entries(section.shape as Record<string, z.ZodDefault>).map(([leafKey, leaf]) => ({ path: `${key}.${leafKey}`, leaf }));
  });
}

/** The number schema of a parameter's leaf (alone or beside the expression string), if it is numeric. */
export function leafNumberSchema(leaf: z.ZodDefault): z.ZodNumber | undefined {
  const inner = leaf.unwrap() as z.ZodType;
  if (inner instanceof z.ZodNumber) return inner;
  if (inner instanceof z.ZodUnion) return (inner.options as z.ZodType[]).find((o): o is z.ZodNumber => o instanceof z.ZodNumber);
  return undefined;
}

/** One uncertain parameter's plausible range, as `tokenmaxx sensitivity` samples it. */
export interface PlausibleRangeRow {
  /** Dotted path as `--set` takes it: `reviews.rewardValue`. */
  path: string;
  /** Lowest plausible value, in the parameter's unit. */
  lo: number;
  /** Highest plausible value, in the parameter's unit. */
  hi: number;
  /** Does the parameter accept integers only? */
  integer: boolean;
  /** Where the range comes from. */
  source: string;
}

/**
 * The plausible range of every parameter that declares one (the uncertain ones), in schema order.
 * Pure: fresh rows on every call.
 *
 * @example plausibleRanges().find((r) => r.path === 'reviews.rewardValue') // { lo: 15, hi: 60, integer: false, … }
 */
export function plausibleRanges(): PlausibleRangeRow[] {
  return parameterLeafSchemas().flatMap(({ path, leaf }) => {
    const p = paramMeta.get(leaf)?.plausible;
    return p ? [{ path, lo: p.lo, hi: p.hi, integer: leafNumberSchema(leaf)?.isInt ?? false, source: p.source }] : [];
  });
}

/** The defaults of every parameter. */
export function defaultParameters(): Parameters {
  return parametersSchema.parse({});
}

/** The JSON Schema of scenario files (draft 2020-12), for editors and `tokenmaxx schema`. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'tokenmaxx scenario file' };
}
