/**
 * The evidence split of the model's calibration (docs/CALIBRATION.md, "Targets and held-out facts"):
 * which observed facts the model is calibrated to, which are held out to validate it, and which
 * parameters are calibrated, each with where it comes from. A fact used to tune the model cannot also
 * validate it, so every fact is on exactly one side.
 *
 *   CALIBRATION_TARGETS   summaries the engine matches: a metric of a preset, averaged over weeks
 *   HELD_OUT_FACTS        checks evaluated on posterior draws, never seen by the engine
 *   CALIBRATED_PARAMETERS the prior: each parameter uniform on its plausible range
 *
 * Everything here is data and pure functions of metric series, so that the checks can be tested on
 * series built by hand and the split read in one place.
 */
import { METRIC_INDEX, METRICS, type MetricName } from '../model/metrics.js';
import { plausibleRanges } from '../scenarios/schema.js';
import type { Prior, PriorScale } from './prior.js';

/** How a target's weekly mean is compared: as it is, or as its natural logarithm (for a figure known to a factor). */
export type TargetTransform = 'identity' | 'log';

/** An observed fact the calibration matches: the weekly mean of a metric of a preset, over weeks [from, to). */
export interface CalibrationTarget {
  /** The target's name, as the posterior file and targets.csv give it. */
  name: string;
  /** The preset it is measured on (a scenario of the scenario file). */
  scenario: string;
  metric: MetricName;
  /** Weeks [from, to), counted from 0, whose weekly values are averaged. */
  weeks: readonly [number, number];
  transform: TargetTransform;
  /** The observed value, after the transform. */
  observed: number;
  /** The tolerance it is known to, in the transformed units: one scale is one unit of distance. */
  scale: number;
  source: string;
}

/** A scenario as the calibration runs it: a preset, with settings of its own on top of the particle's values. */
export interface CalibrationRun {
  /** Names the run in series and files: the preset's name, or the preset and its settings. */
  id: string;
  scenario: string;
  /** Settings applied after the particle's values, each a parameter path and its value. */
  sets: readonly { path: string; value: number }[];
}

/** Per run id, per metric: the weekly series (week 0 first), the mean over replicates. */
export type RunSeries = Readonly<Record<string, Readonly<Partial<Record<MetricName, ArrayLike<number>>>>>>;

/** One figure a held-out check measures, in the metric's own units. */
export interface Measure {
  name: string;
  value: number;
}

/** What a held-out check found in one set of series. */
export interface FactOutcome {
  holds: boolean;
  measures: Measure[];
}

/** An observed fact held out of the calibration and checked on posterior draws. */
export interface HeldOutFact {
  name: string;
  /** What must hold, in words. */
  claim: string;
  source: string;
  /** The runs it reads. */
  runs: readonly CalibrationRun[];
  /** Whether it holds in the series (the runs' ids as keys), and what it measured. Pure. */
  check: (series: RunSeries) => FactOutcome;
}

/** A calibrated parameter: its path and its prior, uniform on [lo, hi] (in log on a log scale). */
export interface CalibratedParameter {
  path: string;
  lo: number;
  hi: number;
  scale: PriorScale;
  source: string;
}

/** A held-out fact passes when it holds in at least this share of the posterior draws. */
export const PASS_SHARE = 0.8;
/** Posterior draws a held-out fact is checked on, at most (fewer when there are fewer particles). */
export const VALIDATION_DRAWS = 20;

/** The shortest run the held-out facts can be read from: deprecation compares week 37 with week 25. */
export const MIN_CALIBRATION_WEEKS = 38;

/** Tokens per Meta employee-week: 60 trillion tokens in 30 days over 85,000 users (The Information, April 2026). */
export const META_TOKENS_PER_EMPLOYEE_WEEK = 60e12 / 85_000 / (30 / 7);

/** The facts the calibration matches, in the order of every summary vector. */
export const CALIBRATION_TARGETS: readonly CalibrationTarget[] = [
  {
    name: 'adoption',
    scenario: 'amazon-2026',
    metric: 'adoptionRate',
    weeks: [12, 26],
    transform: 'identity',
    observed: 0.85,
    scale: 0.05,
    source: 'Amazon: the target of more than 80% of developers using AI every week was met (FT, May 2026)',
  },
  {
    name: 'median-tokens',
    scenario: 'amazon-2026',
    metric: 'medianUserTokens',
    weeks: [0, 52],
    transform: 'log',
    observed: Math.log(32e6),
    scale: Math.log(1.3),
    source: 'Jellyfish telemetry 2026: median 32M tokens per developer-week (top adopters ~225M)',
  },
  {
    name: 'tail',
    scenario: 'amazon-2026',
    metric: 'tokenP90P50',
    weeks: [0, 52],
    transform: 'identity',
    observed: 7,
    scale: 1.5,
    source: 'derived from Jellyfish 2026: P90/P50 ≈ 7',
  },
  {
    name: 'adopter-gain',
    scenario: 'baseline',
    metric: 'outputGainPerAdopter',
    weeks: [0, 52],
    transform: 'identity',
    observed: 0.26,
    scale: 0.1,
    source: 'Cui et al., Management Science (4,867 developers): +26% throughput (8% to 77%)',
  },
  {
    name: 'pretending',
    scenario: 'amazon-2026',
    metric: 'gamingShare',
    weeks: [26, 52],
    transform: 'identity',
    observed: 0.16,
    scale: 0.05,
    source: 'Howdy 2025: 16% of employees pretend to use AI',
  },
];

/** A preset run as it is. */
const preset = (scenario: string): CalibrationRun => ({ id: scenario, scenario, sets: [] });
/** Meta's board at Meta's size: its top user against the mean depends on how many users there are. */
const META_AT_SCALE: CalibrationRun = { id: 'meta-board (population.employees=85000)', scenario: 'meta-board', sets: [{ path: 'population.employees', value: 85_000 }] };
/** Meta's reported top user against the mean (The Information, April 2026). */
export const META_TOP_OVER_MEAN = 400;
/** Amazon's setting with managers who give token rank no weight: the counterfactual of fact 5. */
const AMAZON_NO_LEAK: CalibrationRun = { id: 'amazon-2026 (reviews.managerLeak=0)', scenario: 'amazon-2026', sets: [{ path: 'reviews.managerLeak', value: 0 }] };

/**
 * The weeks of [from, to) that a run of `weeks` weeks has: cut at its end, at least its last week.
 * Only a run shorter than the window (a test's) is cut.
 */
export function windowIn(range: readonly [number, number], weeks: number): [number, number] {
  const from = Math.min(range[0], weeks - 1);
  return [from, Math.max(from + 1, Math.min(range[1], weeks))];
}

/** The week `week` of a run of `weeks` weeks, or its last week if the run is shorter. */
export function weekIn(week: number, weeks: number): number {
  return Math.min(week, weeks - 1);
}

/** The mean of a series over weeks [from, to) (cut to the series' length); NaN when the series is missing. */
export function windowMean(series: ArrayLike<number> | undefined, range: readonly [number, number]): number {
  if (!series || series.length === 0) return NaN;
  const [from, to] = windowIn(range, series.length);
  let sum = 0;
  for (let w = from; w < to; w++) sum += series[w];
  return sum / (to - from);
}

/** A value after a target's transform. */
export function transformed(value: number, transform: TargetTransform): number {
  return transform === 'log' ? Math.log(value) : value;
}

/** A value in a target's transformed units back in the metric's own (exp for log). */
export function untransformed(value: number, transform: TargetTransform): number {
  return transform === 'log' ? Math.exp(value) : value;
}

/** A target's summary: the mean of its metric over its weeks in its scenario's series, transformed (NaN if missing). */
export function targetSummary(target: CalibrationTarget, series: RunSeries): number {
  return transformed(windowMean(series[target.scenario]?.[target.metric], target.weeks), target.transform);
}

/** The runs the targets read: each scenario once, in the order the targets first name them. */
export function targetRuns(targets: readonly CalibrationTarget[]): CalibrationRun[] {
  return [...new Set(targets.map((t) => t.scenario))].map(preset);
}

/** The runs the facts read: each run id once, in the order the facts first name them. */
export function factRuns(facts: readonly HeldOutFact[]): CalibrationRun[] {
  const seen = new Map<string, CalibrationRun>();
  for (const f of facts) for (const r of f.runs) if (!seen.has(r.id)) seen.set(r.id, r);
  return [...seen.values()];
}

/** The series of one metric of one run (an empty series when it is missing). */
const at = (series: RunSeries, run: CalibrationRun, metric: MetricName): ArrayLike<number> => series[run.id]?.[metric] ?? [];

/**
 * Meta's board scale: tokens per employee-week under the meta-board preset within a factor of 2 of
 * 60 trillion tokens in 30 days over 85,000 users (≈ 1.65e8).
 */
export function metaScale(series: RunSeries): FactOutcome {
  const run = preset('meta-board');
  const tokens = at(series, run, 'tokens');
  const employees = at(series, run, 'employees');
  const perWeek = Array.from(tokens, (t, w) => (employees[w] > 0 ? t / employees[w] : NaN));
  const value = windowMean(perWeek, [0, 52]);
  return { holds: Math.abs(Math.log(value / META_TOKENS_PER_EMPLOYEE_WEEK)) <= Math.log(2), measures: [{ name: 'tokensPerEmployeeWeek', value }] };
}

/**
 * Meta's top user: under the meta-board preset with Meta's 85,000 employees, the weekly tokens of the
 * top user over the mean per employee (weeks 0–52) within a factor of 2 of the reported ~400×.
 */
export function metaTopUser(series: RunSeries): FactOutcome {
  const value = windowMean(at(series, META_AT_SCALE, 'tokenMaxOverMean'), [0, 52]);
  return { holds: Math.abs(Math.log(value / META_TOP_OVER_MEAN)) <= Math.log(2), measures: [{ name: 'topUserOverMean', value }] };
}

/**
 * Gamers at the top of the board: over weeks 26–52, the share of padders and maxxers in the top
 * token decile exceeds their share of all employees, under amazon-2026 and under meta-board. Each
 * measure is the excess (top-decile share − overall share).
 */
export function gamersAtTop(series: RunSeries): FactOutcome {
  const measures = ['amazon-2026', 'meta-board'].map((scenario) => {
    const run = preset(scenario);
    const excess = windowMean(at(series, run, 'topDecileGamingShare'), [26, 52]) - windowMean(at(series, run, 'gamingShare'), [26, 52]);
    return { name: `topDecileExcess.${scenario}`, value: excess };
  });
  return { holds: measures.every((m) => m.value > 0), measures };
}

/**
 * Deprecating the board cuts the waste (stylized fact 7): under leaderboard-deprecated (the board
 * removed at week 26), wasted tokens in week 37 are at most half those of week 25. The measure is
 * their ratio (0 when neither week wastes anything).
 */
export function deprecation(series: RunSeries): FactOutcome {
  const wasted = at(series, preset('leaderboard-deprecated'), 'wastedTokens');
  if (wasted.length === 0) return { holds: false, measures: [{ name: 'wastedWeek37/wastedWeek25', value: NaN }] };
  const before = wasted[weekIn(25, wasted.length)];
  const after = wasted[weekIn(37, wasted.length)];
  const ratio = before > 0 ? after / before : after > 0 ? Infinity : 0;
  return { holds: after <= 0.5 * before, measures: [{ name: 'wastedWeek37/wastedWeek25', value: ratio }] };
}

/** Audits bite (stylized fact 8): under the audited preset, gaming stays below 2% of employees every week. The measure is its largest weekly value. */
export function audits(series: RunSeries): FactOutcome {
  const gaming = at(series, preset('audited'), 'gamingShare');
  const value = gaming.length > 0 ? Math.max(...Array.from(gaming)) : NaN;
  return { holds: value < 0.02, measures: [{ name: 'maxWeeklyGamingShare', value }] };
}

/**
 * The leak matters at review time (stylized fact 5): over weeks 13–52 the mean change in belief at
 * reviews is ≥ 0 under amazon-2026 (the leak confirms beliefs) and < 0 with reviews.managerLeak 0
 * (reviews reveal that tokens do not count).
 */
export function leakAtReviews(series: RunSeries): FactOutcome {
  const withLeak = windowMean(at(series, preset('amazon-2026'), 'beliefShiftAtReview'), [13, 52]);
  const noLeak = windowMean(at(series, AMAZON_NO_LEAK, 'beliefShiftAtReview'), [13, 52]);
  return {
    holds: withLeak >= 0 && noLeak < 0,
    measures: [
      { name: 'beliefShiftAtReview.amazon-2026', value: withLeak },
      { name: 'beliefShiftAtReview.noLeak', value: noLeak },
    ],
  };
}

/** The facts held out of the calibration, checked on posterior draws. */
export const HELD_OUT_FACTS: readonly HeldOutFact[] = [
  {
    name: 'meta-scale',
    claim: 'meta-board tokens per employee-week within a factor of 2 of 1.65e8',
    source: "Meta's board: ~60 trillion tokens in 30 days over 85,000+ users (The Information, April 2026)",
    runs: [preset('meta-board')],
    check: metaScale,
  },
  {
    name: 'meta-top-user',
    claim: "meta-board at 85,000 employees: the top user's weekly tokens within a factor of 2 of 400× the mean",
    source: "Meta's board: its top user at ~400× the mean (The Information, April 2026)",
    runs: [META_AT_SCALE],
    check: metaTopUser,
  },
  {
    name: 'gamers-at-top',
    claim: 'weeks 26-52: top-decile gaming share > gaming share, under amazon-2026 and meta-board',
    source: 'agents left running for hours to climb the board (The Information, April 2026)',
    runs: [preset('amazon-2026'), preset('meta-board')],
    check: gamersAtTop,
  },
  {
    name: 'deprecation',
    claim: 'leaderboard-deprecated: wasted tokens in week 37 at most half those of week 25',
    source: 'stylized fact 7: Amazon deprecated its board, Meta took its board down',
    runs: [preset('leaderboard-deprecated')],
    check: deprecation,
  },
  {
    name: 'audits',
    claim: 'audited: gaming share below 0.02 every week',
    source: 'stylized fact 8: a meaningful audit rate drives gaming close to zero',
    runs: [preset('audited')],
    check: audits,
  },
  {
    name: 'leak-at-reviews',
    claim: 'weeks 13-52: mean belief shift at reviews >= 0 under amazon-2026, < 0 with reviews.managerLeak=0',
    source: 'stylized fact 5: with no leak beliefs fall at reviews; with a leak they do not',
    runs: [preset('amazon-2026'), AMAZON_NO_LEAK],
    check: leakAtReviews,
  },
];

/** The calibrated parameters' paths, in prior order. */
export const CALIBRATED_PATHS = [
  'traits.integrityMedian',
  'traits.integritySpread',
  'traits.beliefPrior',
  'traits.initialAdoption',
  'traits.tokenScaleSigma',
  'tokens.medianPerWeek',
  'tokens.busyworkAgentHours',
  'managers.attention',
  'managers.mentionBoost',
  'beliefs.decay',
  'reviews.rewardValue',
  'reviews.lowRatingCost',
  'decisions.conformity',
  'decisions.revision',
  'decisions.temperature',
  'productivity.maxGain',
  'productivity.gainOffset',
  'learning.experimentRate',
  'mandate.pressure',
  'mandate.pressureAtTarget',
] as const;

/**
 * Priors of calibrated parameters that the scenario schema gives no plausible range. The schema's
 * ranges are also the default design of `tokenmaxx sensitivity` and a column of docs/ODD.md's
 * parameter table, so a range chosen for calibration alone is kept here.
 */
const OWN_PRIORS: Readonly<Record<string, { lo: number; hi: number; source: string }>> = {
  'tokens.medianPerWeek': { lo: 20e6, hi: 50e6, source: 'Jellyfish telemetry 2026: median 32M tokens per developer-week, top adopters ~225M; the range is an assumption around the median' },
};

/** A range spanning at least this ratio (hi / lo, lo > 0) gets a log-scale prior. */
const LOG_SCALE_RATIO = 10;

/** The calibrated parameters with their priors: the schema's plausible range, on a log scale where it spans ≥ 10×. */
export function calibratedParameters(): CalibratedParameter[] {
  const ranges = new Map(plausibleRanges().map((r) => [r.path, r]));
  return CALIBRATED_PATHS.map((path) => {
    const range = OWN_PRIORS[path] ?? ranges.get(path);
    if (!range) throw new Error(`calibratedParameters: ${path} has no plausible range`);
    const scale: PriorScale = range.lo > 0 && range.hi / range.lo >= LOG_SCALE_RATIO ? 'log' : 'linear';
    return { path, lo: range.lo, hi: range.hi, scale, source: range.source };
  });
}

/** The prior of the calibrated parameters `paths` (default all), in the order of CALIBRATED_PATHS. */
export function calibrationPrior(paths: readonly string[] = CALIBRATED_PATHS): Prior {
  return calibratedParameters()
    .filter((p) => paths.includes(p.path))
    .map(({ path, lo, hi, scale }) => ({ path, lo, hi, scale }));
}

/** The engine's view of the targets: name, observed value, scale. */
export function engineTargets(targets: readonly CalibrationTarget[] = CALIBRATION_TARGETS): { name: string; observed: number; scale: number }[] {
  return targets.map((t) => ({ name: t.name, observed: t.observed, scale: t.scale }));
}

/**
 * The series of every metric of a run's values (laid out as a replicate's: week by week, each week
 * every metric in METRICS order), as RunSeries holds them.
 */
export function metricSeries(values: Float64Array, weeks: number): Record<MetricName, Float64Array> {
  const width = METRICS.length;
  const out = {} as Record<MetricName, Float64Array>;
  for (const m of METRICS) {
    const series = new Float64Array(weeks);
    const k = METRIC_INDEX[m.name];
    for (let w = 0; w < weeks; w++) series[w] = values[w * width + k];
    out[m.name] = series;
  }
  return out;
}
