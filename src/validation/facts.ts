/**
 * The stylized facts of the model brief (§8), each stated once: the scenarios it needs and a pure
 * check of their weekly metrics (means over replicates) that returns what it measured, what it
 * expected and whether it holds. The suite (test/model/stylized.test.ts) and `npm run validate-model`
 * run these same definitions, at two scales; only fact 5's review windows differ between the scales,
 * through a {@link Tolerance} (docs/VALIDATION.md says why).
 *
 * The facts read a 52-week year (week numbers from 0: the review weeks 25 and 51, the board's
 * change at week 26).
 */
import { Claims, type FactCheck } from './claims.js';
import { shipped, variant, type ScenarioNeed } from './scenarios.js';
import type { Series } from './series.js';

/** How closely fact 5 is read, which depends on how many employee-replicates a scale averages. */
export interface Tolerance {
  /** Name of the setting, printed with the results. */
  name: string;
  /** Width of the windows over which the mean belief shift at review is read, weeks. */
  reviewWindowWeeks: number;
  /** First week of the first window; windows follow one another to the end of the year. */
  firstReviewWeek: number;
  /** Without a leak, the mean shift at review in every window stays below this (belief weight). */
  noLeakShiftBelow: number;
  /** With the leak, the mean shift at review in every window stays at or above this (belief weight). */
  leakShiftAtLeast: number;
}

/**
 * The suite's scale (5,000 employees × 8 replicates): quarterly windows after the first quarter,
 * with a margin of 0.01 below zero without the leak and none with it.
 */
export const SUITE_TOLERANCE: Tolerance = { name: 'quarterly', reviewWindowWeeks: 13, firstReviewWeek: 13, noLeakShiftBelow: -0.01, leakShiftAtLeast: 0 };

/**
 * The brief's scale (10,000 employees × 20 replicates): the fact at every review, read in each of the
 * eleven 4-week windows from week 8 on. A window's mean is noisier than a quarter's: its standard
 * error over replicates was at most 0.0029 at that scale (amazon-2026 and its no-leak variant), so
 * the leak's windows may dip to three of those below zero, 0.009 (the no-leak windows sit 9 or more
 * standard errors below zero and need no margin). At 5,000 × 8 the same error reaches 0.007, which is
 * why the suite keeps the quarterly reading (docs/VALIDATION.md).
 */
export const BRIEF_TOLERANCE: Tolerance = { name: '4-weekly', reviewWindowWeeks: 4, firstReviewWeek: 8, noLeakShiftBelow: 0, leakShiftAtLeast: -0.009 };

/** A stylized fact: the scenarios it reads, by the names its check uses, and the check. */
export interface Fact {
  /** The brief's number ('1'…'8'; '5b' for the review calendar). */
  id: string;
  title: string;
  scenarios: Readonly<Record<string, ScenarioNeed>>;
  /** Pure: the verdict on the series of `scenarios`. */
  check(series: Series, tolerance: Tolerance): FactCheck;
}

const AMAZON = 'amazon-2026';
const amazon = { [AMAZON]: shipped(AMAZON) };
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
/** Share of employees padding or maxxing, mean over replicates. */
const gaming = (s: Series, scenario: string, week: number) => s.mean(scenario, 'sharePadding', week) + s.mean(scenario, 'shareMaxxing', week);
const max = (xs: number[]) => Math.max(...xs);
const min = (xs: number[]) => Math.min(...xs);

/** Every stylized fact, in the brief's order. */
export const FACTS: readonly Fact[] = [
  {
    id: '1',
    title: 'target met, modest gains: adoption passes 0.80 within 12 weeks; gain per adopter stays in 0.1–0.35',
    scenarios: amazon,
    check: (s) => {
      const reached = range(0, s.weeks).findIndex((w) => s.mean(AMAZON, 'adoptionRate', w) >= 0.8);
      const perAdopter = range(11, s.weeks).map((w) => s.mean(AMAZON, 'outputGain', w) / s.mean(AMAZON, 'adoptionRate', w));
      return new Claims()
        .claim('weeks to adoption 0.80', reached < 0 ? Infinity : reached + 1, '≤', 12)
        .claim('min gain per adopter, weeks 11–51', min(perAdopter), '≥', 0.1)
        .claim('max gain per adopter, weeks 11–51', max(perAdopter), '≤', 0.35)
        .result();
    },
  },
  {
    id: '2',
    title: 'gaming needs perceived stakes: under 5% without them, 10–35% under amazon-2026, spreading in an S-shape',
    scenarios: { baseline: shipped('baseline'), 'mandate-only': shipped('mandate-only'), 'private-dashboard': shipped('private-dashboard'), ...amazon },
    check: (s) => {
      const c = new Claims();
      for (const name of ['baseline', 'mandate-only', 'private-dashboard']) c.claim(`max gaming, ${name}`, max(range(0, s.weeks).map((w) => gaming(s, name, w))), '<', 0.05);
      // S-shape: starts near zero and spreads (does not jump), grows fastest in the middle of the year
      // (not at the start), and levels off at the end.
      const rise8 = (w: number) => gaming(s, AMAZON, w + 8) - gaming(s, AMAZON, w);
      const steepest = range(0, 44).reduce((best, w) => (rise8(w) > rise8(best) ? w : best), 0);
      return c
        .between('gaming week 51', gaming(s, AMAZON, 51), 0.1, 0.35)
        .claim('gaming week 0', gaming(s, AMAZON, 0), '<', 0.02)
        .between('steepest 8-week rise from week', steepest, 4, 36)
        // Early convexity: the first eight weeks rise clearly less than the steepest eight.
        .claim('rise weeks 0–8 ÷ steepest rise', rise8(0) / rise8(steepest), '<', 0.85)
        .claim('rise weeks 43–51 ÷ steepest rise', rise8(43) / rise8(steepest), '<', 0.5)
        .result();
    },
  },
  {
    id: '3',
    title: 'tokens outrun output: the top token decile uses ≥ 7× the median tokens for ≤ 2.5× the output; gamers crowd the top',
    scenarios: amazon,
    check: (s) =>
      new Claims()
        .claim('top-decile gaming share ÷ gaming share, week 51', s.mean(AMAZON, 'topDecileGamingShare', 51) / gaming(s, AMAZON, 51), '>', 1.2)
        .claim('top-decile token ratio', s.meanOver(AMAZON, 'topDecileTokenRatio', 0, s.weeks), '≥', 7)
        .claim('top-decile output ratio', s.meanOver(AMAZON, 'topDecileOutputRatio', 0, s.weeks), '≤', 2.5)
        .result(),
  },
  {
    id: '4',
    title: 'spend up, efficiency down: amazon-2026 buys more compute than mandate-only, with lower output per Mtok and no more output',
    scenarios: { ...amazon, 'mandate-only': shipped('mandate-only') },
    check: (s) => {
      const ratio = (metric: 'computeSpendUSD' | 'outputPerMTok' | 'output') => s.meanOver(AMAZON, metric, 0, s.weeks) / s.meanOver('mandate-only', metric, 0, s.weeks);
      return new Claims()
        .claim('spend ÷ mandate-only', ratio('computeSpendUSD'), '>', 1.05)
        .claim('output per Mtok ÷ mandate-only', ratio('outputPerMTok'), '<', 1)
        .claim('output ÷ mandate-only', ratio('output'), '≤', 1)
        .result();
    },
  },
  {
    id: '5',
    title: 'the leak matters at review time: without it beliefs drop at the reviews, all through the year; with it they do not, and gaming persists',
    scenarios: { 'amazon-no-leak': variant(AMAZON, { reviews: { managerLeak: 0 } }), ...amazon },
    check: (s, t) => {
      // Teams are reviewed on staggered dates, so some team is reviewed nearly every week: the mean
      // change in belief at a review over each window is the fact at the reviews of that window.
      const windows = range(0, Math.floor((s.weeks - t.firstReviewWeek) / t.reviewWindowWeeks)).map((k) => t.firstReviewWeek + k * t.reviewWindowWeeks);
      const shifts = (name: string) => windows.map((from) => s.meanOver(name, 'beliefShiftAtReview', from, from + t.reviewWindowWeeks));
      const label = `${t.reviewWindowWeeks}-week windows from week ${t.firstReviewWeek}`;
      return new Claims()
        .claim(`no-leak highest shift at review, ${label}`, max(shifts('amazon-no-leak')), '<', t.noLeakShiftBelow)
        .claim(`leak lowest shift at review, ${label}`, min(shifts(AMAZON)), '≥', t.leakShiftAtLeast)
        .claim('gaming week 51, leak ÷ no leak', gaming(s, AMAZON, 51) / gaming(s, 'amazon-no-leak', 51), '>', 1.3)
        .claim('gaming week 51 − week 25, leak', gaming(s, AMAZON, 51) - gaming(s, AMAZON, 25), '≥', 0)
        .result();
    },
  },
  {
    id: '5b',
    title: 'with one org-wide review week the fact holds at each review, and no fact needs it: the default calendar has no step',
    scenarios: {
      'org-wide-no-leak': variant(AMAZON, { reviews: { calendar: 'org-wide', managerLeak: 0 } }),
      'org-wide-leak': variant(AMAZON, { reviews: { calendar: 'org-wide', managerLeak: 0.4 } }),
      ...amazon,
    },
    check: (s) => {
      const c = new Claims();
      const change = (name: string, w: number) => s.mean(name, 'meanBelief', w) - s.mean(name, 'meanBelief', w - 1);
      for (const review of [25, 51]) {
        c.claim(`org-wide no-leak belief change, week ${review}`, change('org-wide-no-leak', review), '<', -0.01);
        c.claim(`org-wide leak belief change, week ${review}`, change('org-wide-leak', review), '≥', 0);
      }
      // Staggered (the default): no week moves beliefs or gaming by more than a few times a typical week.
      for (const name of ['meanBelief', 'gamingShare'] as const) {
        const steps = range(1, s.weeks).map((w) => Math.abs(s.mean(AMAZON, name, w) - s.mean(AMAZON, name, w - 1)));
        const typical = [...steps].sort((a, b) => a - b)[Math.floor(steps.length / 2)];
        c.claim(`largest weekly step of ${name} from week 5`, max(steps.slice(4)), '<', 5 * typical + 0.005, '5 × median step + 0.005');
      }
      return c.result();
    },
  },
  {
    id: '6',
    title: 'incidents follow actions: more incidents per unit of output under gaming presets; lower autonomy cuts them',
    scenarios: { ...amazon, 'mandate-only': shipped('mandate-only'), 'tokens-in-reviews': shipped('tokens-in-reviews'), guardrails: shipped('guardrails') },
    check: (s) => {
      const perOutput = (name: string) => s.meanOver(name, 'incidents', 0, s.weeks) / s.meanOver(name, 'output', 0, s.weeks);
      return new Claims()
        .claim('incidents per output, amazon-2026 ÷ mandate-only', perOutput(AMAZON) / perOutput('mandate-only'), '>', 1.1)
        .claim('incidents per output, tokens-in-reviews ÷ amazon-2026', perOutput('tokens-in-reviews') / perOutput(AMAZON), '>', 1)
        .claim('incidents per output, guardrails ÷ amazon-2026', perOutput('guardrails') / perOutput(AMAZON), '<', 0.8)
        .result();
    },
  },
  {
    id: '7',
    title: 'changing the metric reverses the drift: removing the board, or switching it to output, at week 26 halves wasted tokens within 12 weeks',
    scenarios: {
      'leaderboard-deprecated': shipped('leaderboard-deprecated'),
      'switched-to-output': variant(AMAZON, { schedule: [{ week: 26, leaderboard: { metric: 'output' } }] }),
    },
    check: (s) => {
      const c = new Claims();
      for (const name of ['leaderboard-deprecated', 'switched-to-output']) {
        c.claim(`wasted tokens week 37 ÷ week 25, ${name}`, s.mean(name, 'wastedTokens', 37) / s.mean(name, 'wastedTokens', 25), '≤', 0.5);
      }
      return c.result();
    },
  },
  {
    id: '8',
    title: 'audits bite: gaming close to zero, at a cost small against the compute it saves',
    scenarios: { audited: shipped('audited'), ...amazon },
    check: (s) => {
      const { audits, population } = s.parameters('audited', 0);
      const auditCostUSD = audits.rate * audits.costPerAuditUSD * population.employees; // per week
      const spendSavedUSD = s.meanOver(AMAZON, 'computeSpendUSD', 0, s.weeks) - s.meanOver('audited', 'computeSpendUSD', 0, s.weeks);
      return new Claims()
        .claim('max gaming, audited', max(range(0, s.weeks).map((w) => gaming(s, 'audited', w))), '<', 0.02)
        .claim('compute spend saved ÷ audit cost', spendSavedUSD / auditCostUSD, '>', 1)
        .claim('net value per week, audited − amazon-2026 (USD)', s.meanOver('audited', 'netValueUSD', 0, s.weeks) - s.meanOver(AMAZON, 'netValueUSD', 0, s.weeks), '>', 0)
        .result();
    },
  },
];
