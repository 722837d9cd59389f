/**
 * The evidence split as data: every target and held-out fact names a metric and a scenario that
 * exist, no fact is on both sides, the priors are the schema's plausible ranges, and each held-out
 * check passes and fails on series built by hand exactly where its claim says.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../../src/model/metrics.js';
import { checkSetArguments } from '../../src/scenarios/resolve.js';
import { plausibleRanges } from '../../src/scenarios/schema.js';
import {
  audits,
  CALIBRATED_PATHS,
  calibratedParameters,
  calibrationPrior,
  CALIBRATION_TARGETS,
  deprecation,
  factRuns,
  gamersAtTop,
  HELD_OUT_FACTS,
  leakAtReviews,
  META_TOKENS_PER_EMPLOYEE_WEEK,
  metaScale,
  metaTopUser,
  targetRuns,
  targetSummary,
  windowIn,
  windowMean,
  type RunSeries,
} from '../../src/calibrate/targets.js';
import { priorProblems } from '../../src/calibrate/prior.js';
import { presets } from '../helpers.js';

/** A constant weekly series of `weeks` weeks. */
const flat = (value: number, weeks = 52) => new Float64Array(weeks).fill(value);
/** A series whose week `week` is `value` and every other week `rest`. */
const spike = (week: number, value: number, rest = 0, weeks = 52) => flat(rest, weeks).fill(value, week, week + 1);

describe('the evidence split', () => {
  it('names metrics and scenarios that exist, and settings that are valid', () => {
    for (const t of CALIBRATION_TARGETS) {
      expect(METRIC_NAMES, t.name).toContain(t.metric);
      expect(Object.keys(presets.scenarios), t.name).toContain(t.scenario);
      expect(t.scale, t.name).toBeGreaterThan(0);
      expect(t.weeks[0], t.name).toBeLessThan(t.weeks[1]);
    }
    for (const run of [...targetRuns(CALIBRATION_TARGETS), ...factRuns(HELD_OUT_FACTS)]) {
      expect(Object.keys(presets.scenarios), run.id).toContain(run.scenario);
      expect(checkSetArguments(run.sets.map((s) => `${s.path}=${s.value}`)).problems, run.id).toEqual([]);
    }
  });

  it('keeps every fact on one side: names are unique across the two lists', () => {
    const names = [...CALIBRATION_TARGETS.map((t) => t.name), ...HELD_OUT_FACTS.map((f) => f.name)];
    expect(new Set(names).size).toBe(names.length);
    expect(CALIBRATION_TARGETS.map((t) => t.name)).toEqual(['adoption', 'median-tokens', 'tail', 'adopter-gain', 'pretending']);
    expect(HELD_OUT_FACTS.map((f) => f.name)).toEqual(['meta-scale', 'meta-top-user', 'gamers-at-top', 'deprecation', 'audits', 'leak-at-reviews']);
  });

  it('states the observations as the brief gives them', () => {
    const t = Object.fromEntries(CALIBRATION_TARGETS.map((x) => [x.name, x]));
    expect(t['median-tokens'].observed).toBe(Math.log(32e6));
    expect(t['median-tokens'].transform).toBe('log');
    expect(t.adoption.weeks).toEqual([12, 26]);
    expect(t.pretending.weeks).toEqual([26, 52]);
    expect(META_TOKENS_PER_EMPLOYEE_WEEK).toBeCloseTo(60e12 / 85_000 / (30 / 7), 0);
  });

  it('gives every calibrated parameter a valid prior: its plausible range, on a log scale where it spans 10× or more', () => {
    const params = calibratedParameters();
    expect(params.map((p) => p.path)).toEqual([...CALIBRATED_PATHS]);
    const ranges = new Map(plausibleRanges().map((r) => [r.path, r]));
    for (const p of params) {
      const range = ranges.get(p.path) ?? { lo: 20e6, hi: 50e6 };
      expect([p.lo, p.hi], p.path).toEqual([range.lo, range.hi]);
      expect(p.scale, p.path).toBe(p.lo > 0 && p.hi / p.lo >= 10 ? 'log' : 'linear');
      expect(p.source, p.path).not.toBe('');
    }
    expect(params.filter((p) => p.scale === 'log').map((p) => p.path)).toEqual(['traits.beliefPrior']);
    expect(priorProblems(calibrationPrior())).toEqual([]);
    expect(calibrationPrior(['mandate.pressure', 'traits.beliefPrior']).map((p) => p.path)).toEqual(['traits.beliefPrior', 'mandate.pressure']);
  });
});

describe('docs/CALIBRATION.md', () => {
  it('lists every target, held-out fact and calibrated parameter with its scale', () => {
    const doc = readFileSync(new URL('../../docs/CALIBRATION.md', import.meta.url), 'utf8');
    for (const t of CALIBRATION_TARGETS) expect(doc).toContain(`| \`${t.name}\` | ${t.scenario}, \`${t.metric}\`, ${t.weeks[0]}–${t.weeks[1]} |`);
    for (const f of HELD_OUT_FACTS) expect(doc).toContain(`| \`${f.name}\` |`);
    for (const p of calibratedParameters()) expect(doc).toMatch(new RegExp(`\\| \`${p.path.replace('.', '\\.')}\` \\| [^|]+ \\| ${p.scale} \\|`));
  });
});

describe('windows and summaries', () => {
  it('cuts a window to a shorter run, keeping at least its last week', () => {
    expect(windowIn([12, 26], 52)).toEqual([12, 26]);
    expect(windowIn([26, 52], 38)).toEqual([26, 38]);
    expect(windowIn([26, 52], 8)).toEqual([7, 8]);
    expect(windowMean(Float64Array.of(1, 2, 3, 4), [1, 3])).toBe(2.5);
    expect(windowMean(undefined, [0, 1])).toBeNaN();
  });

  it("averages a target's metric over its weeks, then transforms", () => {
    const median = CALIBRATION_TARGETS.find((t) => t.name === 'median-tokens')!;
    const adoption = CALIBRATION_TARGETS.find((t) => t.name === 'adoption')!;
    const series: RunSeries = { 'amazon-2026': { medianUserTokens: flat(32e6), adoptionRate: spike(12, 0.5, 1) } };
    expect(targetSummary(median, series)).toBeCloseTo(Math.log(32e6), 12);
    expect(targetSummary(adoption, series)).toBeCloseTo((13 * 1 + 0.5) / 14, 12);
    expect(targetSummary(median, {})).toBeNaN();
  });
});

describe('held-out checks on series built by hand', () => {
  const employees = flat(1000);
  it('meta-scale holds within a factor of 2 of Meta’s tokens per employee-week, and only there', () => {
    const at = (factor: number) => metaScale({ 'meta-board': { tokens: flat(factor * META_TOKENS_PER_EMPLOYEE_WEEK * 1000), employees } });
    expect(at(1)).toEqual({ holds: true, measures: [{ name: 'tokensPerEmployeeWeek', value: expect.closeTo(META_TOKENS_PER_EMPLOYEE_WEEK, 0) }] });
    expect(at(0.55).holds).toBe(true);
    expect(at(1.9).holds).toBe(true);
    expect(at(0.45).holds).toBe(false);
    expect(at(2.1).holds).toBe(false);
  });

  it('meta-top-user reads the board run at Meta’s size, and holds within a factor of 2 of 400× the mean', () => {
    const at = (ratio: number, id = 'meta-board (population.employees=85000)') => metaTopUser({ [id]: { tokenMaxOverMean: flat(ratio) } });
    expect(at(400)).toEqual({ holds: true, measures: [{ name: 'topUserOverMean', value: 400 }] });
    expect(at(210).holds).toBe(true);
    expect(at(790).holds).toBe(true);
    expect(at(190).holds).toBe(false);
    expect(at(810).holds).toBe(false);
    expect(at(400, 'meta-board').holds).toBe(false);
  });

  it('gamers-at-top holds only when gamers are over-represented at the top under both boards', () => {
    const board = (top: number, all: number) => ({ topDecileGamingShare: spike(10, 0.9, top), gamingShare: flat(all) });
    expect(gamersAtTop({ 'amazon-2026': board(0.3, 0.15), 'meta-board': board(0.2, 0.1) }).holds).toBe(true);
    // Week 10 is outside weeks 26–52: its spike does not count.
    expect(gamersAtTop({ 'amazon-2026': board(0.3, 0.15), 'meta-board': board(0.1, 0.1) }).holds).toBe(false);
    expect(gamersAtTop({ 'amazon-2026': board(0.1, 0.15), 'meta-board': board(0.2, 0.1) }).holds).toBe(false);
    expect(gamersAtTop({ 'amazon-2026': board(0.3, 0.15) }).holds).toBe(false);
    expect(gamersAtTop({ 'amazon-2026': board(0.3, 0.15), 'meta-board': board(0.2, 0.1) }).measures.map((m) => m.value)).toEqual([expect.closeTo(0.15, 12), expect.closeTo(0.1, 12)]);
  });

  it('deprecation holds when week 37 wastes at most half of week 25', () => {
    const wasted = (w25: number, w37: number) => deprecation({ 'leaderboard-deprecated': { wastedTokens: flat(5).fill(w25, 25, 26).fill(w37, 37, 38) } });
    expect(wasted(100, 40)).toEqual({ holds: true, measures: [{ name: 'wastedWeek37/wastedWeek25', value: 0.4 }] });
    expect(wasted(100, 50).holds).toBe(true);
    expect(wasted(100, 60).holds).toBe(false);
    expect(wasted(0, 0)).toEqual({ holds: true, measures: [{ name: 'wastedWeek37/wastedWeek25', value: 0 }] });
    expect(wasted(0, 1).holds).toBe(false);
    expect(deprecation({}).holds).toBe(false);
  });

  it('audits holds only when gaming stays below 0.02 in every week', () => {
    expect(audits({ audited: { gamingShare: flat(0.019) } }).holds).toBe(true);
    expect(audits({ audited: { gamingShare: spike(3, 0.02, 0.001) } })).toEqual({ holds: false, measures: [{ name: 'maxWeeklyGamingShare', value: 0.02 }] });
    expect(audits({}).holds).toBe(false);
  });

  it('leak-at-reviews holds when beliefs hold with the leak and fall without it', () => {
    const noLeak = 'amazon-2026 (reviews.managerLeak=0)';
    const shifts = (withLeak: number, without: number) => leakAtReviews({ 'amazon-2026': { beliefShiftAtReview: spike(26, withLeak) }, [noLeak]: { beliefShiftAtReview: spike(26, without) } });
    expect(shifts(0.01, -0.01).holds).toBe(true);
    expect(shifts(0, -0.01).holds).toBe(true);
    expect(shifts(-0.01, -0.01).holds).toBe(false);
    expect(shifts(0.01, 0).holds).toBe(false);
    // A shift before week 13 is outside the window.
    expect(leakAtReviews({ 'amazon-2026': { beliefShiftAtReview: spike(26, 0.01) }, [noLeak]: { beliefShiftAtReview: spike(5, -0.01) } }).holds).toBe(false);
    expect(HELD_OUT_FACTS.find((f) => f.name === 'leak-at-reviews')!.runs.map((r) => r.id)).toEqual(['amazon-2026', noLeak]);
  });
});
